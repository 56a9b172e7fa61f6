// The one Chromium of a process: found once, started early (render/chromium.ts), spoken to over its
// pipe (render/devtools.ts), pages always closed, disposed at the end.
import type { Protocol } from 'puppeteer-core';
import { EstradeError } from '../errors.ts';
import { cachedBrowsers, puppeteerCache } from './browsers.ts';
import { chromium, installedBrowser, releaseChromium, SYSTEM_BROWSERS, type Chromium } from './chromium.ts';
import type { DevTools, Tab, Viewport } from './devtools.ts';

/** CHROME_PATH, then PUPPETEER_EXECUTABLE_PATH, then a system browser, then one in Puppeteer's cache. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, systemBrowsers = SYSTEM_BROWSERS, cached: () => string[] = () => cachedBrowsers(puppeteerCache(env))): string {
  const { path, tried } = installedBrowser(env, systemBrowsers);
  if (path) return path;
  const [downloaded] = cached();
  if (downloaded) return downloaded;
  const named = tried.filter((t) => t === env.CHROME_PATH || t === env.PUPPETEER_EXECUTABLE_PATH);
  throw new EstradeError(
    `no Chrome or Chromium found (${[...named, 'the usual places', `Puppeteer's cache ${puppeteerCache(env)}`].join(', ')}) — run \`npx estrade browser install\`, install Chrome or Chromium, or set CHROME_PATH to its executable`,
  );
}

let launching: Promise<DevTools> | undefined;

/** The connection to the one Chromium of the process, started if none runs. */
export function browser(): Promise<DevTools> {
  if (!launching) {
    let started: Chromium | undefined;
    let mine: Promise<DevTools>;
    try {
      const { devtools, failure, tabs } = (started = chromium(() => findBrowser()));
      mine = Promise.race([tabs.open.then(() => devtools), failure]);
    } catch (e) {
      mine = Promise.reject(e);
    }
    launching = mine;
    // The tabs Chromium opened at its start are the first pages handed out, each on its own: the
    // measuring page need not wait for the others to be set up.
    const open = mine.then((b) => b.openTabs());
    open.catch(() => undefined);
    spares = Array.from({ length: started?.tabs.count ?? 0 }, (_, i) =>
      spare(open.then(async (tabs) => {
        const tab = tabs[i];
        return tab ? warmedUp(tab) : (await mine).newTab();
      })),
    );
    // A Chromium that crashed or was killed is forgotten: the next call starts a new one (estrade dev
    // keeps running through it). One that never started stays a failure: the build reports it once.
    mine.then((b) => b.onDisconnected(() => {
      if (launching !== mine) return;
      launching = undefined;
      spares = [];
      void releaseChromium()?.stop();
    }), () => undefined);
  }
  return launching;
}

/** Chromium quit under Estrade (a crash, a kill): the work can be tried again on a new one. */
export const browserLost = (e: unknown) => /Target closed|Session closed|Connection closed|Protocol error.*(closed|detached)|Navigating frame was detached|Chromium at .* quit/i.test(String((e as Error)?.message ?? e));

let spares: Promise<Tab>[] = [];

/** A first tab once its warm-up page has loaded: content set before that would be navigated away. */
async function warmedUp(tab: Tab): Promise<Tab> {
  // Polled: a tab in the background gets no animation frames. A script sent while the tab is still
  // navigating may find no document to run in: not loaded yet. A tab that closed meanwhile is handed
  // out all the same, and its first use reports why.
  const ready = Date.now() + 10_000;
  while (Date.now() < ready && !tab.isClosed()) {
    if (await tab.evaluate<boolean>("location.protocol === 'data:' && document.readyState === 'complete'").catch(() => false)) break;
    await new Promise((wait) => setTimeout(wait, 10));
  }
  return tab;
}

function spare(tab: Promise<Tab>): Promise<Tab> {
  tab.catch(() => undefined);
  return tab;
}

/** Opens pages ahead of need, up to `count` unused ones: a new page starts a renderer process, which takes a while. */
export function preparePages(count: number): void {
  const b = browser();
  while (spares.length < count) spares.push(spare(b.then((b) => b.newTab())));
}

/** Hands an open page over to the next withPage(), which closes it when done. */
export function lendPage(tab: Promise<Tab>): void {
  spares.unshift(tab);
}

/** An open page of the one Chromium, opened ahead of need if one was; the caller closes it. */
export function takePage(): Promise<Tab> {
  const b = browser();
  return spares.shift() ?? b.then((b) => b.newTab());
}

export async function withPage<T>(fn: (tab: Tab) => Promise<T>): Promise<T> {
  const tab = await takePage();
  try {
    return await fn(tab);
  } finally {
    await tab.close();
  }
}

/** Readies a page for screenshots at a viewport: a tab in the background (Chromium's first tabs
 *  are, but one) draws nothing until it comes to the front, and a screenshot would wait for it. */
export async function forPictures(tab: Tab, viewport: Viewport): Promise<void> {
  await tab.bringToFront();
  await tab.setViewport(viewport);
}

/** Opens every <details> of the page. */
const OPEN_DETAILS = "document.querySelectorAll('details').forEach((d) => { d.open = true; })";

/** Loads an HTML document into a page and waits for its fonts: what every print and picture needs.
 *  `then`, a script run once it is ready, gives the value returned. All in one round trip: while
 *  the build's JavaScript runs (marp-cli, pdf-lib), each answer of Chromium waits its turn. */
export async function showHtml<T = unknown>(tab: Tab, html: string, then = '0'): Promise<T> {
  // Paper cannot be clicked: <details> (a solution, a hint) print opened.
  return tab.setContent<T>(html, `(async () => { ${OPEN_DETAILS}; await document.fonts.ready; return (${then}); })()`);
}

/** Chromium's Page.printToPDF in one round trip (Puppeteer's page.pdf() takes seven, as it streams
 *  the file and waits for fonts again). Without a structure tree or an outline unless asked: what
 *  Chromium prints is a layer of the PDFs pdf-lib writes (export/assemble.ts); the bookmarks are
 *  written there, the tags copied there (export/tags.ts) from the prints that have content to read. */
export async function printPdf(tab: Tab, request: Omit<Protocol.Page.PrintToPDFRequest, 'transferMode'>): Promise<Uint8Array> {
  const { data } = await tab.send<{ data: string }>('Page.printToPDF', { generateTaggedPDF: false, generateDocumentOutline: false, ...request, transferMode: 'ReturnAsBase64' });
  return Buffer.from(data, 'base64');
}

/** Stops the process's Chromium, if one runs. */
export async function disposeBrowser(): Promise<void> {
  launching = undefined;
  spares = [];
  await releaseChromium()?.stop();
}
