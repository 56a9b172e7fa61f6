// Starts Chromium as a plain child process, so the browser boots on the other core while Node loads
// the rest of Estrade, and connects to it through a pipe (devtools.ts). With a pipe, Chromium quits
// by itself when Node dies, however it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { EstradeError } from '../errors.ts';
import { atInterrupt } from '../interrupt.ts';
import { systemBrowsers } from './browsers.ts';
import { DevTools, type Transport } from './devtools.ts';
import { builtInFonts } from './themes.ts';
import type WebSocket from 'ws';

// Chromium's headless shell first: without a browser window to keep up it boots and prints for about
// half the CPU time of full Chromium (Debian: apt-get install chromium-headless-shell).
export const SYSTEM_BROWSERS = systemBrowsers();

export function installedBrowser(env: NodeJS.ProcessEnv = process.env, systemBrowsers = SYSTEM_BROWSERS): { path?: string; tried: string[] } {
  const tried: string[] = [];
  for (const candidate of [env.CHROME_PATH, env.PUPPETEER_EXECUTABLE_PATH, ...systemBrowsers]) {
    if (!candidate) continue;
    if (existsSync(candidate)) return { path: candidate, tried };
    tried.push(candidate);
  }
  return { tried };
}

export const isHeadlessShell = (executable: string) => /headless[-_]shell/i.test(executable);

// Puppeteer's own launch arguments (ChromeLauncher.defaultArgs of the installed puppeteer-core, for
// a headless browser without extensions), so that pages behave as under puppeteer.launch.
// tests/browser.test.ts fails when they drift from what the installed Puppeteer says.
export const PUPPETEER_FLAGS = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
];
export const PUPPETEER_DISABLED_FEATURES = ['Translate', 'AcceptCHFrame', 'MediaRouter', 'OptimizationHints', 'WebUIReloadButton', 'ProcessPerSiteUpToMainFrameThreshold', 'IsolateSandboxedIframes'];
export const PUPPETEER_ENABLED_FEATURES = ['PdfOopif'];

/** Ours, on top of Puppeteer's: full Chromium must not preload its omnibox's WebUI (a third of its
 *  start-up CPU), nothing may reach the network on its own, text is measured without hinting. */
export const ESTRADE_FLAGS = ['--disable-gpu', '--disable-component-update', '--font-render-hinting=none'];

/** How Estrade speaks to Chromium: its DevTools pipe, or a WebSocket on a local port. */
export type Connection = 'pipe' | 'websocket';

/**
 * The pipe, unless it cannot be used: a snap's confinement (Ubuntu's Chromium) and WSL do not pass
 * it on, as marp-cli found; there Chromium is reached over a WebSocket on 127.0.0.1. The setting
 * ESTRADE_BROWSER_CONNECTION=websocket (or pipe) decides instead.
 */
