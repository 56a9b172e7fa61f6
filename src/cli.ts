// `estrade <command>`: argument parsing, messages and exit codes (0 done, 1 the work failed, 2 bad usage).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, BuildFailure, timing, type BuildOptions, type BuildResult, type Log } from './build.ts';
import type { Chromium } from './render/chromium.ts';
import { formatDiagnostic } from './course/format.ts';
import { LOOPBACK } from './dev/protocol.ts';
import { nearest } from './course/nearest.ts';
import { EstradeError } from './errors.ts';
import { nextInterrupt } from './interrupt.ts';
import type { Manifest } from './export/manifest.ts';
import { readManifests } from './files/manifests.ts';
import { PACKAGE_ROOT } from './package-root.ts';
import { writeArtifacts } from './files/write.ts';
import { Browser, browserLost } from './render/browser.ts';

interface OptionSpec {
  name: string;
  short?: string;
  /** What the option takes (`DIR`, `N`…); absent for a switch. */
  value?: string;
  help: string;
}

interface CommandSpec {
  args: string;
  summary: string;
  options: OptionSpec[];
}

const INPUTS = 'inputs are course files (.md) or folders of courses; the default is slides/';

/** Every command and option, with what it does: the source of `--help`, usage lines and checks. */
export const COMMANDS: Record<string, CommandSpec> = {
  build: {
    args: '[inputs…]',
    summary: `turns courses into slide decks, PDF slides and handouts, in dist/ (${INPUTS})`,
    options: [
      { name: 'out', short: 'o', value: 'DIR', help: 'output folder (default dist/)' },
      { name: 'no-pdf', help: 'HTML only: no slides PDF, no handout' },
      { name: 'handout', value: '1|2|3|4|6', help: "slides per handout page (default 3, or the course's handout: setting)" },
      { name: 'paper', value: 'a4|letter', help: 'handout paper (default a4)' },
      { name: 'images', help: 'also a PNG of every slide, in dist/<course>/<deck>/' },
      { name: 'pptx', help: 'also a PowerPoint file of every deck' },
      { name: 'notes', help: "also the teacher's copy of every deck with speaker notes, as <deck>.teacher.html (not for publishing)" },
    ],
  },
  dev: {
    args: '[inputs…]',
    summary: `serves the decks and updates them in the browser on every save (${INPUTS})`,
    options: [
      { name: 'port', value: 'N', help: 'port to listen on (default 8080)' },
      { name: 'host', value: 'H', help: 'address to listen on (default 127.0.0.1, this machine only)' },
      { name: 'no-open', help: 'do not open the browser' },
    ],
  },
  present: {
    args: '[inputs…]',
    summary: `presents in class: projector, presenter view, a phone as remote and the students following on their devices, over the local network; edits show at once (${INPUTS})`,
    options: [
      { name: 'port', value: 'N', help: 'port to listen on (default 8080)' },
      { name: 'host', value: 'H', help: 'address to listen on (default all: the students must reach it)' },
      { name: 'minutes', value: 'M', help: "minutes of the lesson, for the presenter's countdown (default the course's duration:)" },
      { name: 'new-lesson', help: "start a new lesson (lessons/<date>/ beside the course) rather than go on with today's" },
      { name: 'lessons', value: 'FOLDER', help: 'where lessons are kept (default: lessons/ beside the course)' },
      { name: 'names', help: "students give their first name with their answers to questions (else they answer without one)" },
      { name: 'no-open', help: 'do not open the projector and presenter views' },
    ],
  },
  lesson: {
    args: '[inputs…]',
    summary: "writes the lesson as taught: the slides shown in class with the ink drawn over them and the whiteboard pages, and its handout, into the lesson's folder (lessons/<date>/ beside the course; `estrade present` writes them when it stops)",
    options: [
      { name: 'all', help: 'every slide of the parts taught, not only those shown' },
      { name: 'lesson', value: 'FOLDER', help: 'which lesson (default: the latest one beside the course)' },
    ],
  },
  browser: {
    args: 'install',
    summary: "downloads Chromium's headless shell into Puppeteer's cache, for a machine without Chrome or Chromium (about 100 MB)",
    options: [],
  },
  doctor: {
    args: '[inputs…]',
    summary: `lists what in a course needs attention, with file:line (${INPUTS})`,
    options: [{ name: 'fix', help: 'repair the encoding and French spacing in the file, keeping the original as <file>.bak' }],
  },
};

