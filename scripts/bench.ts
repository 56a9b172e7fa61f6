// `npm run bench`: Estrade against marp-cli on the same slides, in the same run, cold processes,
// interleaved runs, medians and ratios. Shared machines are noisy: read the ratios, not the times.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCourse } from './course/course.ts';
import { sectionDecks, wholeCourseDeck } from './course/deck.ts';
import { deckMarkdown } from './course/marp-markdown.ts';
import { browser, disposeBrowser, findBrowser } from './render/browser.ts';

const course = process.argv[2] ?? 'slides/docker.md';
const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'estrade-bench-'));
// Estrade uses the browser it finds (Chromium's headless shell when installed). marp-cli runs twice:
// as installed, choosing its own browser, and on the very same browser as Estrade.
const ourBrowser = findBrowser();
const env = { ...process.env, CHROME_PATH: ourBrowser };
const marpOwnEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CHROME_PATH' && k !== 'PUPPETEER_EXECUTABLE_PATH'));

// The same decks Estrade builds, as Marp Markdown files for marp-cli.
const { course: parsed } = parseCourse(readFileSync(course, 'utf8'), course);
const decks = [...sectionDecks(parsed), wholeCourseDeck(parsed)];
const mdDir = join(work, 'md');
mkdirSync(mdDir);
for (const d of decks) writeFileSync(join(mdDir, `${d.name}.md`), deckMarkdown(d, { theme: 'docker' }));

const time = (cmd: string, args: string[], runEnv: NodeJS.ProcessEnv = env) => {
  const started = performance.now();
  execFileSync(cmd, args, { cwd: root, env: runEnv, stdio: 'ignore' });
  return performance.now() - started;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const marp = join(root, 'node_modules/@marp-team/marp-cli/marp-cli.js');
const theme = join(root, 'themes/docker.css');

const estrade: number[] = [];
const estradeHtml: number[] = [];
const marpCli: number[] = [];
const marpSameBrowser: number[] = [];
const marpHtml: number[] = [];
for (let i = 0; i < runs; i++) {
  const out = join(work, `run-${i}`);
  estrade.push(time('node', ['scripts/compiled/estrade.js', 'build', course, '--out', join(out, 'estrade')]));
  estradeHtml.push(time('node', ['scripts/compiled/estrade.js', 'build', course, '--no-pdf', '--out', join(out, 'estrade-html')]));
  const html = time('node', [marp, '--theme-set', theme, '--input-dir', mdDir, '--output', join(out, 'marp')], marpOwnEnv);
  const pdf = time('node', [marp, '--theme-set', theme, '--pdf', '--input-dir', mdDir, '--output', join(out, 'marp')], marpOwnEnv);
  const pdfSameBrowser = time('node', [marp, '--theme-set', theme, '--pdf', '--input-dir', mdDir, '--output', join(out, 'marp-same')]);
  marpHtml.push(html);
  marpCli.push(html + pdf);
  marpSameBrowser.push(html + pdfSameBrowser);
  process.stdout.write(`run ${i + 1}/${runs}: estrade ${Math.round(estrade[i]!)} ms, marp-cli ${Math.round(marpCli[i]!)} ms (on ${ourBrowser}: ${Math.round(marpSameBrowser[i]!)} ms)\n`);
}

// Live editing: save-to-visible latency of `estrade dev` and `marp --server` on the same section.
const saves = Number(process.env.BENCH_SAVES ?? 12);
const section = decks[1]!;
const marker = (i: number) => `marqueur${i}x`;
const original = readFileSync(course, 'utf8');
const needle = section.slides.find((s) => s.kind === 'content')!.body.split('\n')[0]!;

async function startServer(args: string[], ready: RegExp, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn('node', args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')} did not start`)), 60_000);
    const look = (d: Buffer) => ready.test(d.toString()) && (clearTimeout(timer), done());
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
  });
  return child;
}

async function latencies(url: string, file: string, edit: (i: number) => string): Promise<number[]> {
  const page = await (await browser()).newPage();
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 500));
  const times: number[] = [];
  for (let i = 0; i < saves; i++) {
    const started = performance.now();
    writeFileSync(file, edit(i));
    await page.waitForFunction((m) => document.body?.textContent?.includes(m), { timeout: 30_000, polling: 'mutation' }, marker(i));
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 150));
  }
  await page.close();
  return times;
}

const liveDir = join(work, 'live');
mkdirSync(liveDir);
const liveCourse = join(liveDir, 'docker.md');
writeFileSync(liveCourse, original);
const estradeDev = await startServer(['scripts/compiled/estrade.js', 'dev', liveDir, '--no-open', '--port', '8391'], /serving/);
const devTimes = await latencies(`http://127.0.0.1:8391/docker/${section.name}.html`, liveCourse, (i) => original.replace(needle, `${needle} ${marker(i)}`));
estradeDev.kill();

const marpDir = join(work, 'marp-live');
mkdirSync(marpDir);
const marpDeck = join(marpDir, `${section.name}.md`);
const marpSource = deckMarkdown(section, { theme: 'docker' });
writeFileSync(marpDeck, marpSource);
// marp-cli takes its server port from the PORT variable.
const marpServer = await startServer([marp, '--server', marpDir, '--theme-set', theme], /Start server|listening|http:\/\//i, { PORT: '8392' });
const marpTimes = await latencies(`http://localhost:8392/${section.name}.md`, marpDeck, (i) => marpSource.replace(needle, `${needle} ${marker(i)}`));
marpServer.kill();
await disposeBrowser();
rmSync(work, { recursive: true, force: true });

const row = (name: string, xs: number[]) => `${name.padEnd(58)} ${String(Math.round(median(xs))).padStart(6)} ms`;
console.log(`\n${decks.length} decks of ${course}, ${runs} cold runs each, medians:`);
console.log(row('estrade build (HTML + slides PDF + handouts)', estrade));
console.log(row('marp-cli HTML then PDF (same slides, its own browser)', marpCli));
console.log(row(`marp-cli HTML then PDF, on ${ourBrowser.split('/').pop()}`, marpSameBrowser));
console.log(row('estrade build --no-pdf (HTML, fitted, course pages)', estradeHtml));
console.log(row('marp-cli HTML', marpHtml));
console.log(`\nratio full build / marp-cli HTML+PDF: ${(median(estrade) / median(marpCli)).toFixed(2)}  (goal ≤ 0.5)`);
console.log(`  same, marp-cli on the same browser: ${(median(estrade) / median(marpSameBrowser)).toFixed(2)}`);
console.log(`ratio HTML build / marp-cli HTML:      ${(median(estradeHtml) / median(marpHtml)).toFixed(2)}`);
console.log(`\nlive editing, ${saves} saves each, save-to-visible medians:`);
console.log(row('estrade dev', devTimes));
console.log(row('marp --server', marpTimes));
console.log(`ratio estrade dev / marp --server:      ${(median(devTimes) / median(marpTimes)).toFixed(2)}  (goals: ≤ 100 ms, ratio ≤ 0.4)`);
