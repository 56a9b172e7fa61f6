// The output is swapped in whole: a build that fails while writing, or is interrupted with Ctrl+C at
// any moment, leaves the previous dist/ byte for byte, and nothing in the temporary folder.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/export/manifest.ts';
import { writeArtifacts, type Artifact } from '../src/files/write.ts';
import { findBrowser } from '../src/render/browser.ts';
import { SYSTEM_BROWSERS } from '../src/render/chromium.ts';
import { fingerprint } from './helpers/fingerprint.ts';
import { tempDir } from './helpers/temp.ts';


function previousOutput(): string {
  const out = join(tempDir('estrade-swap-'), 'dist');
  mkdirSync(join(out, 'docker'), { recursive: true });
  mkdirSync(join(out, 'other-course'));
  writeFileSync(join(out, 'index.html'), '<p>previous build</p>');
  writeFileSync(join(out, 'docker', 'manifest.json'), '{"course":"docker"}');
  writeFileSync(join(out, 'docker', '01-old.pdf'), 'old pdf');
  writeFileSync(join(out, 'other-course', 'index.html'), 'another course');
  return out;
}

const artifacts: Artifact[] = [
  { path: 'docker/manifest.json', contents: '{"course":"docker","new":true}' },
  { path: 'docker/01-new.html', contents: '<p>new</p>' },
  { path: 'docker/01-new.pdf', contents: new Uint8Array([1, 2, 3]) },
  { path: 'index.html', contents: '<p>new index</p>' },
];

describe('writing the output', () => {
  it('replaces the rebuilt course and the index, keeps the other courses, drops stale files', async () => {
    const out = previousOutput();
    await writeArtifacts(out, artifacts);
    expect(Object.keys(fingerprint(out)).sort()).toEqual(['/docker/01-new.html', '/docker/01-new.pdf', '/docker/manifest.json', '/index.html', '/other-course/index.html']);
    expect(readFileSync(join(out, 'other-course', 'index.html'), 'utf8')).toBe('another course');
    expect(readdirSync(join(out, '..'))).toEqual(['dist']);
  });

  it.each([0, 1, 3])('leaves the previous output byte for byte when writing fails after %i files', async (after) => {
    const out = previousOutput();
    const before = fingerprint(out);
    let written = 0;
    const failing = {
      async writeFile(path: string, contents: string | Uint8Array) {
        if (written++ === after) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        writeFileSync(path, contents);
      },
    };
    await expect(writeArtifacts(out, artifacts, failing)).rejects.toThrow(/cannot write the output \(the disk is full\) — choose a writable folder with --out; the previous output is unchanged/);
    expect(fingerprint(out)).toEqual(before);
    expect(readdirSync(join(out, '..'))).toEqual(['dist']);
  });
});

/** Runs `estrade build` as a process and sends it SIGINT after `ms`, or when its output first shows
 *  `at`; its own temporary folder. `interrupted`: whether the signal was sent. */
function interruptedBuild(out: string, tmp: string, when: number | RegExp): Promise<{ code: number | null; stderr: string; interrupted: boolean }> {
  return new Promise((done) => {
    const child = spawn('node', ['lib/estrade.js', 'build', 'slides/docker.md', '--out', out], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let interrupted = false;
    const interrupt = () => {
      interrupted = true;
      child.kill('SIGINT');
    };
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (typeof when !== 'number' && !interrupted && when.test(d.toString())) interrupt();
    });
    const timer = typeof when === 'number' ? setTimeout(interrupt, when) : undefined;
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr, interrupted });
    });
  });
}