export function connectionFor(executable: string, env: NodeJS.ProcessEnv = process.env, read: (path: string) => string = (p) => readFileSync(p, { encoding: 'latin1' }).slice(0, 4096), procVersion = '/proc/version'): Connection {
  const asked = env.ESTRADE_BROWSER_CONNECTION?.trim().toLowerCase();
  if (asked === 'websocket' || asked === 'pipe') return asked;
  if (/(^|[\\/])snap[\\/]/.test(executable)) return 'websocket';
  try {
    // A launcher script that hands over to a snap (Ubuntu's /usr/bin/chromium-browser).
    const head = read(executable);
    if (head.startsWith('#!') && /\bsnap\b/.test(head)) return 'websocket';
  } catch {
    // Not readable: the pipe, and the start says what went wrong.
  }
  try {
    if (process.platform === 'linux' && /microsoft|wsl/i.test(read(procVersion))) return 'websocket';
  } catch {
    // No /proc/version.
  }
  return 'pipe';
}
export const ESTRADE_DISABLED_FEATURES = ['PreloadTopChromeWebUI', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** Why Chromium's sandbox cannot run here, if it cannot: as root, or inside a container (as marp-cli decides). */
export function sandboxUnavailable(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.(), exists = existsSync): string | undefined {
  if (env.CHROME_NO_SANDBOX) return 'CHROME_NO_SANDBOX is set';
  if (uid === 0) return 'running as root';
  if (exists('/.dockerenv') || exists('/run/.containerenv')) return 'running in a container';
  return undefined;
}

/**
 * What Chromium's first tabs show while Node loads the rest of Estrade: a few words in the fonts of
 * the built-in theme, regular, bold, italic and code, and an emoji. The browser copies each font
 * file it hands to a page into shared memory the first time (a tenth of a second for the emoji
 * font), and each tab starts its renderer process (a quarter of a second): done here, both happen
 * on the other core before the first slides are measured.
 */
export function warmUpPage(fonts = builtInFonts()): string {
  const html = `<!DOCTYPE html><meta charset="utf-8"><style>p{font-family:${fonts.text}}code{font-family:${fonts.code}}</style>
<p>Aé <b>Aé</b> <i>Aé</i> <b><i>Aé</i></b> <code>Aé <b>Aé</b></code> \u{1F433}</p>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

/**
 * Whether a build runs Chromium as one process (`--single-process`): pages are laid out, printed and
 * photographed in the browser process itself, without starting a zygote, a renderer for each page, a
 * GPU and a network process, nor copying fonts and printed pages between them. A build of the Docker
 * course then took a sixth less time with the headless shell and a third less with full Chromium.
 * The headless shell runs so in serverless Chromium; full Chrome is known to crash so on Windows, so
 * there only on Linux, where Debian's Chromium quit so in about one build in fifty: the CLI then
 * builds again with Chromium's own processes (cli.ts).
 */
export function oneProcessFor(executable: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): boolean {
  // ESTRADE_ONE_PROCESS=0: the way back to Chromium's own processes, should a browser crash so.
  if (env.ESTRADE_ONE_PROCESS === '0') return false;
  // Full Chromium run so quit in the middle of a build once in three or four builds on Debian's
  // (5 December 2026: 1 of 4 by hand, 1 of 3 in the bench), and full Chrome crashes so on Windows:
  // it keeps its own processes, a second slower on the Docker course but never built twice.
  void platform;
  return isHeadlessShell(executable);
}

/** The command line of Estrade's Chromium; `url` is what its first tab opens. */
export function chromiumArgs(executable: string, profile: string, noSandbox: boolean, url = 'about:blank', oneProcess = false, connection: Connection = 'pipe'): string[] {
  return [
    ...PUPPETEER_FLAGS,
    ...ESTRADE_FLAGS,
    // Port 0: Chromium picks a free one and says which on its standard error.
    connection === 'pipe' ? '--remote-debugging-pipe' : '--remote-debugging-port=0',
    `--disable-features=${[...PUPPETEER_DISABLED_FEATURES, ...ESTRADE_DISABLED_FEATURES].join(',')}`,
    `--enable-features=${PUPPETEER_ENABLED_FEATURES.join(',')}`,
    ...(noSandbox ? ['--no-sandbox'] : []),
    isHeadlessShell(executable) ? '--headless' : '--headless=new',
    `--user-data-dir=${profile}`,
    ...(oneProcess ? ['--single-process'] : []),
    url,
  ];
}

/** What both ways of reaching Chromium share: the message handler, and the end told once. */
abstract class Ending {
  onmessage?: (message: string) => void;
  private closed = false;
  private closeHandler?: () => void;

  /** Called when Chromium's end closes; also when that happened before anyone listened (a browser
   *  that quits at once), so that waiting calls fail instead of timing out. */
  get onclose(): (() => void) | undefined {
    return this.closeHandler;
  }

  set onclose(handler: (() => void) | undefined) {
    this.closeHandler = handler;
    if (this.closed && handler) setImmediate(handler);
  }

  protected ended(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeHandler?.();
  }
}

/** The DevTools protocol over Chromium's pipe: JSON messages ended by a NUL byte. */
export class PipeTransport extends Ending implements Transport {
  private pending: Buffer[] = [];

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    super();
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on('close', () => this.ended());
    fromBrowser.on('error', () => undefined);
    toBrowser.on('error', () => undefined);
  }

  send(message: string): void {
    this.toBrowser.write(`${message}\0`);
  }

  close(): void {
    this.toBrowser.end();
  }

  private receive(chunk: Buffer): void {
    let end = chunk.indexOf(0);
    if (end === -1) {
      this.pending.push(chunk);
      return;
    }
    let buffer = Buffer.concat([...this.pending, chunk]);
    let start = 0;
    end = buffer.indexOf(0);
    while (end !== -1) {
      const message = buffer.toString('utf8', start, end);
      // Like Puppeteer's own pipe: one message a turn, so handlers never run inside a read.
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
      end = buffer.indexOf(0, start);
    }
    buffer = buffer.subarray(start);
    this.pending = buffer.length ? [buffer] : [];
  }
}

/**
 * The DevTools protocol over a WebSocket, for a Chromium that cannot be given a pipe: it connects once
 * Chromium prints "DevTools listening on ws://…" on its standard error; messages sent before wait.
 */
export class WebSocketTransport extends Ending implements Transport {
  private socket?: WebSocket;
  private queued: string[] = [];

  constructor(stderr: Readable) {
    super();
    let text = '';
    const listen = (chunk: Buffer) => {
      text += chunk.toString();
      const url = /DevTools listening on (ws:\/\/\S+)/.exec(text)?.[1];
      if (!url) return;
      stderr.off('data', listen);
      stderr.resume();
      this.connect(url).catch(() => this.ended());
    };
    stderr.on('data', listen);
    stderr.on('error', () => undefined);
  }

  private async connect(url: string): Promise<void> {
    // Loaded here only: most machines never need it, and every start would pay for it.
    const { default: Socket } = await import('ws');
    // Chromium's messages can be large (a page's PDF, a screenshot): no size limit but the system's.
    const socket = new Socket(url, { perMessageDeflate: false, maxPayload: 2 ** 31 - 1 });
    this.socket = socket;
    socket.on('open', () => {
      for (const message of this.queued.splice(0)) socket.send(message);
    });
    socket.on('message', (data: Buffer) => {
      const message = data.toString('utf8');
      setImmediate(() => this.onmessage?.(message));
    });
    socket.on('close', () => this.ended());
    socket.on('error', () => this.ended());
  }


  send(message: string): void {
    if (this.socket?.readyState === 1 /* open */) this.socket.send(message);
    else this.queued.push(message);
  }

  close(): void {
    this.socket?.close();
    this.ended();
  }

  /** Chromium quit before it could be reached. */
  lost(): void {
    this.ended();
  }
}

export interface Chromium {
  /** The connection to it, made as it starts. */
  devtools: DevTools;
  /** The browser process (its process group on Unix). */
  pid?: number;
  /** Whether it runs as one process (oneProcessFor): one that quits may get a second chance with its own. */
  oneProcess: boolean;
  /** Why it runs without its sandbox, if it does (sandboxUnavailable): for the owner to say once. */
  withoutSandbox?: string;
  /** Rejects when the process cannot start or quits: a connection waiting on it fails instead of hanging. */
  failure: Promise<never>;
  /** How many tabs Chromium opened at its start, and when they are all open: the first pages to use. */
  tabs: { count: number; open: Promise<void> };
  /** Ends the process and removes its profile. Nothing in a throwaway profile needs saving, so
   *  Chromium is killed rather than asked to shut down (a tenth of a second at the end of a build). */
  stop(): Promise<void>;
}

// Full Chromium listens on a Unix socket in its temporary folder (<tmp>/org.chromium.Chromium.XXXXXX/
// SingletonSocket, 46 characters more), and a socket's path is at most 108 bytes on Linux, 104 on
// macOS, whose own temporary folder is already some 49 characters long: past that Chromium aborts.
const SOCKET_PATH_MAX = 104;
const SOCKET_SUFFIX = '/org.chromium.Chromium.XXXXXX/SingletonSocket'.length;

/** Chromium's temporary folder: inside its profile when the path is short enough, else a short one of
 *  its own, in /tmp or in ESTRADE_SHORT_TMPDIR (a short folder of the user's, or of a test run's). */
export function chromiumTemp(profile: string, shortRoot = process.env.ESTRADE_SHORT_TMPDIR || '/tmp'): string {
  const inside = join(profile, 'tmp');
  if (process.platform === 'win32' || Buffer.byteLength(inside) + SOCKET_SUFFIX < SOCKET_PATH_MAX || !existsSync(shortRoot)) {
    mkdirSync(inside);
    return inside;
  }
  return mkdtempSync(join(shortRoot, 'estrade-'));
}

export interface ChromiumOptions {
  /** How many pages to open at the start. */
  tabs?: number;
  /** Run as one process where that works (oneProcessFor): for a build, which ends with its work. */
  oneProcess?: boolean;
}

/** Starts a Chromium; its owner stops it. */
export function startChromium(executable: string, { tabs = 1, oneProcess = false }: ChromiumOptions = {}): Chromium {
  const profile = mkdtempSync(join(tmpdir(), 'estrade-chromium-'));
  // Its own process group, so that stopping it stops its renderers at the same moment.
  const group = process.platform !== 'win32';
  const noSandbox = sandboxUnavailable();
  // Full Chromium keeps a folder of its own in the temporary folder (org.chromium.Chromium.*) that
  // a killed browser leaves behind: its temporary folder is inside the profile, which goes with it.
  const scratch = chromiumTemp(profile);
  const warmUp = warmUpPage();
  const single = oneProcess && oneProcessFor(executable);
  const connection = connectionFor(executable);
  const child: ChildProcess = spawn(executable, chromiumArgs(executable, profile, noSandbox !== undefined, warmUp, single, connection), {
    stdio: connection === 'pipe' ? ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe'],
    detached: group,
    env: { ...process.env, TMPDIR: scratch },
  });
  const kill = () => {
    try {
      if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };
  // A leftover temporary folder is not worth failing a build for.
  const removeProfile = () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
      if (!scratch.startsWith(profile)) rmSync(scratch, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      // The system cleans its temporary folder.
    }
  };
  const exited = new Promise<void>((done) => {
    child.once('exit', () => done());
    child.once('error', () => done());
  });
  const failure = new Promise<never>((_, fail) => {
    child.once('error', (e) => fail(new EstradeError(`Chromium at ${executable} could not start: ${e.message} — set CHROME_PATH to a working Chrome or Chromium`)));
    const other = connection === 'pipe' ? 'websocket' : 'pipe';
    child.once('exit', (code, signal) => fail(new EstradeError(`Chromium at ${executable} quit (${signal ?? `exit ${code}`}) — set CHROME_PATH to a working Chrome or Chromium${connection === 'pipe' ? ', or ESTRADE_BROWSER_CONNECTION=websocket if it runs as a snap or under WSL' : `, or try ESTRADE_BROWSER_CONNECTION=${other}`}`)));
  });
  failure.catch(() => undefined);
  const onExit = () => {
    kill();
    removeProfile();
  };
  process.once('exit', onExit);
  const forget = atInterrupt(onExit);
  const transport = connection === 'pipe' ? new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable) : new WebSocketTransport(child.stderr!);
  if (transport instanceof WebSocketTransport) child.once('exit', () => transport.lost());
  const devtools = new DevTools(transport);
  // The first tab opens with the browser; the others are asked for now, answered once it is up.
  const opening = Array.from({ length: Math.max(0, tabs - 1) }, () => devtools.send('Target.createTarget', { url: warmUp }));
  const open = Promise.race([Promise.all(opening).then(() => undefined), failure]);
  open.catch(() => undefined);
  return {
    devtools,
    pid: child.pid,
    oneProcess: single,
    withoutSandbox: noSandbox,
    failure,
    tabs: { count: Math.max(1, tabs), open },
    async stop() {
      kill();
      await exited;
      process.off('exit', onExit);
      forget();
      removeProfile();
    },
  };
}

/** Starts an installed Chromium now, if there is one, with the pages the command will want
 *  (src/bin.ts, while Node loads the rest of Estrade); the command's Browser takes it over. */
export function startInstalledChromium(options: ChromiumOptions): Chromium | undefined {
  const { path } = installedBrowser();
  return path ? startChromium(path, options) : undefined;
}
