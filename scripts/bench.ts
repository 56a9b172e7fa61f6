// `npm run bench [-- more-courses.md…]`: Estrade against marp-cli on the same slides, in the same
// run, cold processes, interleaved runs, medians and ratios. Shared machines are noisy: read the
// ratios, not the times. Rows:
//   1. the Docker course, full build against marp-cli HTML then PDF, on each browser installed
//      (Chromium's headless shell and full Chromium), marp-cli on the same browser;
//   2. scaling: generated courses of 50 to 400 slides, HTML against marp-cli HTML, and the full
//      build of the 240-slide course against marp-cli HTML then PDF;
//   3. a slide holding a 400-line code block, against the Docker course, and twenty diagrams
//      against the same course without them;
//   4. live editing, save to visible, `estrade dev` against `marp --server`;
//   5. the classroom: `estrade present` with 100 students following the teacher, then answering a question;
//   6. the courses given as arguments: build time, exit status, warnings.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseCourse } from '../src/course/course.ts';
import { sectionDecks, wholeCourseDeck } from '../src/course/deck.ts';
import { deckMarkdown } from '../src/course/marp-markdown.ts';
import { classroomLoad, classroomLine, percentile, questionLine, questionLoad } from './bench-classroom.ts';
import puppeteer from 'puppeteer-core';
import { findBrowser } from '../src/render/browser.ts';
import { isHeadlessShell, sandboxUnavailable } from '../src/render/chromium.ts';

const DOCKER = 'slides/docker.md';
const extraCourses = process.argv.slice(2).map((c) => resolve(c));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'estrade-bench-'));
// At the end, and also when a build fails and the bench stops there.
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const marp = join(root, 'node_modules/@marp-team/marp-cli/marp-cli.js');
const theme = join(root, 'themes/docker.css');
const estrade = join(root, 'lib/estrade.js');

const median = (xs: number[]) => percentile(xs, 50);
const time = (args: string[], browserPath: string) => {
  const started = performance.now();
  // TMPDIR: marp-cli leaves its browser profiles in the temporary folder; they go with the bench's.
  try {
    execFileSync('node', args, { cwd: root, env: { ...process.env, CHROME_PATH: browserPath, TMPDIR: work }, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`${args.map((a) => basename(a)).join(' ')} failed on ${basename(browserPath)}:\n${String((e as { stderr?: Buffer }).stderr ?? e)}`);
  }
  return performance.now() - started;
};

/** The decks Estrade builds from a course, as Marp Markdown files for marp-cli. */
function marpInputs(course: string, name: string): { dir: string; slides: number } {
  const { course: parsed } = parseCourse(readFileSync(course, 'utf8'), course);
  const decks = [...sectionDecks(parsed), wholeCourseDeck(parsed)];
  const dir = join(work, `md-${name}`);
  mkdirSync(dir);
  // marp-cli's engine draws maths with MathJax, which is not installed: KaTeX, as Estrade does.
  for (const d of decks) writeFileSync(join(dir, `${d.name}.md`), deckMarkdown(d, { theme: 'docker' }).replace(/^---\n/, '---\nmath: katex\n'));
  return { dir, slides: decks.reduce((n, d) => n + d.slides.length, 0) };
}

/** A course of about `slides` slides that each fit, ten to a section. */
function generatedCourse(slides: number): string {
  const sections = Math.ceil(slides / 10);
  const out = ['---', 'lang: fr', '---', `# Cours de ${slides} diapositives`, ''];
  for (let s = 1; s <= sections; s++) {
    out.push(`## ${s}. Partie ${s} du cours`, '');
    for (let k = 1; k <= Math.min(10, slides - (s - 1) * 10); k++) {
      out.push(`### Notion ${s}.${k}`, '', `Un conteneur isole un processus ; l'image ${s}.${k} en fixe le contenu.`, '', '- une couche par instruction', '- un cache réutilisé', `- la commande \`docker run image-${k}\``, '');
    }
  }
  return out.join('\n');
}

/**
 * A denser course of about `slides` slides, written for the bench and never tuned for: long code
 * (10 to 30 lines), wide tables (9 rows of 5 columns), paragraphs, lists with displayed maths and
 * small diagrams, in turn; many of its slides must be split.
 */
function denseCourse(slides: number): string {
  const out = ['---', 'lang: en', '---', `# A dense course of ${slides} slides`, ''];
  const sentence = (n: number) => `Sentence ${n} explains how the scheduler picks the next process when the current one blocks on input.`;
  for (let s = 1; s <= Math.ceil(slides / 10); s++) {
    out.push(`## ${s}. Chapter ${s}`, '');
    for (let k = 1; k <= Math.min(10, slides - (s - 1) * 10); k++) {
      const n = (s - 1) * 10 + k;
      out.push(`### Topic ${s}.${k}`, '');
      switch (n % 5) {
        case 0:
          out.push(`| process | state | priority | CPU time | memory |`, '| --- | --- | --- | --- | --- |', ...Array.from({ length: 9 }, (_, r) => `| worker-${n}-${r} | ${r % 2 ? 'running' : 'waiting on disk'} | ${r * 3} | ${r * 17} ms | ${r * 64} MiB |`), '');
          break;
        case 1:
          out.push('```python', ...Array.from({ length: 10 + (n % 21) }, (_, l) => `    total_${l} = compute(step=${l}, chunk=${n}, retries=3)  # line ${l + 1}`), '```', '');
          break;
        case 2:
          for (let p = 0; p < 3; p++) out.push([sentence(n * 3 + p), sentence(n * 3 + p + 1), sentence(n * 3 + p + 2)].join(' '), '');
          break;
        case 3:
          out.push(...Array.from({ length: 8 }, (_, i) => `- item ${i + 1} of topic ${n}: a scheduler keeps a queue per priority`), '', '$$', `T_{${n}} = \\sum_{i=1}^{${n}} \\frac{w_i}{c_i + ${n}}`, '$$', '');
          break;
        default:
          out.push(sentence(n), '', '```mermaid', 'graph LR', `  A${n}[Ready] --> B${n}[Running]`, `  B${n} --> C${n}[Blocked]`, `  C${n} --> A${n}`, '```', '');
      }
    }
  }
  return out.join('\n');
}

const file = (name: string, text: string) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};

