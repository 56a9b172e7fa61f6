// `npm run bench`: Estrade against marp-cli on the same slides, in the same run, cold processes,
// interleaved runs, medians and ratios. Shared machines are noisy: read the ratios, not the times.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCourse } from './course/course.ts';
import { sectionDecks, wholeCourseDeck } from './course/deck.ts';
import { deckMarkdown } from './course/marp-markdown.ts';
import { findBrowser } from './render/browser.ts';

const course = process.argv[2] ?? 'slides/docker.md';
const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'estrade-bench-'));
const env = { ...process.env, CHROME_PATH: findBrowser() };

// The same decks Estrade builds, as Marp Markdown files for marp-cli.
const { course: parsed } = parseCourse(readFileSync(course, 'utf8'), course);
const decks = [...sectionDecks(parsed), wholeCourseDeck(parsed)];
const mdDir = join(work, 'md');
mkdirSync(mdDir);
for (const d of decks) writeFileSync(join(mdDir, `${d.name}.md`), deckMarkdown(d, { theme: 'docker' }));

const time = (cmd: string, args: string[]) => {
  const started = performance.now();
  execFileSync(cmd, args, { cwd: root, env, stdio: 'ignore' });
  return performance.now() - started;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const marp = join(root, 'node_modules/@marp-team/marp-cli/marp-cli.js');
const theme = join(root, 'themes/docker.css');

const estrade: number[] = [];
const estradeHtml: number[] = [];
const marpCli: number[] = [];
const marpHtml: number[] = [];
for (let i = 0; i < runs; i++) {
  const out = join(work, `run-${i}`);
  estrade.push(time('node', ['bin/estrade.mjs', 'build', course, '--out', join(out, 'estrade')]));
  estradeHtml.push(time('node', ['bin/estrade.mjs', 'build', course, '--no-pdf', '--out', join(out, 'estrade-html')]));
  const html = time('node', [marp, '--theme-set', theme, '--input-dir', mdDir, '--output', join(out, 'marp')]);
  const pdf = time('node', [marp, '--theme-set', theme, '--pdf', '--input-dir', mdDir, '--output', join(out, 'marp')]);
  marpHtml.push(html);
  marpCli.push(html + pdf);
  process.stdout.write(`run ${i + 1}/${runs}: estrade ${Math.round(estrade[i]!)} ms, marp-cli ${Math.round(marpCli[i]!)} ms\n`);
}
rmSync(work, { recursive: true, force: true });

const row = (name: string, xs: number[]) => `${name.padEnd(58)} ${String(Math.round(median(xs))).padStart(6)} ms`;
console.log(`\n${decks.length} decks of ${course}, ${runs} cold runs each, medians:`);
console.log(row('estrade build (HTML + slides PDF + handouts)', estrade));
console.log(row('marp-cli HTML then PDF (same slides)', marpCli));
console.log(row('estrade build --no-pdf (HTML, fitted, course pages)', estradeHtml));
console.log(row('marp-cli HTML', marpHtml));
console.log(`\nratio full build / marp-cli HTML+PDF: ${(median(estrade) / median(marpCli)).toFixed(2)}  (goal ≤ 0.5)`);
console.log(`ratio HTML build / marp-cli HTML:      ${(median(estradeHtml) / median(marpHtml)).toFixed(2)}`);
