// The Chromium a piece of work speaks to: found, started (render/chromium.ts) or taken over from an
// early start, spoken to over its pipe (render/devtools.ts), pages always closed, closed by its owner.
import type { Protocol } from 'puppeteer-core';
import { EstradeError } from '../errors.ts';
import { cachedBrowsers, puppeteerCache } from './browsers.ts';
import { installedBrowser, startChromium, SYSTEM_BROWSERS, type Chromium } from './chromium.ts';
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

export interface BrowserOptions {
  /** A Chromium already started for this work (src/bin.ts starts one while Node loads): taken over. */
  started?: Chromium;
  /** Where Chromium is, asked when one must start. */
  executable?: () => string;
  /** Said once, when the first Chromium runs without its sandbox (as root, in a container). */
  note?: (line: string) => void;
}

/**
 * The Chromium a piece of work speaks to, owned by whoever does the work (a build, `estrade dev`,
 * `estrade present`, doctor) and closed by it: started when first needed unless handed one already
 * started, pages opened ahead of need, and a new Chromium when the last one crashed or was killed
 * (estrade dev keeps running through it). One that never started stays a failure, reported once.
 */
export class Browser {
  private launching: Promise<DevTools> | undefined;
  private running: Chromium | undefined;
  private started: Chromium | undefined;
  private spares: Promise<Tab>[] = [];
  private readonly kept = new Map<string, Promise<Tab>>();
  private closed = false;
  private noteSaid = false;
  private lastOneProcess = false;

  constructor(private readonly options: BrowserOptions = {}) {
    this.started = options.started;
  }

  /** The connection to Chromium, started if none runs. */
  connection(): Promise<DevTools> {
    if (this.closed) return Promise.reject(new Error('Connection closed: the browser was closed'));
    if (!this.launching) {
      let chromium: Chromium | undefined;
      let mine: Promise<DevTools>;
      try {
        chromium = this.started ?? startChromium((this.options.executable ?? findBrowser)());
        this.started = undefined;
        this.running = chromium;
        this.lastOneProcess = chromium.oneProcess;
        const { devtools, failure, tabs } = chromium;
        mine = Promise.race([tabs.open.then(() => devtools), failure]);
        if (chromium.withoutSandbox && !this.noteSaid) {
          this.noteSaid = true;
          this.options.note?.(`Chromium runs without its sandbox (${chromium.withoutSandbox})`);
        }
      } catch (e) {
        mine = Promise.reject(e);
      }
      this.launching = mine;
      // The tabs Chromium opened at its start are the first pages handed out, each on its own: the
      // measuring page need not wait for the others to be set up.
      const open = mine.then((b) => b.openTabs());
      open.catch(() => undefined);
      this.spares = Array.from({ length: chromium?.tabs.count ?? 0 }, (_, i) =>
        spare(open.then(async (tabs) => {
          const tab = tabs[i];
          return tab ? warmedUp(tab) : (await mine).newTab();
        })),
      );
      // A Chromium that crashed or was killed is forgotten: the next call starts a new one.
      mine.then((b) => b.onDisconnected(() => {
        if (this.launching !== mine) return;
        void this.forget();
      }), () => undefined);
    }
    return this.launching;
  }

  /** The running Chromium's process id, if one runs (fault-injection tests kill it). */
  get pid(): number | undefined {
    return this.running?.pid;
  }

  /** Whether the Chromium started last ran as one process: one that quit, in the middle of the work
   *  or before it first answered (the shell dies of a segmentation fault at its start now and then),
   *  may get a second chance with Chromium's own processes. */
  get wasOneProcess(): boolean {
    return this.lastOneProcess;
  }

  /** Opens pages ahead of need, up to `count` unused ones: a new page starts a renderer process, which takes a while. */
  preparePages(count: number): void {
    const b = this.connection();
    while (this.spares.length < count) this.spares.push(spare(b.then((b) => b.newTab())));
  }

  /** Hands an open page over to the next withPage(), which closes it when done. */
  lendPage(tab: Promise<Tab>): void {
    this.spares.unshift(tab);
  }

  /** An open page, opened ahead of need if one was; the caller closes it. */
  takePage(): Promise<Tab> {
    const b = this.connection();
    return this.spares.shift() ?? b.then((b) => b.newTab());
  }

  async withPage<T>(fn: (tab: Tab) => Promise<T>): Promise<T> {
    const tab = await this.takePage();
    try {
      return await fn(tab);
    } finally {
      await tab.close();
    }
  }

  /** A page kept open for one purpose across uses (Mermaid's), set up once; a new one when it closed. */
  async keptPage(name: string, setUp: (tab: Tab) => Promise<void>): Promise<Tab> {
    const current = await this.kept.get(name)?.catch(() => undefined);
    if (current && !current.isClosed()) return current;
    const page = (async () => {
      const tab = await (await this.connection()).newTab();
      await setUp(tab);
      return tab;
    })();
    this.kept.set(name, page);
    return page;
  }

  /** Stops Chromium (and removes its profile); the browser cannot be used after. */
  async close(): Promise<void> {
    this.closed = true;
    const started = this.started;
    this.started = undefined;
    await Promise.all([this.forget(), started?.stop()]);
  }

  private async forget(): Promise<void> {
    const running = this.running;
    this.launching = undefined;
    this.running = undefined;
    this.spares = [];
    this.kept.clear();
    await running?.stop();
  }
}

/** Chromium quit under Estrade (a crash, a kill): the work can be tried again on a new one. */
export const browserLost = (e: unknown) => /Target closed|Session closed|Connection closed|Protocol error.*(closed|detached)|Navigating frame was detached|Chromium at .* quit/i.test(String((e as Error)?.message ?? e));

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