const browsers = [...new Set(['/usr/bin/chromium-headless-shell', '/usr/bin/chromium', process.env.CHROME_PATH ?? ''].filter((b) => b && existsSync(b)))];
if (!browsers.length) browsers.push(findBrowser());
const rows: string[] = [];
const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
const row = (what: string, a: number[], b: number[], goal: string) =>
  rows.push(`| ${what} | ${(median(a) / 1000).toFixed(2)} s | ${(median(b) / 1000).toFixed(2)} s | **${ratio(a, b)}** | ${goal} |`);
const say = (line: string) => process.stdout.write(`${line}\n`);

// BENCH_ONLY=dev: only live editing (estrade dev on the Docker, 240-slide and dense courses, and
// marp --server), in a few minutes.
const devOnly = process.env.BENCH_ONLY === 'dev';

// 1. The Docker course on each browser.
const docker = marpInputs(DOCKER, 'docker');
for (const path of devOnly ? [] : browsers) {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = join(work, `docker-${i}`);
    ours.push(time([estrade, 'build', DOCKER, '--out', join(out, 'estrade')], path));
    theirs.push(time([marp, '--theme-set', theme, '--input-dir', docker.dir, '--output', join(out, 'marp')], path) + time([marp, '--theme-set', theme, '--pdf', '--input-dir', docker.dir, '--output', join(out, 'marp')], path));
    say(`docker on ${basename(path)}, run ${i + 1}/${runs}: estrade ${Math.round(ours[i]!)} ms, marp-cli ${Math.round(theirs[i]!)} ms`);
  }
  row(`Docker course, full build ÷ marp-cli HTML then PDF, both on ${basename(path)}`, ours, theirs, basename(path).includes('shell') ? '≤ 0.35' : '≤ 0.5');
}

