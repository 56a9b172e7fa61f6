// The one Chromium of a process: found once, launched lazily, pages always closed, disposed at the end.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { EstradeError } from '../errors.ts';

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** CHROME_PATH, then PUPPETEER_EXECUTABLE_PATH, then a system browser, then Puppeteer's own. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, systemBrowsers = SYSTEM_BROWSERS, bundled = () => puppeteer.executablePath()): string {
  const tried: string[] = [];
  for (const candidate of [env.CHROME_PATH, env.PUPPETEER_EXECUTABLE_PATH, ...systemBrowsers]) {
    if (!candidate) continue;
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
  }
  try {
    const downloaded = bundled();
    if (existsSync(downloaded)) return downloaded;
    tried.push(downloaded);
  } catch {
    tried.push("Puppeteer's downloaded browser");
  }
  throw new EstradeError(
    `no Chrome or Chromium found (tried ${tried.join(', ')}) — install one (Debian: apt-get install chromium) or set CHROME_PATH to its executable`,
  );
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--font-render-hinting=none',
];

let launching: Promise<Browser> | undefined;

export function browser(): Promise<Browser> {
  launching ??= (async () => puppeteer.launch({ executablePath: findBrowser(), headless: true, args: FLAGS }))();
  return launching;
}

/** Starts Chromium now, so it is ready when the first slide needs measuring; errors surface there. */
export function warmUpBrowser(): void {
  browser().catch(() => undefined);
}

export async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await (await browser()).newPage();
  try {
    return await fn(page);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Loads an HTML document into a page and waits for its fonts: what every print and picture needs. */
export async function showHtml(page: Page, html: string): Promise<void> {
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate('document.fonts.ready');
}

export async function disposeBrowser(): Promise<void> {
  const pending = launching;
  launching = undefined;
  if (pending) await (await pending).close().catch(() => undefined);
}
