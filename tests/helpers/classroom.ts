// The classroom as the tests open it: a view in a browser context of its own (a device of its own),
// and `estrade present` as a process of its own, that a test may kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { PresentSession, type PresentOptions } from '../../src/present/session.ts';
import { testBrowser } from './browser.ts';
import { tempDir } from './temp.ts';

/** A view opened at `url` on the server at `base`, once it shows its words and its slide number. */
export async function openView(base: string, url: string, width: number, height: number, pages: Page[]): Promise<Page> {
  const page = await (await (await testBrowser()).createBrowserContext()).newPage();
  await page.setViewport({ width, height });
  pages.push(page);
  await page.goto(url.replace(/^http:\/\/[^/]+/, base), { waitUntil: 'load' });
  await page.waitForFunction(() => document.title !== 'Estrade' && /^#\d+$/.test(location.hash), { timeout: 20_000 });
  return page;
}

export interface PresentProcess {
  child: ChildProcess;
  /** The students' address without its last slash. */
  base: string;
  key: string;
}

/** `estrade present` on a course of `dir`, with a temporary folder inside `dir` (a process killed with
 *  -9 cleans nothing up: the test's folder goes with everything in it). Keep `dir`'s name short:
 *  Chromium's socket path under it must stay short (render/chromium.ts). */
export function startPresentProcess(dir: string, course: string): Promise<PresentProcess> {
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const child = spawn('node', ['lib/estrade.js', 'present', join(dir, course), '--no-open', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no students line:\n${stdout}`)), 90_000);
    child.stdout.on('data', () => {
      const m = /^remote: (http:\/\/[^/]+)\/remote#key=(\S+)$/m.exec(stdout);
      if (!m || !/^students: /m.test(stdout)) return;
      clearTimeout(timer);
      done({ child, base: m[1]!, key: decodeURIComponent(m[2]!) });
    });
  });
}

/** Stops it: `SIGKILL` as a power cut would, `SIGINT` as Ctrl+C. */
export async function stopPresentProcess(p: PresentProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((done) => p.child.once('exit', done));
  p.child.kill(signal);
  await exited;
}

/** A copy of the quiz fixture in a folder of the test's (present writes its lessons beside it). */
export function quizCopy(prefix: string): string {
  const dir = tempDir(prefix);
  writeFileSync(join(dir, 'quiz.md'), readFileSync('tests/fixtures/quiz.md'));
  return dir;
}

/** `estrade present` in this process on a copy of the quiz fixture, on 127.0.0.1. */
export async function presentQuiz(prefix: string, options: Pick<PresentOptions, 'names'> = {}) {
  const dir = quizCopy(prefix);
  const session = new PresentSession({ inputs: [join(dir, 'quiz.md')], port: 0, host: '127.0.0.1', log: { info: () => undefined, warn: () => undefined, progress: () => undefined }, ...options });
  const urls = await session.start();
  return { dir, session, urls, base: urls.students.replace(/\/$/, '') };
}

/** A teacher's call to the API, with a key (or none: `null`). */
export const teacherPost = (base: string, path: string, body: object, key: string | null) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) }, body: JSON.stringify(body) });