// 2. Scaling, on the first browser (BENCH_BROWSER to choose another for this and what follows).
const main = process.env.BENCH_BROWSER || browsers[0]!;
const scaling: string[] = [];
// BENCH_ONLY=print: only the rows that printing changes (the Docker course on each browser and the
// 240-slide full build), in a few minutes.
const printOnly = process.env.BENCH_ONLY === 'print';
for (const slides of printOnly || devOnly ? [] : [50, 100, 200, 400]) {
  const course = file(`scale-${slides}.md`, generatedCourse(slides));
  const inputs = marpInputs(course, `scale-${slides}`);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = join(work, `scale-${slides}-${i}`);
    ours.push(time([estrade, 'build', course, '--no-pdf', '--out', join(out, 'estrade')], main));
    theirs.push(time([marp, '--theme-set', theme, '--input-dir', inputs.dir, '--output', join(out, 'marp')], main));
  }
  say(`${slides}-slide course: estrade ${Math.round(median(ours))} ms, marp-cli ${Math.round(median(theirs))} ms`);
  scaling.push(`| ${slides} (${inputs.slides} in all decks) | ${(median(ours) / 1000).toFixed(2)} s | ${(median(theirs) / 1000).toFixed(2)} s | ${ratio(ours, theirs)} | ${(median(ours) / slides).toFixed(0)} ms |`);
}
if (!devOnly) {
  const course = file('scale-240.md', generatedCourse(240));
  const inputs = marpInputs(course, 'scale-240');
  const html: number[] = [];
  const full: number[] = [];
  const marpHtml: number[] = [];
  const marpFull: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = join(work, `scale-240-${i}`);
    html.push(time([estrade, 'build', course, '--no-pdf', '--out', join(out, 'estrade-html')], main));
    full.push(time([estrade, 'build', course, '--out', join(out, 'estrade')], main));
    const h = time([marp, '--theme-set', theme, '--input-dir', inputs.dir, '--output', join(out, 'marp')], main);
    marpHtml.push(h);
    marpFull.push(h + time([marp, '--theme-set', theme, '--pdf', '--input-dir', inputs.dir, '--output', join(out, 'marp')], main));
    say(`240-slide course, run ${i + 1}/${runs}: estrade ${Math.round(full[i]!)} ms, marp-cli ${Math.round(marpFull[i]!)} ms`);
  }
  row(`240-slide course, HTML ÷ marp-cli HTML (${basename(main)})`, html, marpHtml, '≤ 3');
  row(`240-slide course, full build ÷ marp-cli HTML then PDF (${basename(main)})`, full, marpFull, '≤ 0.5');
}

// 2b. The dense course: HTML against marp-cli HTML on the same slides (Estrade's decks as split), on each browser.
if (!devOnly && (!printOnly || process.env.BENCH_DENSE)) {
  const course = file('dense-240.md', denseCourse(240));
  const inputs = marpInputs(course, 'dense-240');
  for (const browser of browsers) {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const out = join(work, `dense-${basename(browser)}-${i}`);
      ours.push(time([estrade, 'build', course, '--no-pdf', '--out', join(out, 'estrade')], browser));
      theirs.push(time([marp, '--theme-set', theme, '--input-dir', inputs.dir, '--output', join(out, 'marp')], browser));
    }
    row(`dense 240-slide course (code, tables, maths, diagrams), HTML ÷ marp-cli HTML (${basename(browser)})`, ours, theirs, '≤ 3');
  }
}

const sayRows = () => {
  say(`\n${runs} cold runs each, interleaved, medians (BENCH_RUNS to change):\n`);
  say('| what | Estrade | marp-cli | ratio | goal |\n| --- | --- | --- | --- | --- |');
  for (const r of rows) say(r);
};
if (printOnly) {
  sayRows();
  process.exit(0);
}

// 3. A 400-line code block against the Docker course.
if (!devOnly) {
  const lines = Array.from({ length: 400 }, (_, i) => `echo "ligne ${i + 1} du script"`);
  const course = file('code-400.md', `---\nlang: fr\n---\n# Un long script\n\n## 1. Le script\n\n### Tout le script\n\n\`\`\`sh\n${lines.join('\n')}\n\`\`\`\n`);
  const code: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    code.push(time([estrade, 'build', course, '--no-pdf', '--out', join(work, `code-${i}`)], main));
    base.push(time([estrade, 'build', DOCKER, '--no-pdf', '--out', join(work, `code-docker-${i}`)], main));
  }
  row('a slide holding a 400-line code block ÷ the Docker course, both HTML', code, base, '≤ 2');
}

