// `estrade <command>`: argument parsing, messages and exit codes (0 done, 1 the work failed, 2 bad usage).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build, BuildFailure, timing, type Log } from './build.ts';
import { formatDiagnostic } from './course/format.ts';
import { EstradeError } from './errors.ts';
import { readManifests } from './files/manifests.ts';
import { writeArtifacts } from './files/write.ts';
import { disposeBrowser } from './render/browser.ts';

export const USAGE = `usage: estrade build [inputs…] [--out DIR] [--no-pdf] [--handout 1|2|3|4|6] [--paper a4|letter] [--images] [--pptx]
       estrade dev [inputs…] [--port N] [--host H] [--no-open]
       estrade doctor [inputs…] [--fix]
       estrade --help`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

class UsageError extends Error {}

/** The options each command takes (besides --debug and --help). */
const COMMAND_OPTIONS: Record<string, string[]> = {
  build: ['out', 'no-pdf', 'handout', 'paper', 'images', 'pptx'],
  dev: ['port', 'host', 'no-open'],
  doctor: ['fix'],
};

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        'no-pdf': { type: 'boolean' },
        handout: { type: 'string' },
        paper: { type: 'string' },
        images: { type: 'boolean' },
        pptx: { type: 'boolean' },
        fix: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'no-open': { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
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

async function runBuild(values: ReturnType<typeof options>['values'], inputs: string[], io: Io): Promise<number> {
  const handout = values.handout === undefined ? undefined : Number(values.handout);
  if (handout !== undefined && ![1, 2, 3, 4, 6].includes(handout)) throw new UsageError(`--handout takes 1, 2, 3, 4 or 6, not "${values.handout}"`);
  const paper = values.paper ?? 'a4';
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper takes a4 or letter, not "${paper}"`);
  const log: Log = { info: (m) => io.out(m), warn: (m) => io.err(`warning: ${m}`), progress: progressLine(io) };
  const out = resolve(values.out ?? 'dist');
  const started = Date.now();
  const result = await build({ inputs: inputs.length ? inputs : ['slides'], pdf: !values['no-pdf'], handout, paper, images: values.images, pptx: values.pptx, otherCourses: await readManifests(out), log });
  for (const d of result.diagnostics.filter((d) => d.severity !== 'info')) io.err(formatDiagnostic(d));
  await writeArtifacts(out, result.artifacts);
  timing(log)('written');
  const decks = result.manifests.reduce((n, m) => n + m.decks.length, 0);
  io.out(`built ${decks} deck${decks > 1 ? 's' : ''} of ${result.manifests.length} course${result.manifests.length > 1 ? 's' : ''} into ${values.out ?? 'dist'}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

function openBrowser(url: string): void {
  const [cmd, ...args] = process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url];
  const child = spawn(cmd!, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

async function runDev(values: ReturnType<typeof options>['values'], inputs: string[], io: Io): Promise<number> {
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number, not "${values.port}"`);
  const host = values.host;
  if (host !== undefined && !LOOPBACK.test(host)) io.err(`warning: listening on ${host}: anyone who can reach this machine can see your slides`);
  const log: Log = { info: (m) => io.out(m), warn: (m) => io.err(`warning: ${m}`), progress: () => undefined };
  const { DevSession } = await import('./dev/session.ts');
  const session = new DevSession({ inputs: inputs.length ? inputs : ['slides'], port, host, log });
  const url = await session.start();
  io.out(`serving ${url} — watching for changes (Ctrl+C to stop)`);
  if (!values['no-open']) openBrowser(url);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await session.stop();
  return 0;
}

async function runDoctor(values: ReturnType<typeof options>['values'], inputs: string[], io: Io): Promise<number> {
  const { doctor } = await import('./doctor.ts');
  const report = await doctor(inputs.length ? inputs : ['slides'], values.fix ?? false);
  for (const d of report.diagnostics) (d.severity === 'info' ? io.out : io.err)(formatDiagnostic(d));
  for (const f of report.fixed) io.out(`${f.file}: repaired encoding and French spacing (the original is kept as ${f.backup})`);
  const attention = report.diagnostics.filter((d) => d.severity !== 'info').length;
  io.out(attention ? `${attention} thing${attention > 1 ? 's' : ''} to look at` : 'nothing to fix');
  return attention ? 1 : 0;
}

export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return command ? 0 : 2;
    }
    const { values, positionals } = options(rest);
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const allowed = COMMAND_OPTIONS[command] ?? [];
    const stray = Object.keys(values).find((k) => k !== 'debug' && !allowed.includes(k));
    if (stray && command in COMMAND_OPTIONS) throw new UsageError(`"estrade ${command}" has no option --${stray}`);
    switch (command) {
      case 'build':
        return await runBuild(values, positionals, io);
      case 'dev':
        return await runDev(values, positionals, io);
      case 'doctor':
        return await runDoctor(values, positionals, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`estrade: ${e.message}`);
      io.err(USAGE);
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
    io.err(`estrade: internal error — please report it with this trace:\n${(e as Error).stack ?? String(e)}`);
    return 1;
  } finally {
    await disposeBrowser();
  }
}