describe('Ctrl+C during estrade build', () => {
  it.each([150, 500, 900, 1300, 1800])('after %i ms: the old output or the new one, whole, and nothing left behind', async (ms) => {
    const out = previousOutput();
    const before = fingerprint(out);
    const tmp = tempDir('estrade-sigint-');
    const { code, stderr } = await interruptedBuild(out, tmp, ms);
    // null: the signal came before Estrade had started anything, or after it had finished, while
    // Node was ending (Node's default is to die then): the old output or the new one.
    expect([0, 130, null], stderr).toContain(code);
    expect(stderr).not.toMatch(/error|\n\s+at /i);
    const unchanged = JSON.stringify(fingerprint(out)) === JSON.stringify(before);
    if (code === 130 && !/the new output was written/.test(stderr)) {
      expect(stderr).toMatch(/^estrade: interrupted \(SIGINT\) — nothing was written; the previous output is unchanged$/m);
      expect(fingerprint(out)).toEqual(before);
    } else if (code === null && unchanged) {
      expect(stderr).not.toMatch(/built|written/);
    } else {
      if (code === 130) expect(stderr).toMatch(/^estrade: interrupted \(SIGINT\) — the new output was written$/m);
      const manifest = JSON.parse(readFileSync(join(out, 'docker', 'manifest.json'), 'utf8')) as Manifest;
      for (const deck of manifest.decks) for (const file of [deck.html, deck.pdf!, deck.handout!]) expect(existsSync(join(out, 'docker', file)), file).toBe(true);
      expect(readFileSync(join(out, 'other-course', 'index.html'), 'utf8')).toBe('another course');
    }
    expect(readdirSync(join(out, '..'))).toEqual(['dist']);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);

  it('while it prints (told by its first "printing" line, not by a clock): exit 130, the previous output byte for byte, nothing left behind', async () => {
    const out = previousOutput();
    const before = fingerprint(out);
    const tmp = tempDir('estrade-sigint-');
    const { code, stderr, interrupted } = await interruptedBuild(out, tmp, /^printing 1\//m);
    expect(interrupted).toBe(true);
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^estrade: interrupted \(SIGINT\) — nothing was written; the previous output is unchanged$/m);
    expect(fingerprint(out)).toEqual(before);
    expect(readdirSync(join(out, '..'))).toEqual(['dist']);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);
});

/** Runs `estrade build` of the Docker course into `out`, killing its Chromium (found by its profile
 *  folder, inside the build's temporary folder): every one as soon as it runs, or the first one
 *  only, once it prints (in the middle of the work). */
async function buildKillingChromium(out: string, tmp: string, every: boolean): Promise<{ code: number | null; stderr: string; killed: number }> {
  // ESTRADE_TIMING: the build says when the slides are fitted, when Chromium starts printing.
  const child = spawn('node', ['lib/estrade.js', 'build', 'slides/docker.md', '--out', out], { env: { ...process.env, TMPDIR: tmp, ESTRADE_TIMING: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let printing = false;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (printing ||= d.toString().includes('fitted')));
  let exited = false;
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => {
    exited = true;
    done(code);
  }));
  let killed = 0;
  for (let i = 0; i < 2000 && !exited && (every || !killed); i++) {
    await new Promise((r) => setTimeout(r, every ? 30 : 5));
    if (!every && !printing) continue;
    const pids = await new Promise<string>((done) => execFile('pgrep', ['-f', `user-data-dir=${tmp}`], (_e, stdout) => done(stdout)));
    let hit = false;
    for (const pid of pids.split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
        hit = true;
      } catch {
        // Gone already.
      }
    }
    if (hit) killed++;
  }
  return { code: await exit, stderr, killed };
}

describe('Chromium killed during estrade build', () => {
  it('every time: one line saying so, exit 1, the previous output byte for byte, nothing left in the temporary folder', async () => {
    const out = previousOutput();
    const before = fingerprint(out);
    const tmp = tempDir('estrade-killed-');
    const { code, stderr, killed } = await buildKillingChromium(out, tmp, true);
    expect(killed).toBeGreaterThan(0);
    expect(code, stderr).toBe(1);
    const lines = stderr.split('\n').filter((l) => l && !l.startsWith('estrade: note:'));
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^(estrade: Chromium quit during the work \(it crashed or was stopped\) — nothing was written; run the command again|estrade: error: Chromium at .* quit \(SIGKILL\) — set CHROME_PATH .*)$/);
    expect(fingerprint(out)).toEqual(before);
    expect(readdirSync(join(out, '..'))).toEqual(['dist']);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);

  it('once, while it runs as one process: the build runs again with Chromium\'s own processes and writes the course', async () => {
    const out = previousOutput();
    const tmp = tempDir('estrade-killed-once-');
    const { code, stderr, killed } = await buildKillingChromium(out, tmp, false);
    expect(killed).toBe(1);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('estrade: note: Chromium quit while running as one process; building again with its own processes');
    const manifest = JSON.parse(readFileSync(join(out, 'docker', 'manifest.json'), 'utf8')) as { decks: unknown[] };
    expect(manifest.decks).toHaveLength(5);
    expect(readFileSync(join(out, 'docker', 'docker-handout.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(tmp)).toEqual([]);
  }, 90_000);
});

describe('a build with full Chromium (what most teachers have)', () => {
  it('leaves nothing in the temporary folder, not even the folder Chromium keeps for itself', async () => {
    // Full Chromium when installed (CI installs it); otherwise whatever browser Estrade finds.
    const full = SYSTEM_BROWSERS.filter((b) => !/headless/.test(b)).find((b) => existsSync(b)) ?? findBrowser();
    const tmp = tempDir('estrade-full-chromium-');
    const out = join(tempDir('estrade-full-chromium-out-'), 'dist');
    await new Promise<void>((done, fail) => execFile('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--no-pdf', '--out', out], { env: { ...process.env, CHROME_PATH: full, TMPDIR: tmp } }, (e) => (e ? fail(e) : done())));
    expect(existsSync(join(out, 'short-course', 'manifest.json'))).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);
});
