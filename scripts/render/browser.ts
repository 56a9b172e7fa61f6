// The one Chromium of a process: found once, started early (render/chromium.ts), connected lazily,
// pages always closed, disposed at the end.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Browser, type CDPSession, type Page, type Protocol } from 'puppeteer-core';
import { EstradeError } from '../errors.ts';
import { chromium, installedBrowser, releaseChromium, SYSTEM_BROWSERS } from './chromium.ts';

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
    const mine = (async () => {
      const { transport, failure } = chromium(() => findBrowser());
      const connected = connect({ transport, defaultViewport: { width: 800, height: 600 } });
      return Promise.race([connected, failure]);
    })();
    launching = mine;
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

/** Opens pages ahead of need: a new page starts a renderer process, which takes a while. */
export function preparePages(count: number): void {
  for (let i = 0; i < count; i++) {
    const page = browser().then((b) => b.newPage());
    page.catch(() => undefined);
    spares.push(page);
  }
}

/** Hands an open page over to the next withPage(), which closes it when done. */
export function lendPage(page: Promise<Page>): void {
  spares.unshift(page);
}

export async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await (spares.shift() ?? (await browser()).newPage());
  try {
    return await fn(page);
  } finally {
    await page.close().catch(() => undefined);
  }
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
 *  the file and waits for fonts again, and each waits its turn while the build's JavaScript runs. */
export async function printPdf(page: Page, request: Omit<Protocol.Page.PrintToPDFRequest, 'transferMode'>): Promise<Uint8Array> {
  let session = sessions.get(page);
  if (!session) sessions.set(page, (session = page.createCDPSession()));
  const { data } = await (await session).send('Page.printToPDF', { ...request, transferMode: 'ReturnAsBase64' });
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
