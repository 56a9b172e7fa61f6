// The dev server: serves the built pages from memory (nothing else: no file system path can be
// reached), injects the live-reload client into HTML, and streams DevMessages to open pages.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EstradeError } from '../errors.ts';
import { withClient } from './client.ts';
import { EventStream } from './event-stream.ts';
import { EVENTS_PATH, type DevMessage } from './protocol.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', json: 'application/json; charset=utf-8', pdf: 'application/pdf', png: 'image/png', css: 'text/css',
};

/** Browsers ask every server for one: a lectern, in the house theme's green. */
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0f7a66"/><path d="M8 9h16l-3 7H11zM14 16h4v9h-4zM10 25h12v2H10z" fill="#fff"/></svg>';

/** The artifact a URL names, or undefined: decoded once, no `..`, no backslash, no NUL. */
export function artifactPath(url: string): string | undefined {
  const raw = url.split(/[?#]/)[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (/\\|\0|%/.test(path) || path.split('/').some((part) => part === '..' || part === '.')) return undefined;
  const clean = path.replace(/^\/+/, '');
  return clean === '' || clean.endsWith('/') ? `${clean}index.html` : clean;
}

/** A handler tried before the built files: true when it answered. */
export type Route = (req: IncomingMessage, res: ServerResponse) => boolean;

export class DevServer {
  readonly files = new Map<string, string | Uint8Array>();
  /** Pages of `estrade present`, answered before the built files. */
  route?: Route;
  /** Open connections allowed from one address (a school's network may show a whole class as one). */
  connectionsPerAddress = Infinity;
  /** Open connections allowed in all. */
  maxConnections = Infinity;
  private readonly listeners = new Set<(message: DevMessage) => void>();
  /** What a page is told as it connects, before any news: the slides changed since its file was made. */
  greeting?: (page: string) => DevMessage | undefined;
  // A deck's changed slides are sent, all of them when a theme or a long edit changed them all: a
  // course of hundreds of slides is megabytes, which a page may take a moment to read; the pages are
  // the teacher's own, on this machine or the school's network.
  readonly events = new EventStream({ maxBacklog: 64 * 1024 * 1024 });
  private readonly open = new Map<string, number>();
  /** Pages listening for changes, by their path (`/course/deck.html`), and how many of each. */
  private readonly pages = new Map<string, number>();
  private total = 0;
  private readonly server = createServer((req, res) => {
    if (this.route?.(req, res)) return;
    const url = req.url ?? '/';
    if (url.startsWith(EVENTS_PATH)) {
      const page = new URL(url, 'http://dev').searchParams.get('page') ?? '';
      this.pages.set(page, (this.pages.get(page) ?? 0) + 1);
      res.once('close', () => {
        const left = (this.pages.get(page) ?? 1) - 1;
        if (left > 0) this.pages.set(page, left);
        else this.pages.delete(page);
      });
      const news = this.greeting?.(page);
      this.events.open(req, res, `: connected\n\n${news ? `data: ${JSON.stringify(news)}\n\n` : ''}`, page);
      return;
    }
    if (url === '/favicon.ico') {
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' }).end(FAVICON);
      return;
    }
    const path = artifactPath(url);
    if (path !== undefined && !this.files.has(path) && this.starting) void this.answerWhenMade(path, res);
    else this.answer(path, res);
  });

  private answer(path: string | undefined, res: ServerResponse): void {
    const body = path === undefined ? undefined : this.files.get(path);
    if (res.destroyed) return;
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const ext = path!.split('.').pop() ?? '';
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(ext === 'html' && typeof body === 'string' ? withClient(body) : body);
  }

  /** While the first build runs: the files asked for before they are made, and what wakes each request. */
  private starting: { waiting: Map<string, Set<() => void>> } | undefined;

  /**
   * Until `built` settles, a file asked for before it is made is answered once it is (arrived()),
   * instead of a 404: the sections of a long course are served one after another as they are fitted.
   */
  holdUntil(built: Promise<unknown>): void {
    const starting = { waiting: new Map<string, Set<() => void>>() };
    this.starting = starting;
    const release = () => {
      if (this.starting === starting) this.starting = undefined;
      for (const wakes of starting.waiting.values()) for (const wake of wakes) wake();
    };
    built.then(release, release);
  }

  /** Files were made: the requests waiting for them are answered. */
  arrived(): void {
    for (const [path, wakes] of this.starting?.waiting ?? []) if (this.files.has(path)) for (const wake of wakes) wake();
  }

  /** The files asked for and not made yet, first asked first. */
  awaited(): string[] {
    return [...(this.starting?.waiting.keys() ?? [])];
  }

  private async answerWhenMade(path: string, res: ServerResponse): Promise<void> {
    const waiting = this.starting!.waiting;
    const wakes = waiting.get(path) ?? new Set<() => void>();
    waiting.set(path, wakes);
    let wake = () => undefined as void;
    await new Promise<void>((woken) => {
      wake = woken;
      wakes.add(wake);
      res.once('close', wake);
    });
    wakes.delete(wake);
    if (!wakes.size && waiting.get(path) === wakes) waiting.delete(path);
    this.answer(path, res);
  }

  constructor() {
    this.server.on('connection', (socket) => {
      const from = socket.remoteAddress ?? '';
      const count = (this.open.get(from) ?? 0) + 1;
      if (count > this.connectionsPerAddress || this.total >= this.maxConnections) {
        socket.destroy();
        return;
      }
      this.open.set(from, count);
      this.total++;
      socket.once('close', () => {
        this.total--;
        const left = (this.open.get(from) ?? 1) - 1;
        if (left) this.open.set(from, left);
        else this.open.delete(from);
      });
    });
  }

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (e: NodeJS.ErrnoException) => reject(
        e.code === 'EADDRINUSE' ? new EstradeError(`port ${port} is already in use — choose another with --port`) : e,
      ));
      this.server.listen(port, host, resolve);
    });
    const address = this.server.address() as AddressInfo;
    return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`;
  }

  address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Whether a page at `path` is open and listening, or someone hears every message (the classroom). */
  showing(path: string): boolean {
    return this.pages.has(path) || this.listeners.size > 0;
  }

  /** Hears every message sent to the open pages. */
  onMessage(listener: (message: DevMessage) => void): void {
    this.listeners.add(listener);
  }

  /** Tells the open pages; a deck's new slides, or its reload, only to that deck's pages. */
  send(message: DevMessage): void {
    for (const listener of this.listeners) listener(message);
    const only = message.type === 'slides' ? message.deck : message.type === 'reload' && message.path !== '*' ? message.path : undefined;
    this.events.send(message, only === undefined ? undefined : (page) => page === only);
  }

  async close(): Promise<void> {
    this.events.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
