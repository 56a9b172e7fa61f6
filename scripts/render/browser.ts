// The one Chromium of a process: found once, started early (render/chromium.ts), connected lazily,
// pages always closed, disposed at the end.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Browser, type CDPSession, type Page, type Protocol } from 'puppeteer-core';
import { EstradeError } from '../errors.ts';
import { chromium, installedBrowser, releaseChromium, SYSTEM_BROWSERS, type Chromium } from './chromium.ts';

// Puppeteer downloads its headless shell and Chrome when no system browser exists (.puppeteerrc.cjs);
// the full package, which knows where, is loaded only then: puppeteer-core is enough to connect.
const downloaded = () => createRequire(import.meta.url)('puppeteer').default as { executablePath(options?: { headless: 'shell' }): string };
const PUPPETEER_BROWSERS = [() => downloaded().executablePath({ headless: 'shell' }), () => downloaded().executablePath()];

/** CHROME_PATH, then PUPPETEER_EXECUTABLE_PATH, then a system browser, then Puppeteer's own. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, systemBrowsers = SYSTEM_BROWSERS, bundled = PUPPETEER_BROWSERS): string {
  const { path, tried } = installedBrowser(env, systemBrowsers);
  if (path) return path;
  for (const candidate of bundled) {
    try {
      const downloaded = candidate();
      if (existsSync(downloaded)) return downloaded;
      tried.push(downloaded);
    } catch {
      tried.push("Puppeteer's downloaded browser");
    }
  }
  throw new EstradeError(
    `no Chrome or Chromium found (tried ${tried.join(', ')}) — install one (Debian: apt-get install chromium-headless-shell) or set CHROME_PATH to its executable`,
  );
}

let launching: Promise<Browser> | undefined;

export function browser(): Promise<Browser> {
  if (!launching) {
    let started: Chromium | undefined;
    let mine: Promise<Browser>;
    try {
      const { transport, failure, tabs } = (started = chromium(() => findBrowser()));
      mine = tabs.open.then(() => Promise.race([connect({ transport, defaultViewport: { width: 800, height: 600 } }), failure]));
    } catch (e) {
      mine = Promise.reject(e);
    }
    launching = mine;
    // The tabs Chromium opened at its start are the first pages handed out.
    // Each on its own: the measuring page need not wait for the others to be set up.
    const open = mine.then((b) => b.targets().filter((t) => t.type() === 'page'));
    open.catch(() => undefined);
    spares = Array.from({ length: started?.tabs.count ?? 0 }, (_, i) =>
      spare(open.then(async (tabs) => {
        const page = await tabs[i]?.page();
        return page ? warmedUp(page) : (await mine).newPage();
      })),
    );
    // A Chromium that crashed or was killed is forgotten: the next call starts a new one (estrade dev
    // keeps running through it). One that never started stays a failure: the build reports it once.
    mine.then((b) => b.once('disconnected', () => {
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

let spares: Promise<Page>[] = [];

/** A first tab once its warm-up page has loaded: content set before that would be navigated away. */
async function warmedUp(page: Page): Promise<Page> {
  // Polled: a tab in the background gets no animation frames.
  await page.waitForFunction("location.protocol === 'data:' && document.readyState === 'complete'", { polling: 10, timeout: 10_000 }).catch(() => undefined);
  return page;
}

function spare(page: Promise<Page>): Promise<Page> {
  page.catch(() => undefined);
  return page;
}

/** Opens pages ahead of need, up to `count` unused ones: a new page starts a renderer process, which takes a while. */
export function preparePages(count: number): void {
  const b = browser();
  while (spares.length < count) spares.push(spare(b.then((b) => b.newPage())));
}

/** Hands an open page over to the next withPage(), which closes it when done. */
export function lendPage(page: Promise<Page>): void {
  spares.unshift(page);
}

/** An open page of the one Chromium, opened ahead of need if one was; the caller closes it. */
export function takePage(): Promise<Page> {
  const b = browser();
  return spares.shift() ?? b.then((b) => b.newPage());
}

export async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await takePage();
  try {
    return await fn(page);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Readies a page for screenshots at a viewport: a tab in the background (Chromium's first tabs
 *  are, but one) draws nothing until it comes to the front, and a screenshot would wait for it. */
export async function forPictures(page: Page, viewport: { width: number; height: number; deviceScaleFactor?: number }): Promise<void> {
  await page.bringToFront();
  await page.setViewport(viewport);
}

/** Opens every <details> of the page. */
const OPEN_DETAILS = "document.querySelectorAll('details').forEach((d) => { d.open = true; })";

/** Loads an HTML document into a page and waits for its fonts: what every print and picture needs. */
export async function showHtml(page: Page, html: string): Promise<void> {
  await page.setContent(html, { waitUntil: 'load' });
  // Paper cannot be clicked: <details> (a solution, a hint) print opened.
  await page.evaluate(`${OPEN_DETAILS}; document.fonts.ready`);
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/** Chromium's Page.printToPDF in one round trip; Puppeteer's page.pdf() takes seven, as it streams
 *  the file and waits for fonts again, and each waits its turn while the build's JavaScript runs.
 *  Without a structure tree or an outline: what Chromium prints is a layer that pdf-lib puts into
 *  the PDFs it writes (export/assemble.ts), which keeps pages, not the document's structure; the
 *  bookmarks are written there. Both took a third of a print's time and half of its bytes. */
export async function printPdf(page: Page, request: Omit<Protocol.Page.PrintToPDFRequest, 'transferMode'>): Promise<Uint8Array> {
  let session = sessions.get(page);
  if (!session) sessions.set(page, (session = page.createCDPSession()));
  const { data } = await (await session).send('Page.printToPDF', { generateTaggedPDF: false, generateDocumentOutline: false, ...request, transferMode: 'ReturnAsBase64' });
  return Buffer.from(data, 'base64');
}

export async function disposeBrowser(): Promise<void> {
  const pending = launching;
  launching = undefined;
  spares = [];
  const running = releaseChromium();
  await (await pending?.catch(() => undefined))?.disconnect().catch(() => undefined);
  await running?.stop();
}