// 3b. Twenty Mermaid diagrams against the same course without them.
if (!devOnly) {
  const course = (diagrams: boolean) => {
    const out = ['---', 'lang: fr', '---', '# Schémas', ''];
    for (let s = 1; s <= 2; s++) {
      out.push(`## ${s}. Partie ${s}`, '');
      for (let k = 1; k <= 10; k++) {
        out.push(`### Schéma ${s}.${k}`, '', `Le client parle au serveur numéro ${k}.`, '');
        if (diagrams) out.push('```mermaid', 'graph LR', `  Client${k} --> Serveur${k}`, `  Serveur${k} --> Base${k}`, `  Serveur${k} --> Cache${k}`, '```', '');
      }
    }
    return out.join('\n');
  };
  const withDiagrams = file('diagrams-20.md', course(true));
  const without = file('diagrams-0.md', course(false));
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(time([estrade, 'build', withDiagrams, '--out', join(work, `diagrams-${i}`)], main));
    b.push(time([estrade, 'build', without, '--out', join(work, `no-diagrams-${i}`)], main));
  }
  row('a course of 20 slides with a Mermaid diagram each ÷ the same without them, full builds', a, b, '< 2');
}

// 4. Live editing: save-to-visible latency of `estrade dev` and `marp --server` on the same section.
const saves = Number(process.env.BENCH_SAVES ?? 12);
const { course: parsedDocker } = parseCourse(readFileSync(DOCKER, 'utf8'), DOCKER);
const section = sectionDecks(parsedDocker)[1]!;
const marker = (i: number) => `marqueur${i}x`;
const original = readFileSync(DOCKER, 'utf8');
const needle = section.slides.find((s) => s.kind === 'content')!.body.split('\n')[0]!;

async function startServer(args: string[], ready: RegExp, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn('node', args, { cwd: root, env: { ...process.env, CHROME_PATH: main, TMPDIR: work, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')} did not start`)), 60_000);
    const look = (d: Buffer) => ready.test(d.toString()) && (clearTimeout(timer), done());
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
  });
  return child;
}

// The browser that watches the pages a save changes, as a student's would.
let watcher: ReturnType<typeof puppeteer.launch> | undefined;
const watching = () =>
  (watcher ??= puppeteer.launch({ executablePath: main, headless: isHeadlessShell(main) ? 'shell' : true, userDataDir: join(work, 'watcher'), args: sandboxUnavailable() ? ['--no-sandbox'] : [], env: { ...process.env, TMPDIR: work } }));

async function latencies(url: string, path: string, edit: (i: number) => string): Promise<number[]> {
  const page = await (await watching()).newPage();
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 500));
  const times: number[] = [];
  for (let i = 0; i < saves; i++) {
    const started = performance.now();
    writeFileSync(path, edit(i));
    await page.waitForFunction((m) => document.body?.textContent?.includes(m), { timeout: 30_000, polling: 'mutation' }, marker(i));
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 150));
  }
  await page.close();
  return times;
}

/** `estrade dev` on a course written into a folder of its own: how long until the page at `page`
 *  is served (`ready`, asked for from the start, as an open page does) and until every page and the
 *  index are (`all`: "serving" printed), then save to visible for edits of that page (`edit(i)`: the
 *  course's text, save i). */
