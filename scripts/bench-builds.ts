// `npm run bench:builds`: the same course built again and again with one browser (CHROME_PATH, full
// Chromium by default), as a teacher's machine builds all day: does any build need a second try
// (Chromium quitting mid-build), and does the time per build drift? Not a test: a measure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { percentile } from './bench-classroom.ts';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_BUILDS ?? 200);
const course = process.argv[2] ?? join(root, 'slides', 'docker.md');
const env = { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' };
const work = mkdtempSync(join(tmpdir(), 'estrade-bench-builds-'));
const times: number[] = [];
let retried = 0;
let failed = 0;
try {
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = spawnSync('node', [join(root, 'lib/estrade.js'), 'build', course, '--out', join(work, 'dist')], { env, encoding: 'utf8' });
    times.push(performance.now() - started);
    if (run.status !== 0) failed++;
    if (/building again/.test(run.stderr)) retried++;
    if ((i + 1) % 20 === 0) process.stdout.write(`${i + 1} builds: median ${(percentile(times, 50) / 1000).toFixed(2)} s, ${retried} retried, ${failed} failed\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const first = times.slice(0, 20);
const last = times.slice(-20);
process.stdout.write(`${runs} full builds (HTML, PDF, handouts) of ${course} with ${env.CHROME_PATH}: ${failed} failed, ${retried} needed a second try; per build min ${(Math.min(...times) / 1000).toFixed(2)} s, median ${(percentile(times, 50) / 1000).toFixed(2)} s, p95 ${(percentile(times, 95) / 1000).toFixed(2)} s, max ${(Math.max(...times) / 1000).toFixed(2)} s; median of the first 20 ${(percentile(first, 50) / 1000).toFixed(2)} s, of the last 20 ${(percentile(last, 50) / 1000).toFixed(2)} s\n`);
if (failed || retried) process.exitCode = 1;
