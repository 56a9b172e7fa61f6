// The command a teacher types, as a process of its own (lib/estrade.js, compiled by npm's prepare script), with the
// opt-in formats: handouts on Letter two a page, slide images and PowerPoint.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/export/manifest.ts';
import { readPdf } from './helpers/pdf.ts';
import { tempDir } from './helpers/temp.ts';

const run = promisify(execFile);

/** The Chromium processes a process started itself, by their parent in /proc (Linux). */
function chromiumChildren(parent: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
      return Number(rest.split(' ')[1]) === parent && /chrom|headless/i.test(comm) ? [Number(d)] : [];
    } catch {
      return [];
    }
  });
}

describe('estrade build, as a process', () => {
  it('writes every requested format for every deck', async () => {
    const out = tempDir('estrade-process-');
    const { stdout } = await run('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--out', out, '--handout', '2', '--paper', 'letter', '--images', '--pptx']);
    expect(stdout).toMatch(/built 1 course: 1 section deck \(\d+ slides\) and the whole course \(\d+ slides\) into/);
    const dir = join(out, 'short-course');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    for (const deck of [...manifest.decks, manifest.full!]) {
      const handout = await readPdf(join(dir, deck.handout!));
      expect(handout.pages).toBe(Math.ceil(deck.slides / 2));
      expect(handout.sizes[0]).toEqual({ width: 612, height: 792 });
      const images = readdirSync(join(dir, deck.html.replace(/\.html$/, '')));
      expect(images).toHaveLength(deck.slides);
      // Each a whole slide of its own, cut from the page where the slides are laid out one under the other.
      const pngs = images.map((name) => readFileSync(join(dir, deck.html.replace(/\.html$/, ''), name)));
      for (const png of pngs) expect([png.subarray(1, 4).toString(), png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual(['PNG', 1280, 720]);
      expect(new Set(pngs.map((png) => png.toString('base64'))).size).toBe(pngs.length);
      const pptx = readFileSync(join(dir, deck.pptx!)).toString('latin1');
      expect(pptx.startsWith('PK')).toBe(true);
      expect(new Set(pptx.match(/ppt\/slides\/slide\d+\.xml/g)).size).toBe(deck.slides);
    }
  }, 180_000);
});

describe('estrade present, as a process', () => {
  it('prints exactly one "name: URL" line per view, serves them, and stops on Ctrl+C', async () => {
    // Its lessons in a folder of the test's, not beside the fixture.
    const lessons = join(tempDir('estrade-lessons-'), 'lessons');
    const child = spawn('node', ['lib/estrade.js', 'present', 'tests/fixtures/small/short-course.md', '--no-open', '--port', '0', '--host', '127.0.0.1', '--lessons', lessons], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no students line:\n${stdout}`)), 90_000);
      child.stdout.on('data', () => /^students: /m.test(stdout) && (clearTimeout(timer), done()));
    });
    const lines = stdout.trim().split('\n');
    expect(lines.map((l) => l.split(': ')[0])).toEqual(['projector', 'presenter', 'remote', 'students']);
    const urls = Object.fromEntries(lines.map((l) => l.split(': ') as [string, string]));
    for (const view of ['projector', 'presenter', 'remote']) expect(urls[view]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\w+#key=[\w-]{32,}$/);
    expect(urls.students).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    for (const url of Object.values(urls)) expect((await fetch(url)).status).toBe(200);
    // One Chromium: the one started while Node loaded, taken over by the session, not a second one.
    const chromium = chromiumChildren(child.pid!);
    expect(chromium).toHaveLength(1);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(chromiumChildren(child.pid!)).toEqual([]);
    expect(existsSync(`/proc/${chromium[0]}`)).toBe(false);
    expect(existsSync('tests/fixtures/small/lessons')).toBe(false);
    expect(readdirSync(lessons)).toHaveLength(1);
  }, 120_000);
});

describe('estrade dev, interrupted while it starts', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('stops at %s, its Chromium and Chromium\'s profile gone, in one line', async (signal) => {
    const tmp = tempDir('estrade-dev-interrupted-');
    const child = spawn('node', ['lib/estrade.js', 'dev', 'tests/fixtures/small/short-course.md', '--no-open', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    // Chromium is started while Node loads, long before the course is served.
    await expect.poll(() => readdirSync(tmp).some((f) => f.startsWith('estrade-chromium-')), { timeout: 30_000, interval: 10 }).toBe(true);
    const chromium = chromiumChildren(child.pid!);
    child.kill(signal);
    expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(out).not.toMatch(/serving/);
    expect(out).toMatch(new RegExp(`^estrade: interrupted \\(${signal}\\)`, 'm'));
    expect(readdirSync(tmp)).toEqual([]);
    // Killed: gone, or a zombie its new parent has not reaped yet, at most a moment after.
    const running = (pid: number) => {
      try {
        return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    for (const pid of chromium) await expect.poll(() => running(pid), { timeout: 5_000 }).toBe(false);
  }, 60_000);
});

describe('a temporary folder with a long name', () => {
  // Chromium's socket in TMPDIR must fit in 108 bytes (104 on macOS, where TMPDIR is ~49 characters).
  const browsers = ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'].filter((b) => existsSync(b));
  it.each(browsers)('builds with %s under a TMPDIR of 100 characters with a space, and leaves it empty', async (browser) => {
    const root = tempDir('estrade-long-');
    const long = join(root, 'un dossier temporaire au nom très long'.padEnd(100 - root.length - 1, 'x'));
    expect(long.length).toBe(100);
    mkdirSync(long);
    const out = join(tempDir('estrade-test-'), 'dist');
    await run('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--no-pdf', '--out', out], { env: { ...process.env, TMPDIR: long, CHROME_PATH: browser } });
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(readdirSync(long)).toEqual([]);
  }, 60_000);
});

describe('a Chromium that cannot be given a pipe (a snap, WSL)', () => {
  const real = ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'].find((b) => existsSync(b));

  const shell = ['/usr/bin/chromium-headless-shell'].find((b) => existsSync(b));
  it.runIf(shell)('builds again with its own processes when the shell run as one process crashes before it answers', async () => {
    // A headless shell that dies of a segmentation fault at once when run as one process, as the
    // shell did now and then on this machine (exit 139), and works with its own processes.
    const launcher = join(tempDir('estrade-segv-'), 'chromium-headless-shell');
    writeFileSync(launcher, `#!/bin/sh\nfor a in "$@"; do [ "$a" = --single-process ] && kill -SEGV $$; done\nexec ${shell} "$@"\n`);
    chmodSync(launcher, 0o755);
    const out = join(tempDir('estrade-test-'), 'dist');
    const { stderr } = await run('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--out', out], { env: { ...process.env, CHROME_PATH: launcher } });
    expect(stderr).toMatch(/^estrade: note: Chromium quit while running as one process; building again with its own processes$/m);
    expect((await readPdf(join(out, 'short-course', 'short-course.pdf'))).pages).toBeGreaterThan(1);
  }, 90_000);

  it.runIf(real)('builds with a snap-like launcher that refuses --remote-debugging-pipe, over a WebSocket', async () => {
    // Where snaps live (/snap/bin/chromium), a launcher that quits on the pipe flag, as a confined
    // snap cannot pass the pipe on.
    const bin = join(tempDir('estrade-snap-'), 'snap', 'bin');
    mkdirSync(bin, { recursive: true });
    const launcher = join(bin, 'chromium');
    writeFileSync(launcher, `#!/bin/sh\nfor a in "$@"; do [ "$a" = --remote-debugging-pipe ] && { echo "this Chromium cannot use the pipe" >&2; exit 1; }; done\nexec ${real} "$@"\n`);
    chmodSync(launcher, 0o755);
    const out = join(tempDir('estrade-test-'), 'dist');
    await run('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--out', out], { env: { ...process.env, CHROME_PATH: launcher } });
    const pdf = await readPdf(join(out, 'short-course', 'short-course.pdf'));
    expect(pdf.pages).toBeGreaterThan(1);
  }, 90_000);

  it.runIf(real)('is reached over a WebSocket when ESTRADE_BROWSER_CONNECTION=websocket says so, and says how to change it when it quits', async () => {
    const out = join(tempDir('estrade-test-'), 'dist');
    await run('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--out', out], { env: { ...process.env, CHROME_PATH: real, ESTRADE_BROWSER_CONNECTION: 'websocket' } });
    expect((await readPdf(join(out, 'short-course', 'short-course-handout.pdf'))).pages).toBeGreaterThan(0);
    // A browser that quits at once, with the pipe: the one line names the setting.
    const quits = join(tempDir('estrade-quits-'), 'chromium');
    writeFileSync(quits, '#!/bin/sh\nexit 1\n');
    chmodSync(quits, 0o755);
    const failed = await run('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--out', join(out, 'again')], { env: { ...process.env, CHROME_PATH: quits } }).catch((e: { stderr: string; code: number }) => e);
    expect('code' in failed && failed.code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/quit \(exit 1\).*ESTRADE_BROWSER_CONNECTION=websocket if it runs as a snap or under WSL/);
  }, 90_000);
});