const COMMON: OptionSpec[] = [
  { name: 'debug', help: 'show the stack trace of an error' },
  { name: 'help', short: 'h', help: 'show this help' },
];

const optionUsage = (o: OptionSpec) => `[--${o.name}${o.value ? ` ${o.value}` : ''}]`;

export const USAGE = [
  ...Object.entries(COMMANDS).map(([name, c], i) => `${i ? '      ' : 'usage:'} estrade ${name} ${c.args} ${c.options.map(optionUsage).join(' ')}`),
  '       estrade <command> --help',
  '       estrade --version',
].join('\n');

/** `estrade <command> --help`: what the command does and each of its options. */
export function commandHelp(command: string): string {
  const c = COMMANDS[command]!;
  const rows = [...c.options, ...COMMON].map((o) => [`${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [`usage: estrade ${command} ${c.args} [options]`, '', c.summary, '', 'options:', ...rows.map(([left, help]) => `  ${left.padEnd(width)}  ${help}`)].join('\n');
}

function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

// Straight to the streams, not through console: while marp-cli runs, its chatter is kept off the
// console (export/html.ts), and what Estrade says meanwhile must still be printed.
const consoleIo: Io = { out: (l) => void process.stdout.write(`${l}\n`), err: (l) => void process.stderr.write(`${l}\n`) };

class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

function unknownOption(command: string, given: string): UsageError {
  const name = given.replace(/^-+/, '').split('=')[0]!;
  const meant = nearest(name, [...COMMANDS[command]!.options, ...COMMON].map((o) => o.name));
  const hint = meant ? ` — did you mean --${meant}?` : '';
  return new UsageError(`"estrade ${command}" has no option ${given}${hint}`, command);
}

function options(command: string, argv: string[]) {
  const spec = [...COMMANDS[command]!.options, ...COMMON];
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: Object.fromEntries(spec.map((o) => [o.name, { type: o.value ? ('string' as const) : ('boolean' as const), ...(o.short ? { short: o.short } : {}) }])),
    }) as { values: Record<string, string | boolean | undefined> & Values; positionals: string[] };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const stray = /Unknown option '([^']+)'/.exec(err.message)?.[1];
    if (stray) throw unknownOption(command, stray);
    throw new UsageError(err.message.replace(/\. To specify.*$/s, ''), command);
  }
}

interface Values {
  out?: string;
  'no-pdf'?: boolean;
  handout?: string;
  paper?: string;
  images?: boolean;
  pptx?: boolean;
  notes?: boolean;
  fix?: boolean;
  port?: string;
  host?: string;
  minutes?: string;
  'no-open'?: boolean;
  'new-lesson'?: boolean;
  names?: boolean;
  lesson?: string;
  lessons?: string;
  all?: boolean;
  debug?: boolean;
  help?: boolean;
}

/** The Chromium browsers a command opens, each closed when the command ends; the first takes over the
 *  Chromium bin.ts started early. Running without Chromium's sandbox is said once. */
class CommandBrowsers {
  private readonly opened: Browser[] = [];
  private said = false;

  constructor(
    private readonly io: Io,
    private early?: Chromium,
  ) {}

  readonly note = (message: string) => {
    if (this.said) return;
    this.said = true;
    this.io.err(`estrade: note: ${message}`);
  };

  /** The Chromium started early, for an owner of its own (estrade dev, present) to close. */
  takeEarly(): Chromium | undefined {
    const early = this.early;
    this.early = undefined;
    return early;
  }

  open(): Browser {
    const browser = new Browser({ started: this.early, note: this.note });
    this.early = undefined;
    this.opened.push(browser);
    return browser;
  }

  async close(): Promise<void> {
    const early = this.early;
    this.early = undefined;
    await Promise.all([...this.opened.splice(0).map((b) => b.close()), early?.stop()]);
  }
}

/** One line rewritten in place on a terminal; plain lines elsewhere (CI logs). */
function progressLine(io: Io) {
  const tty = io === consoleIo && process.stdout.isTTY;
  return (done: number, total: number, what: string) => {
    const line = `printing ${done}/${total}  ${what}`;
    if (!tty) io.out(line);
    else process.stdout.write(`\r\x1b[2K${line}${done === total ? '\n' : ''}`);
  };
}

async function runBuild(values: Values, inputs: string[], io: Io, browsers: CommandBrowsers): Promise<number> {
  const handout = values.handout === undefined ? undefined : Number(values.handout);
  if (handout !== undefined && ![1, 2, 3, 4, 6].includes(handout)) throw new UsageError(`--handout takes 1, 2, 3, 4 or 6, not "${values.handout}"`);
  const paper = values.paper ?? 'a4';
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper takes a4 or letter, not "${paper}"`);
  const log: Log = { info: (m) => io.out(m), warn: (m) => io.err(`warning: ${m}`), progress: progressLine(io) };
  const out = resolve(values.out ?? 'dist');
  let browser = browsers.open();
  const started = Date.now();
  const options: BuildOptions = { inputs: inputs.length ? inputs : ['slides'], pdf: !values['no-pdf'], handout, paper, images: values.images, pptx: values.pptx, audience: values.notes ? 'both' : 'students', otherCourses: await readManifests(out), log, browser };
  let result: BuildResult;
  try {
    result = await build(options);
  } catch (e) {
    // Chromium run as one process (render/chromium.ts) may quit now and then, at its start or in the
    // middle of the work: once more, with its own processes. One run so from the start is not tried again.
    if (!browserLost(e) || !browser.wasOneProcess) throw e;
    io.err('estrade: note: Chromium quit while running as one process; building again with its own processes');
    await browser.close();
    browser = browsers.open();
    result = await build({ ...options, browser });
  }
  // Chromium has done its part: it stops (and its profile goes) while the files are written.
  const stopping = browser.close();
  for (const d of result.diagnostics.filter((d) => d.severity !== 'info')) io.err(formatDiagnostic(d));
  await writeArtifacts(out, result.artifacts);
  await stopping;
  timing(log)('written');
  const dir = values.out ?? 'dist';
  if (result.withNotes.length && !values.notes) io.err(`estrade: note: speaker notes are left out of ${dir}/ (it may be published); \`estrade build --notes\` adds the teacher's copies (<deck>.teacher.html)`);
  if (result.withNotes.length && values.notes) io.err(`estrade: note: ${dir}/ holds the teacher's copies with speaker notes (*.teacher.html): do not publish them`);
  io.out(`built ${builtSummary(result.manifests)} into ${values.out ?? 'dist'}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

/** What a build made, counted as the course pages count it: "1 course: 5 section decks (20 slides)
 *  and the whole course (22 slides)". */
export function builtSummary(manifests: Manifest[]): string {
  const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
  const decks = manifests.reduce((n, m) => n + m.decks.length, 0);
  const slides = manifests.reduce((n, m) => n + m.decks.reduce((k, d) => k + d.slides, 0), 0);
  const whole = manifests.filter((m) => m.full);
  const wholeSlides = whole.reduce((n, m) => n + m.full!.slides, 0);
  const wholePart = whole.length ? ` and ${whole.length > 1 ? `${whole.length} whole courses` : 'the whole course'} (${plural(wholeSlides, 'slide')})` : '';
  return `${plural(manifests.length, 'course')}: ${plural(decks, 'section deck')} (${plural(slides, 'slide')})${wholePart}`;
}


function openBrowser(url: string): void {
  const [cmd, ...args] = process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url];
  const child = spawn(cmd!, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/** A session started, or stopped again (its Chromium with it) when it cannot start. */
async function started<T>(session: { start(): Promise<T>; stop(): Promise<void> }): Promise<T> {
  try {
    return await session.start();
  } catch (e) {
    await session.stop().catch(() => undefined);
    throw e;
  }
}

async function runDev(values: Values, inputs: string[], io: Io, browsers: CommandBrowsers): Promise<number> {
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not "${values.port}"`);
  const host = values.host;
  const shared = host !== undefined && !LOOPBACK.test(host);
  if (shared) io.err(`warning: listening on ${host}: anyone who can reach this machine can see your slides`);
  const log: Log = { info: (m) => io.out(m), warn: (m) => io.err(`warning: ${m}`), note: browsers.note, progress: () => undefined };
  const { DevSession } = await import('./dev/session.ts');
  // Speaker notes are served only to this machine (DevSession): with --host, students may open the pages.
  if (shared) io.err('estrade: note: speaker notes are not served to other machines; preview them with `estrade dev` on 127.0.0.1');
  // The browser opens as soon as the port listens: it starts while the course is fitted, and each
  // page shows as soon as its section is ready.
  const open = values['no-open'] ? () => undefined : openBrowser;
  const session = new DevSession({ inputs: inputs.length ? inputs : ['slides'], port, host, log, chromium: browsers.takeEarly(), early: { listening: open } });
  const url = await started(session);
  io.out(`serving ${url} — watching for changes (Ctrl+C to stop)`);
  await nextInterrupt();
  await session.stop();
  return 0;
}

async function runPresent(values: Values, inputs: string[], io: Io, browsers: CommandBrowsers): Promise<number> {
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not "${values.port}"`, 'present');
  const minutes = values.minutes === undefined ? undefined : Number(values.minutes);
  if (minutes !== undefined && !(minutes > 0 && minutes <= 600)) throw new UsageError(`--minutes takes the minutes of the lesson, such as 55, not "${values.minutes}"`, 'present');
  const log: Log = { info: (m) => io.out(m), warn: (m) => io.err(`warning: ${m}`), note: browsers.note, progress: () => undefined };
  const { PresentSession } = await import('./present/session.ts');
  const session = new PresentSession({ inputs: inputs.length ? inputs : ['slides'], port, host: values.host, minutes, newLesson: !!values['new-lesson'], names: !!values.names, ...(values.lessons ? { lessons: resolve(values.lessons) } : {}), log, chromium: browsers.takeEarly() });
  const urls = await started(session);
  // Exactly one line a view on standard output, `name: URL`, for people and for scripts alike.
  for (const [name, url] of Object.entries(urls)) io.out(`${name}: ${url}`);
  io.err('estrade: note: the projector, presenter and remote addresses carry your key: give the students only theirs (Ctrl+C to stop)');
  if (!values['no-open']) {
    openBrowser(urls.projector);
    openBrowser(urls.presenter);
  }
  await nextInterrupt();
  await session.stop();
  return 0;
}

async function runLesson(values: Values, inputs: string[], io: Io, browsers: CommandBrowsers): Promise<number> {
  const log: Log = { info: () => undefined, warn: (m) => io.err(`warning: ${m}`), progress: () => undefined };
  const { writeLesson } = await import('./present/lesson-command.ts');
  const written = await writeLesson({ inputs: inputs.length ? inputs : ['slides'], lesson: values.lesson, all: !!values.all, log, browser: browsers.open() });
  await browsers.close();
  // Each file whole or not at all: written beside, then renamed over the last one.
  for (const f of written.files) {
    await writeFile(`${f.path}.part`, f.contents);
    await rename(`${f.path}.part`, f.path);
    io.out(`wrote ${f.path}`);
  }
  return 0;
}

async function runBrowser(args: string[], io: Io): Promise<number> {
  if (args.length !== 1 || args[0] !== 'install') throw new UsageError(`browser takes one word: install${args.length ? `, not "${args.join(' ')}"` : ''}`, 'browser');
  const { installBrowser, puppeteerCache } = await import('./render/browsers.ts');
  const tty = io === consoleIo && process.stdout.isTTY;
  let shown = -1;
  const progress = (done: number, total: number) => {
    const percent = total ? Math.floor((done * 100) / total) : 0;
    if (percent === shown || (!tty && percent % 25 !== 0)) return;
    shown = percent;
    const bar = '#'.repeat(Math.floor(percent / 5)).padEnd(20, '.');
    const line = `downloading Chromium's headless shell [${bar}] ${percent}% of ${(total / 1e6).toFixed(0)} MB`;
    if (tty) process.stdout.write(`\r\x1b[2K${line}${done >= total ? '\n' : ''}`);
    else io.out(line);
  };
  try {
    const path = await installBrowser(progress);
    io.out(`installed: ${path} — estrade finds it there`);
    return 0;
  } catch (e) {
    const reason = String((e as { cause?: Error }).cause?.message ?? (e as Error).message ?? e).split('\n').pop()!.replace(/^\s*-\s*/, '');
    throw new EstradeError(`Chromium's headless shell could not be downloaded into ${puppeteerCache()} (${reason}) — install Chrome or Chromium (Debian: apt-get install chromium-headless-shell), or set CHROME_PATH to one`);
  }
}

async function runDoctor(values: Values, inputs: string[], io: Io, browsers: CommandBrowsers): Promise<number> {
  const { doctor } = await import('./doctor.ts');
  const report = await doctor(inputs.length ? inputs : ['slides'], values.fix ?? false, browsers.open());
  for (const d of report.diagnostics) (d.severity === 'info' ? io.out : io.err)(formatDiagnostic(d));
  for (const f of report.fixed) io.out(`${f.file}: ${f.what} (the original is kept as ${f.backup})`);
  const attention = report.diagnostics.filter((d) => d.severity !== 'info').length;
  io.out(attention ? `${attention} thing${attention > 1 ? 's' : ''} to look at` : 'nothing to fix');
  return attention ? 1 : 0;
}

/** Runs a command; `early` is a Chromium bin.ts started for it, closed at the end whatever happens. */
export async function main(argv: string[], io: Io = consoleIo, early?: Chromium): Promise<number> {
  const debug = argv.includes('--debug');
  const browsers = new CommandBrowsers(io, early);
  try {
    const [command, ...rest] = argv;
    if (command === '--version' || command === '-v') {
      io.out(version());
      return 0;
    }
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      (command ? io.out : io.err)(USAGE);
      return command ? 0 : 2;
    }
    if (!(command in COMMANDS)) {
      const meant = nearest(command, Object.keys(COMMANDS));
      throw new UsageError(`unknown command "${command}"${meant ? ` — did you mean "${meant}"?` : ''}`);
    }
    const { values, positionals } = options(command, rest);
    if (values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    switch (command) {
      case 'build':
        return await runBuild(values, positionals, io, browsers);
      case 'dev':
        return await runDev(values, positionals, io, browsers);
      case 'present':
        return await runPresent(values, positionals, io, browsers);
      case 'browser':
        return await runBrowser(positionals, io);
      case 'lesson':
        return await runLesson(values, positionals, io, browsers);
      default:
        return await runDoctor(values, positionals, io, browsers);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`estrade: ${e.message}`);
      io.err(e.command ? `usage: estrade ${e.command} ${COMMANDS[e.command]!.args} ${COMMANDS[e.command]!.options.map(optionUsage).join(' ')} (estrade ${e.command} --help says more)` : USAGE);
      return 2;
    }
    if (e instanceof BuildFailure) {
      for (const d of e.diagnostics) io.err(formatDiagnostic(d));
      io.err(`estrade: ${e.message}; nothing was written`);
      return 1;
    }
    if (e instanceof EstradeError) {
      io.err(`${e.toString()}`);
      if (debug) io.err(String(e.stack));
      return 1;
    }
    if (browserLost(e)) {
      io.err('estrade: Chromium quit during the work (it crashed or was stopped) — nothing was written; run the command again');
      if (debug) io.err(String((e as Error).stack));
      return 1;
    }
    io.err(`estrade: internal error — please report it with this trace:\n${(e as Error).stack ?? String(e)}`);
    return 1;
  } finally {
    await browsers.close();
  }
}
