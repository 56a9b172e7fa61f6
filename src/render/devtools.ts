// Chromium's DevTools protocol, spoken directly over its pipe: the dozen commands a build sends
// (load a page, run a script in it, print it, photograph it). Puppeteer took a third of a second
// to load and another to connect, set each page up and learn its state, on the build's critical path
// while Chromium boots: a build of the Docker course waited for it. Puppeteer stays for what it does
// well (finding or downloading a browser, the tests' and the bench's pages).
/** What carries DevTools messages to and from Chromium. */
export interface Transport {
  onmessage?: (message: string) => void;
  onclose: (() => void) | undefined;
  send(message: string): void;
  close(): void;
}

// Puppeteer's own limits: a command Chromium never answers, a page that never loads.
const PROTOCOL_TIMEOUT_MS = 180_000;
const LOAD_TIMEOUT_MS = 30_000;

interface Waiting {
  method: string;
  sessionId?: string;
  resolve: (result: never) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: { sessionId?: string; targetId?: string };
  result?: unknown;
  error?: { message: string; data?: string };
}

/** A connection to one Chromium over its pipe. */
export class DevTools {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private readonly tabs = new Map<string, Tab>();
  private lost: string | undefined;
  private readonly whenLost: (() => void)[] = [];

  constructor(private readonly transport: Transport) {
    transport.onmessage = (message) => this.receive(message);
    transport.onclose = () => this.disconnected('Connection closed: Chromium quit');
  }

  get connected(): boolean {
    return this.lost === undefined;
  }

  /** Called once when the connection ends (Chromium quit, crashed or was stopped). */
  onDisconnected(handler: () => void): void {
    if (this.lost !== undefined) setImmediate(handler);
    else this.whenLost.push(handler);
  }

  send<T>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    if (this.lost !== undefined) return Promise.reject(new Error(`${this.lost} (${method})`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`Chromium did not answer ${method} in ${PROTOCOL_TIMEOUT_MS / 1000} s`));
      }, PROTOCOL_TIMEOUT_MS);
      this.waiting.set(id, { method, sessionId, resolve: resolve as (result: never) => void, reject, timer });
      this.transport.send(JSON.stringify(sessionId ? { id, method, params, sessionId } : { id, method, params }));
    });
  }

  /** A new blank tab. */
  async newTab(): Promise<Tab> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    return this.attach(targetId);
  }

  /** The tabs open now: at a build's start, the first tabs Chromium opened (render/chromium.ts). */
  async openTabs(): Promise<Tab[]> {
    const { targetInfos } = await this.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
    return Promise.all(targetInfos.filter((t) => t.type === 'page').map((t) => this.attach(t.targetId)));
  }

  private async attach(targetId: string): Promise<Tab> {
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const tab = new Tab(this, targetId, sessionId);
    this.tabs.set(sessionId, tab);
    // The viewport every page had under Puppeteer: a window's size is not the same in every browser.
    await tab.setViewport({ width: 800, height: 600 });
    return tab;
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as Message;
    if (message.id !== undefined) {
      const waiting = this.waiting.get(message.id);
      if (!waiting) return;
      this.waiting.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(new Error(`Protocol error (${waiting.method}): ${message.error.message}${message.error.data ? ` ${message.error.data}` : ''}`));
      else waiting.resolve(message.result as never);
    } else if (message.method === 'Target.detachedFromTarget' && message.params?.sessionId) {
      this.tabGone(message.params.sessionId, 'Target closed');
    } else if (message.method === 'Inspector.targetCrashed' && message.sessionId) {
      this.tabGone(message.sessionId, 'Target closed: the page crashed');
    }
  }

  private tabGone(sessionId: string, why: string): void {
    this.tabs.get(sessionId)?.gone();
    this.tabs.delete(sessionId);
    for (const [id, waiting] of this.waiting) {
      if (waiting.sessionId !== sessionId) continue;
      this.waiting.delete(id);
      clearTimeout(waiting.timer);
      waiting.reject(new Error(`${why} (${waiting.method})`));
    }
  }

  private disconnected(why: string): void {
    if (this.lost !== undefined) return;
    this.lost = why;
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(`${why} (${waiting.method})`));
    }
    this.waiting.clear();
    for (const tab of this.tabs.values()) tab.gone();
    this.tabs.clear();
    this.whenLost.splice(0).forEach((handler) => handler());
  }
}

export interface Viewport {
  width: number;
  height: number;
  deviceScaleFactor?: number;
}

export interface Clip {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Evaluated {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

/** A page of the browser: what a build does with one. */
export class Tab {
  private closed = false;

  constructor(
    private readonly devtools: DevTools,
    readonly targetId: string,
    private readonly sessionId: string,
  ) {}

  send<T>(method: string, params: object = {}): Promise<T> {
    return this.devtools.send<T>(method, params, this.sessionId);
  }

  isClosed(): boolean {
    return this.closed || !this.devtools.connected;
  }

  gone(): void {
    this.closed = true;
  }

  /** Runs a script in the page, waits for the promise it makes if it makes one, and returns its value as JSON would carry it. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<Evaluated>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`Evaluation failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value as T;
  }

  /** Replaces the page's document with `html` and waits for it to load (its pictures and style
   *  sheets), as Puppeteer's setContent does. The load event is the one to wait for: the document
   *  says it is complete as soon as it is written, and with nothing to fetch it loads within
   *  close(), hence the listener set before (open() would remove one set earlier). `then`, a
   *  script run once it has loaded, gives the value returned: one round trip instead of two. */
  async setContent<T = unknown>(html: string, then = '0'): Promise<T> {
    return this.evaluate<T>(`new Promise((loaded, late) => {
      document.open();
      addEventListener('load', () => loaded(0), { once: true });
      document.write(${JSON.stringify(html)});
      document.close();
      setTimeout(() => late(new Error('the page did not load in ${LOAD_TIMEOUT_MS / 1000} s')), ${LOAD_TIMEOUT_MS});
    }).then(() => (${then}))`);
  }

  async setViewport({ width, height, deviceScaleFactor = 1 }: Viewport): Promise<void> {
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor, mobile: false });
  }

  /** Brings the tab to the front: a tab in the background draws nothing, and a screenshot would wait for it. */
  async bringToFront(): Promise<void> {
    await this.send('Page.bringToFront');
  }

  /** A picture of the page (of `clip`, in CSS pixels from the top of the document, when given). */
  async screenshot(options: { type: 'png' | 'jpeg'; quality?: number; clip?: Clip }): Promise<Buffer> {
    const { type, quality, clip } = options;
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', {
      format: type,
      ...(quality !== undefined ? { quality } : {}),
      ...(clip ? { clip: { ...clip, scale: 1 } } : {}),
      captureBeyondViewport: true,
      fromSurface: true,
    });
    return Buffer.from(data, 'base64');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.devtools.send('Target.closeTarget', { targetId: this.targetId }).catch(() => undefined);
  }
}