describe('estrade browser install', () => {
  it('says in one line why the download failed, and where a browser can come from', async () => {
    const cache = tempDir('estrade-cache-');
    const result = await run('node', ['lib/estrade.js', 'browser', 'install'], { env: { ...process.env, PUPPETEER_CACHE_DIR: cache, HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', NO_PROXY: '' } }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^estrade: error: Chromium's headless shell could not be downloaded into ${cache} \\(.+\\) — install Chrome or Chromium .*CHROME_PATH.*\\n$`));
  });
});

describe('npm install: the headless shell, when it can be had', () => {
  const fetchShell = (env: Record<string, string>) => run('node', ['scripts/fetch-shell.mjs'], { env: { ...process.env, CHROME_PATH: '', PUPPETEER_EXECUTABLE_PATH: '', PUPPETEER_SKIP_DOWNLOAD: '', ...env } });

  it('looks no further when the machine has the shell', async () => {
    const { stdout } = await fetchShell({ ESTRADE_SHELL_PATHS: process.execPath });
    expect(stdout).toBe('');
  });

  it('gives up in one line, without failing the install, when the download cannot be made', async () => {
    // No shell on this "machine", an empty cache, and a network that answers nothing.
    const { stdout } = await fetchShell({ ESTRADE_SHELL_PATHS: '', PUPPETEER_CACHE_DIR: tempDir('estrade-cache-'), HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', NO_PROXY: '' });
    expect(stdout).toMatch(/^estrade: note: Chromium's headless shell could not be downloaded \(.+\); PDFs are printed with the browser installed\n$/);
  });
});