async function devOn(folder: string, file: string, text: string, port: number, page: string, edit: (i: number) => string): Promise<{ ready: number; all: number; times: number[] }> {
  const dir = join(work, folder);
  mkdirSync(dir);
  const path = join(dir, file);
  writeFileSync(path, text);
  const started = performance.now();
  const url = `http://127.0.0.1:${port}${page}`;
  let ready = 0;
  const asking = (async () => {
    while (!ready) {
      const served = await fetch(url).then(async (r) => r.ok && (await r.text()).includes('<svg'), () => false);
      if (served) ready = performance.now() - started;
      else await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const server = await startServer([estrade, 'dev', dir, '--no-open', '--port', String(port)], /serving/);
  const all = performance.now() - started;
  await asking;
  const times = await latencies(url, path, edit);
  server.kill();
  return { ready, all, times };
}

const { ready: dockerReady, all: dockerAll, times: devTimes } = await devOn('live', 'docker.md', original, 8391, `/docker/${section.name}.html`, (i) => original.replace(needle, `${needle} ${marker(i)}`));

// The same on a 240-slide course: how long `estrade dev` takes to be ready, and save to visible.
const bigText = generatedCourse(240);
const { ready: bigReady, all: bigAll, times: bigTimes } = await devOn('live-240', 'cours.md', bigText, 8394, '/cours/02-partie-2-du-cours.html', (i) => bigText.replace("l'image 2.3 en fixe", `l'image 2.3 ${marker(i)} en fixe`));

// And on the dense course (written for the bench, never tuned for): against the Docker course's.
const denseText = denseCourse(240);
const { ready: denseReady, all: denseAll, times: denseTimes } = await devOn('live-dense', 'dense.md', denseText, 8395, '/dense/02-chapter-2.html', (i) => denseText.replace('Sentence 36 explains', `Sentence 36 ${marker(i)} explains`));

const marpDir = join(work, 'marp-live');
mkdirSync(marpDir);
const marpDeck = join(marpDir, `${section.name}.md`);
const marpSource = deckMarkdown(section, { theme: 'docker' });
writeFileSync(marpDeck, marpSource);
// marp-cli takes its server port from the PORT variable.
const marpServer = await startServer([marp, '--server', marpDir, '--theme-set', theme], /Start server|listening|http:\/\//i, { PORT: '8392' });
const marpTimes = await latencies(`http://localhost:8392/${section.name}.md`, marpDeck, (i) => marpSource.replace(needle, `${needle} ${marker(i)}`));
marpServer.kill();
await (await watcher)?.close();
row('`estrade dev` ÷ `marp --server`, save to visible', devTimes, marpTimes, '≤ 0.4');
const devLines = () => {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  say(`\n"Ready": from the start of \`estrade dev\` until the section page asked for from the start is served; "all": until every page and the index are ("serving" printed).`);
  say(`\n\`estrade dev\` on the 240-slide course: ready in ${s(bigReady)} (goal < 5 s), all in ${s(bigAll)}; save to visible p50 ${Math.round(median(bigTimes))} ms (goal ≤ 60 ms)`);
  say(`\n\`estrade dev\` on the dense 240-slide course: ready in ${s(denseReady)}, ${(denseReady / dockerReady).toFixed(2)}× the Docker course's ${s(dockerReady)} (goal ≤ 3×); all in ${s(denseAll)}, ${(denseAll / dockerAll).toFixed(2)}× the Docker course's ${s(dockerAll)}; save to visible p50 ${Math.round(median(denseTimes))} ms, ${(median(denseTimes) / median(devTimes)).toFixed(2)}× the Docker course's ${Math.round(median(devTimes))} ms (goal ≤ 1.5×)`);
  say(`\nSave to visible, save by save (ms): Docker ${devTimes.map(Math.round).join(' ')}; dense ${denseTimes.map(Math.round).join(' ')}`);
};
if (devOnly) {
  sayRows();
  devLines();
  process.exit(0);
}

// 5. The classroom: `estrade present` with 100 students (scripts/bench-classroom.ts).
const classroom = await classroomLoad({ estrade, course: DOCKER, cwd: root, env: { ...process.env, CHROME_PATH: main, TMPDIR: work } });
const question = await questionLoad({ estrade, cwd: root, env: { ...process.env, CHROME_PATH: main, TMPDIR: work } });

// 6. Courses given as arguments: what a teacher would see.
const courses: string[] = [];
for (const course of extraCourses) {
  const started = performance.now();
  const result = spawnSync('node', [estrade, 'build', course, '--out', join(work, `extra-${courses.length}`)], { cwd: root, env: { ...process.env, CHROME_PATH: main, TMPDIR: work }, encoding: 'utf8' });
  const ms = performance.now() - started;
  const warnings = (result.stderr.match(/: warning: /g) ?? []).length;
  const errors = (result.stderr.match(/: error: |internal error/g) ?? []).length;
  courses.push(`| ${basename(course)} | ${(ms / 1000).toFixed(1)} s | ${result.status} | ${warnings} | ${errors} |`);
}

sayRows();
devLines();
say(`\n${classroomLine(classroom)}`);
say(`\n${questionLine(question)}`);
say(`\nScaling (HTML, on ${basename(main)}): build time grows with slides\n`);
say('| slides | Estrade | marp-cli | ratio | Estrade per slide |\n| --- | --- | --- | --- | --- |');
for (const r of scaling) say(r);
if (courses.length) {
  say('\nOther courses (full build):\n');
  say('| course | time | exit | warnings | errors |\n| --- | --- | --- | --- | --- |');
  for (const r of courses) say(r);
}
