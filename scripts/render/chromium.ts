// Starts Chromium as a plain child process, without loading Puppeteer (a third of a second), so the
// browser boots on the other core while Node loads the rest of Estrade; Puppeteer connects later
// through the pipe. With a pipe, Chromium quits by itself when Node dies, however it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { EstradeError } from '../errors.ts';
import { atInterrupt } from '../interrupt.ts';

// Chromium's headless shell first: without a browser window to keep up it boots and prints for about
// half the CPU time of full Chromium (Debian: apt-get install chromium-headless-shell).
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** CHROME_PATH, then PUPPETEER_EXECUTABLE_PATH, then a system browser; what was tried when none. */
export function installedBrowser(env: NodeJS.ProcessEnv = process.env, systemBrowsers = SYSTEM_BROWSERS): { path?: string; tried: string[] } {
  const tried: string[] = [];
  for (const candidate of [env.CHROME_PATH, env.PUPPETEER_EXECUTABLE_PATH, ...systemBrowsers]) {
    if (!candidate) continue;
    if (existsSync(candidate)) return { path: candidate, tried };
    tried.push(candidate);
  }
  return { tried };
}

const isHeadlessShell = (executable: string) => /headless[-_]shell/i.test(executable);

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
export const ESTRADE_FLAGS = ['--disable-gpu', '--disable-component-update', '--font-render-hinting=none', '--remote-debugging-pipe'];
export const ESTRADE_DISABLED_FEATURES = ['PreloadTopChromeWebUI', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** Why Chromium's sandbox cannot run here, if it cannot: as root, or inside a container (as marp-cli decides). */
export function sandboxUnavailable(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.(), exists = existsSync): string | undefined {
  if (env.CHROME_NO_SANDBOX) return 'CHROME_NO_SANDBOX is set';
  if (uid === 0) return 'running as root';
  if (exists('/.dockerenv') || exists('/run/.containerenv')) return 'running in a container';
  return undefined;
}

/** The command line of Estrade's Chromium. */
export function chromiumArgs(executable: string, profile: string, noSandbox: boolean): string[] {
  return [
    ...PUPPETEER_FLAGS,
    ...ESTRADE_FLAGS,
    `--disable-features=${[...PUPPETEER_DISABLED_FEATURES, ...ESTRADE_DISABLED_FEATURES].join(',')}`,
    `--enable-features=${PUPPETEER_ENABLED_FEATURES.join(',')}`,
    ...(noSandbox ? ['--no-sandbox'] : []),
    isHeadlessShell(executable) ? '--headless' : '--headless=new',
    `--user-data-dir=${profile}`,
    'about:blank',
  ];
}

let sandboxNoticeGiven = false;

/** The DevTools protocol over Chromium's pipe: JSON messages ended by a NUL byte. */
export class PipeTransport {
  onmessage?: (message: string) => void;
  private pending: Buffer[] = [];
  private closed = false;
  private closeHandler?: () => void;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on('data', (chunk: Buffer) => this.receive(chunk));
    fromBrowser.on('close', () => {
      this.closed = true;
      this.closeHandler?.();
    });
    fromBrowser.on('error', () => undefined);
    toBrowser.on('error', () => undefined);
  }

  /** Called when Chromium's end closes; also when that happened before anyone listened (a browser
   *  that quits at once), so that Puppeteer fails its waiting calls instead of timing them out. */
  get onclose(): (() => void) | undefined {
    return this.closeHandler;
  }

  set onclose(handler: (() => void) | undefined) {
    this.closeHandler = handler;
    if (this.closed && handler) setImmediate(handler);
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

export interface Chromium {
  transport: PipeTransport;
  /** The browser process (its process group on Unix). */
  pid?: number;
  /** Rejects when the process cannot start or quits: a connection waiting on it fails instead of hanging. */
  failure: Promise<never>;
  /** Ends the process and removes its profile. Nothing in a throwaway profile needs saving, so
   *  Chromium is killed rather than asked to shut down (a tenth of a second at the end of a build). */
  stop(): Promise<void>;
}

function start(executable: string): Chromium {
  const profile = mkdtempSync(join(tmpdir(), 'estrade-chromium-'));
  // Its own process group, so that stopping it stops its renderers at the same moment.
  const group = process.platform !== 'win32';
  const noSandbox = sandboxUnavailable();
  if (noSandbox && !sandboxNoticeGiven) {
    sandboxNoticeGiven = true;
    process.stderr.write(`estrade: note: Chromium runs without its sandbox (${noSandbox})\n`);
  }
  // Full Chromium keeps a folder of its own in the temporary folder (org.chromium.Chromium.*) that
  // a killed browser leaves behind: its temporary folder is inside the profile, which goes with it.
  const scratch = join(profile, 'tmp');
  mkdirSync(scratch);
  const child: ChildProcess = spawn(executable, chromiumArgs(executable, profile, noSandbox !== undefined), {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
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
    child.once('exit', (code, signal) => fail(new EstradeError(`Chromium at ${executable} quit (${signal ?? `exit ${code}`}) — set CHROME_PATH to a working Chrome or Chromium`)));
  });
  failure.catch(() => undefined);
  const onExit = () => {
    kill();
    removeProfile();
  };
  process.once('exit', onExit);
  const forget = atInterrupt(onExit);
  return {
    transport: new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable),
    pid: child.pid,
    failure,
    async stop() {
      kill();
      await exited;
      process.off('exit', onExit);
      forget();
      removeProfile();
    },
  };
}

let running: Chromium | undefined;

/** The process's one Chromium, started on first call. */
export function chromium(executable: () => string): Chromium {
  running ??= start(executable());
  return running;
}

/** Starts an installed Chromium now, if there is one; browser() connects to it when first needed. */
export function startChromiumEarly(): void {
  const { path } = installedBrowser();
  if (path) chromium(() => path);
}

/** The running Chromium's process id, if one runs (fault-injection tests kill it). */
export const runningChromiumPid = () => running?.pid;

/** Forgets the running Chromium, for the caller that closes it. */
export function releaseChromium(): Chromium | undefined {
  const r = running;
  running = undefined;
  return r;
}
