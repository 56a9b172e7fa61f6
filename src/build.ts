// The whole pipeline: read → parse → plan decks → fit → render → export. Returns the artifacts;
// the CLI hands them to the one writer. Course problems are collected and reported together.
import { courseSlides, parseCourse } from './course/course.ts';
import { diagrams, fencedLines } from './course/fences.ts';
import { lineFinder } from './course/lines.ts';
import { latexDelimiters } from './course/maths.ts';
import { showableHtml } from './course/raw-html.ts';
import { courseName, marpDeck, numberedTitle, sectionDecks, wholeCourseDeck, type Deck } from './course/deck.ts';
import { deckMarkdown } from './course/marp-markdown.ts';
import type { Course, Diagnostic, Section, Slide } from './course/types.ts';
import { EstradeError } from './errors.ts';
import { localisedControls } from './export/controls.ts';
import { withDeckClock } from './export/deck-presenter.ts';
import { powerPoint, presenterHtml, warmUpPresenterHtml, type DeckSource } from './export/html.ts';
import { manifestJson, type DeckFiles, type Manifest } from './export/manifest.ts';
import { coursePage, siteIndex } from './export/site.ts';
import { firstSlidePictures } from './export/thumbnail.ts';
import type { Paper } from './export/handout.ts';
import { loadAssembly, printAll, type PrintJob } from './export/printed.ts';
import { embedDeckImages, embedImages, mayShowImage } from './files/images.ts';
import { displayPath, findCourses, publishedPath, readSource } from './files/source.ts';
import type { Artifact } from './files/write.ts';
import { findBrowser, type Browser } from './render/browser.ts';
import { Fitter, SMALLEST_DIAGRAM_PX } from './render/fit.ts';
import { diagramOf, drawDiagrams } from './render/diagrams.ts';
import { createEngine, hasNotes, renderDeck, SHOWN_HTML, type EstradeMarp, type RenderedDeck } from './render/marp.ts';
import { BUILT_IN_THEMES, loadThemes, themeFolders, themeFor, type Theme } from './render/themes.ts';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  /** A remark on how the work runs, not on the course (Chromium without its sandbox). */
  note?(message: string): void;
  progress(done: number, total: number, what: string): void;
}

export interface BuildOptions {
  inputs: string[];
  pdf: boolean;
  /** Slides a handout page; the course's front matter `handout`, else 3, when absent. */
  handout?: number;
  paper?: Paper;
  images?: boolean;
  pptx?: boolean;
  /** `both` writes the teacher's copies with speaker notes beside the students' decks. */
  audience?: Audience;
  /** `false`: no answer slides after questions, as `estrade present` shows the decks. */
  answers?: boolean;
  /** Courses already built in the output folder, listed on the index beside this build's. */
  otherCourses?: Manifest[];
  themeFolders?: string[];
  log: Log;
  /** The Chromium the build measures, draws and prints with: its caller's, who closes it. */
  browser: Browser;
}

export class BuildFailure extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`${diagnostics.length} problem${diagnostics.length > 1 ? 's' : ''} in the course`);
  }
}

export interface PlannedCourse {
  course: Course;
  name: string;
  source: string;
  theme: string;
  decks: Deck[];
  whole?: Deck;
  /** Its Mermaid diagrams being drawn, when planned with `drawLater`: fitCourse waits for them. */
  drawing?: Promise<void>;
  /** With `drawing`: when these diagrams are drawn (they are drawn in the course's order, a few first). */
  drawn?: (codes: string[]) => Promise<void>;
  /** The picture files the course shows, found or not: estrade dev watches them. */
  pictures: string[];
}

export interface BuiltDeck {
  course: PlannedCourse;
  deck: Deck;
  markdown: string;
  rendered: RenderedDeck;
}

export interface BuildResult {
  artifacts: Artifact[];
  manifests: Manifest[];
  diagnostics: Diagnostic[];
  /** Courses with speaker notes (left out of the students' decks). */
  withNotes: string[];
}

/** For whom a course is planned: `answers: false` leaves questions' answers out of every deck
 *  (`estrade present`'s students get them when the teacher closes the vote). */
export interface PlanFor {
  answers?: boolean;
  /** Plan without waiting for the diagrams (PlannedCourse.drawing): a build fits meanwhile. */
  drawLater?: boolean;
  /** Diagrams being drawn for another course: Mermaid's pages draw one course at a time. */
  after?: Promise<void>;
}

/**
 * Each slide as planned, by the slide as read, and each section: a save in estrade dev reads again
 * only the section it changed, and the others' slides are planned once (their decks made once, their
 * fitting found by the very same slides).
 */
const plannedSlides = new WeakMap<Slide, { slide: Slide; warnings: Diagnostic[] }>();
const plannedSections = new WeakMap<Section, Section>();

export async function planCourse(text: string, file: string, path: string, bench: Pick<Workbench, 'themes' | 'browser'>, diagnostics: Diagnostic[], planFor: PlanFor = {}): Promise<PlannedCourse> {
  const { themes } = bench;
  const { course: read, diagnostics: found } = parseCourse(text, file);
  diagnostics.push(...found);
  const lineOf = lineFinder(text);
  // The course as read is kept to read it again after an edit: its slides are planned as copies.
  const planned = (slide: Slide): Slide => {
    if (read.settings.marp) return { ...slide, notes: [...slide.notes] };
    const known = plannedSlides.get(slide);
    if (known) {
      diagnostics.push(...known.warnings);
      return known.slide;
    }
    const html = showableHtml(latexDelimiters(slide.body), SHOWN_HTML);
    const made = { ...slide, notes: [...slide.notes], body: html.markdown };
    const warnings = html.changes.map((change): Diagnostic => ({ file, line: lineOf(change.found.split('\n')[0]!, slide.line, slide.line), severity: 'warning', message: change.message }));
    diagnostics.push(...warnings);
    // A slide that shows a picture is embedded at each plan: the picture may have changed.
    if (!mayShowImage(made.body)) plannedSlides.set(slide, { slide: made, warnings });
    return made;
  };
  const opening = read.opening.map(planned);
  const sections = read.sections.map((s) => {
    const slides = s.slides.map(planned);
    const known = plannedSections.get(s);
    if (known?.slides.length === slides.length && known.slides.every((slide, i) => slide === slides[i])) return known;
    const section = { ...s, slides };
    plannedSections.set(s, section);
    return section;
  });
  const course = { ...read, opening, sections };
  const embedding = { diagnostics, pictures: new Set<string>() };
  if (!course.settings.marp) await embedImages(course, path, text, embedding);
  // Drawn while the build fits the slides without a diagram, when it asks so; else now.
  const { drawing, each } = drawCourseDiagrams(course, file, lineOf, diagnostics, bench.browser, planFor.after ?? Promise.resolve());
  drawing.catch(() => undefined);
  if (!planFor.drawLater) await drawing;
  const drawn = (codes: string[]) => Promise.all(codes.map((code) => each.get(code) ?? drawing)).then(() => undefined);
  const later = planFor.drawLater ? { drawing, drawn } : {};
  const pictures = () => [...embedding.pictures];
  const name = courseName(file);
  const available = [...BUILT_IN_THEMES, ...themes.map((t) => t.name)];
  const theme = course.settings.theme ?? themeFor(name, available);
  if (!available.includes(theme)) {
    diagnostics.push({ file, line: lineOf(/^theme:/, 1), severity: 'error', message: `unknown theme "${theme}" — use one of: ${available.join(', ')}, or add themes/${theme}.css (themes are looked for in Estrade's themes/, the project's themes/ and a themes/ folder beside the course)` });
  }
  if (course.settings.marp) return { course, name, source: file, theme, decks: [marpDeck(course, await embedDeckImages(course, path, text, embedding))], ...later, pictures: pictures() };
  if (!course.sections.length) {
    diagnostics.push({ file, line: course.bodyLine, severity: 'error', message: 'the course has no section — start each section with a "## " heading' });
  }
  const plan = { answers: planFor.answers !== false && course.settings.answers !== 'none' };
  return { course, name, source: file, theme, decks: sectionDecks(course, plan), whole: wholeCourseDeck(course, plan), ...later, pictures: pictures() };
}

const DIAGRAM_FENCE = /^\s*(?:>\s*)*(?:`{3,}|~{3,})\s*\{?mermaid\b/;

/** Diagrams drawn in the first batch; each next batch twice as many. */
const FIRST_DRAWN = 6;

/**
 * Draws a course's Mermaid diagrams once `after` settles (Mermaid's pages draw one course at a time),
 * in the course's order and a few at a time, so that its first sections can be fitted before its
 * last diagram is drawn (`each`: when each diagram is). One that Mermaid rejects is a warning with its line.
 */
function drawCourseDiagrams(course: Course, file: string, lineOf: ReturnType<typeof lineFinder>, diagnostics: Diagnostic[], browser: Browser, after: Promise<void>): { drawing: Promise<void>; each: Map<string, Promise<void>> } {
  // Slide by slide (a save reads again only the section it changed): each diagram's line is the next
  // opening of a Mermaid fence below its slide's heading.
  const found = course.settings.marp ? [] : courseSlides(course).flatMap((slide) => {
    let from = slide.line;
    return diagrams(slide.body).map((f) => {
      const line = lineOf(DIAGRAM_FENCE, slide.line, from);
      from = line + 1;
      return { code: f.content, line };
    });
  });
  const each = new Map<string, Promise<void>>();
  let chain = after.catch(() => undefined);
  for (let from = 0, size = FIRST_DRAWN; from < found.length; from += size, size *= 2) {
    const batch = found.slice(from, from + size).map((f) => f.code);
    chain = chain.then(() => drawDiagrams(batch, browser));
    for (const code of batch) if (!each.has(code)) each.set(code, chain);
  }
  for (const drawn of each.values()) drawn.catch(() => undefined);
  const drawing = chain.then(() => {
    for (const f of found) {
      const error = diagramOf(f.code)?.error;
      if (error) diagnostics.push({ file, line: f.line, severity: 'warning', message: `diagram error — ${error} (the slide shows its source; check it at mermaid.live)` });
    }
  });
  return { drawing, each };
}

export const plannedDecks = (planned: PlannedCourse) => [...planned.decks, ...(planned.whole ? [planned.whole] : [])];

/** The 1-based line where each slide of a Marp deck's body begins: after each `---` outside code. */
export function ownSlideLines(body: string, bodyLine: number): number[] {
  const starts = [bodyLine];
  const fenced = fencedLines(body);
  body.split('\n').forEach((line, i) => {
    if (!fenced[i] && /^---\s*$/.test(line)) starts.push(bodyLine + i + 1);
  });
  return starts;
}

export async function fitCourse(fitter: Fitter, planned: PlannedCourse, diagnostics: Diagnostic[], superseded?: () => boolean): Promise<void> {
  const file = planned.source;
  const own = planned.course.settings.marp ? planned.decks[0] : undefined;
  if (own?.markdown !== undefined) {
    const lines = ownSlideLines(planned.course.body, planned.course.bodyLine);
    for (const n of await fitter.overflowingOwnSlides(own, deckUsesHtml(planned, own.markdown))) {
      diagnostics.push({ file, line: lines[n - 1] ?? planned.course.bodyLine, severity: 'warning', message: `slide ${n} runs past the bottom of the slide (marp-cli cuts it too) — shorten it, split it with ---, or scale its heading with <!-- fit -->` });
    }
  }
  const fitted = await fitter.fit(plannedDecks(planned), planned.theme, superseded, planned.drawing);
  await planned.drawing;
  if (planned.whole) planned.whole = fitted.pop()!.deck;
  planned.decks = fitted.map((f) => f.deck);
  for (const note of fitted.flatMap((f) => f.notes)) {
    if (note.diagramPx !== undefined) {
      diagnostics.push({ file, line: note.line, severity: 'warning', message: `slide "${note.title}": its diagram's text is drawn at ${(Math.floor(note.diagramPx * 10) / 10).toFixed(1)} px, too small to read from the back of a class (${SMALLEST_DIAGRAM_PX} px at least) — split the diagram in two or shorten its labels` });
      continue;
    }
    diagnostics.push(note.unfit
      ? { file, line: note.line, severity: 'warning', message: `slide "${note.title}" has a block too big for one slide — shorten it or split it with ---` }
      : { file, line: note.line, severity: 'info', message: `slide "${note.title}" does not fit on one slide; Estrade splits it into ${note.parts} slides` });
  }
}

/** Renders one deck; `cache` (Markdown → render) lets the dev server skip decks a save left alone. */
/** A teacher's own Marp deck that writes HTML is rendered as `marp --html` would: as written. */
export const deckUsesHtml = (planned: PlannedCourse, markdown: string) => !!planned.course.settings.marp && /<[a-zA-Z][\w-]*[\s>/]/.test(markdown.replace(/<!--[\s\S]*?-->/g, ''));

const engineFor = (engine: EstradeMarp, planned: PlannedCourse, markdown: string) => (planned.course.settings.marp ? engine.forOwnDeck(deckUsesHtml(planned, markdown)) : engine);

/** A deck's Marp Markdown, rendered when first read: estrade dev renders a deck no page shows (the
 *  whole course, hundreds of slides) only when it exports it, not at every save. */
export function renderPlannedDeck(engine: EstradeMarp, planned: PlannedCourse, deck: Deck, cache?: Map<string, RenderedDeck>): BuiltDeck {
  const markdown = deckMarkdown(deck, { theme: planned.theme, author: planned.course.settings.author });
  let rendered: RenderedDeck | undefined;
  return {
    course: planned,
    deck,
    markdown,
    get rendered() {
      if (!rendered) {
        rendered = cache?.get(markdown) ?? renderDeck(engineFor(engine, planned, markdown), markdown);
        cache?.set(markdown, rendered);
      }
      return rendered;
    },
  };
}

export function renderPlanned(engine: EstradeMarp, planned: PlannedCourse): BuiltDeck[] {
  return plannedDecks(planned).map((deck) => renderPlannedDeck(engine, planned, deck));
}

function printJob(b: BuiltDeck, options: ExportOptions): PrintJob {
  const section = numberedTitle(b.deck) ?? '';
  return {
    base: `${b.course.name}/${b.deck.name}`,
    group: b.course.name,
    deck: b.rendered,
    meta: { title: b.deck.pageTitle, author: b.course.course.settings.author, subject: section || b.course.course.title, lang: b.deck.lang },
    course: b.course.course.title,
    section,
    handout: options.handout ?? b.course.course.settings.handout ?? 3,
    answers: b.course.course.settings.answers === 'handout',
    paper: options.paper ?? 'a4',
    pdf: options.pdf,
    images: options.images ?? false,
  };
}

/** The long-lived tools of a build: themes, the Marp engine, the browser its owner gave, the fitter with its cache. */
export interface Workbench {
  themes: Theme[];
  engine: EstradeMarp;
  browser: Browser;
  fitter: Fitter;
}

export async function openWorkbench(browser: Browser, themeFolders?: string[]): Promise<Workbench> {
  const themes = await loadThemes(themeFolders);
  const engine = createEngine([]);
  for (const theme of themes) {
    try {
      engine.addTheme(theme.css);
    } catch (e) {
      const err = e as { line?: number; reason?: string; message: string };
      throw new EstradeError(`the theme cannot be read: ${err.reason ?? err.message} — fix the CSS (the previous slides stay as they were)`, displayPath(theme.file), err.line);
    }
  }
  return { themes, engine, browser, fitter: new Fitter(engine, browser) };
}

/** Reads and plans courses; problems are collected, never thrown. */
export async function readCourses(paths: string[], bench: Workbench, log: Log, planFor: PlanFor = {}): Promise<{ planned: PlannedCourse[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const planned: PlannedCourse[] = [];
  for (const path of paths) {
    try {
      const source = await readSource(path);
      if (source.repairs.length) log.warn(`${source.file}: ${source.repairs.join('; ')} — run "estrade doctor --fix" to save the repaired text`);
      const course = await planCourse(source.text, source.file, path, bench, diagnostics, { ...planFor, after: planned.at(-1)?.drawing });
      planned.push(course);
    } catch (e) {
      if (!(e instanceof EstradeError)) throw e;
      diagnostics.push({ file: e.file ?? path, line: e.line ?? 1, severity: 'error', message: e.message });
    }
  }
  const names = new Set<string>();
  for (const p of planned) {
    if (names.has(p.name)) diagnostics.push({ file: p.source, line: 1, severity: 'error', message: `two courses would both be written to "${p.name}/" — rename one of the files` });
    names.add(p.name);
  }
  return { planned, diagnostics };
}

export const deckKey = (b: BuiltDeck) => `${b.course.name}--${b.deck.name}`;

/**
 * Who the presenter HTML is for. `students` (the default): no speaker notes anywhere, safe to
 * publish or serve to the class. `teacher`: notes in the decks themselves (the dev preview on this
 * machine only). `both`: the students' decks, and the teacher's copies beside them as
 * `NN-<section>.teacher.html` (`estrade build --notes`).
 */
export type Audience = 'students' | 'teacher' | 'both';

export interface ExportOptions {
  pdf: boolean;
  audience?: Audience;
  /** Presenter HTML made earlier, by what it was made from: a session remakes only the decks that changed. */
  htmlCache?: Map<string, string>;
  images?: boolean;
  pptx?: boolean;
  handout?: number;
  paper?: Paper;
  log: Log;
  phase?: (what: string) => void;
}

/** Presenter HTML, PDFs, pictures and course pages of built decks, as artifacts and manifests. */
export async function exportCourses(planned: PlannedCourse[], built: BuiltDeck[], bench: Workbench, options: ExportOptions): Promise<{ artifacts: Artifact[]; manifests: Manifest[] }> {
  const phase = options.phase ?? (() => undefined);
  // Chromium prints and photographs while marp-cli's templating runs here.
  const printing = options.pdf || options.images ? printAll(built.map((b) => printJob(b, options)), bench.browser, options.log.progress) : Promise.resolve([]);
  const picturing = firstSlidePictures(planned.map((p) => ({ name: p.name, decks: built.filter((b) => b.course === p && b.deck.index !== undefined).map((b) => ({ key: `${b.deck.name}.html`, rendered: b.rendered, lang: b.deck.lang })) })), bench.browser);
  // Awaited below, after the presenter HTML: a failure meanwhile (Chromium quit) is heard there,
  // not reported by Node as unhandled, which ends the process with a stack trace.
  printing.catch(() => undefined);
  picturing.catch(() => undefined);
  const pages = await deckPages(built, bench, options);
  phase('presenter HTML');
  const [printed, pictures] = await Promise.all([printing, picturing]);
  phase('PDFs and pictures');

  const artifacts: Artifact[] = [...printed, ...pages];
  if (options.pptx) {
    const pptx = await powerPoint(built.map((b) => ({ name: deckKey(b), markdown: b.markdown })), bench.themes.map((t) => t.file), findBrowser());
    for (const b of built) artifacts.push({ path: `${b.course.name}/${b.deck.name}.pptx`, contents: pptx.get(deckKey(b))! });
    phase('PowerPoint');
  }
  const manifests: Manifest[] = [];
  for (const p of planned) {
    const manifest = courseManifest(p, built.filter((b) => b.course === p).map((b) => ({ deck: b.deck, slides: b.rendered.slides })), options);
    artifacts.push({ path: `${p.name}/manifest.json`, contents: manifestJson(manifest) });
    artifacts.push({ path: `${p.name}/index.html`, contents: coursePage(manifest, pictures.get(p.name)) });
    manifests.push(manifest);
  }
  return { artifacts, manifests };
}

/** What a course's manifest says of its decks (the whole course's among them), and of their files. */
export function courseManifest(p: PlannedCourse, decks: { deck: Deck; slides: number }[], options: Pick<ExportOptions, 'pdf' | 'pptx'>): Manifest {
  const files = ({ deck, slides }: { deck: Deck; slides: number }): DeckFiles => ({
    slides,
    html: `${deck.name}.html`,
    ...(options.pdf ? { pdf: `${deck.name}.pdf`, handout: `${deck.name}-handout.pdf` } : {}),
    ...(options.pptx ? { pptx: `${deck.name}.pptx` } : {}),
  });
  const whole = decks.find((d) => d.deck.index === undefined);
  return {
    course: p.name,
    title: p.course.title,
    lang: p.course.lang,
    source: publishedPath(p.source),
    decks: decks.filter((d) => d.deck.index !== undefined).map((d) => ({ index: d.deck.index ?? 0, title: d.deck.title, slug: d.deck.name, ...files(d) })),
    ...(whole ? { full: files(whole) } : {}),
  };
}

/** The presenter HTML page of each deck (and the teacher's, with notes, when the audience is both). */
export async function deckPages(built: BuiltDeck[], bench: Workbench, options: Pick<ExportOptions, 'audience' | 'htmlCache'>): Promise<Artifact[]> {
  const audience = options.audience ?? 'students';
  const sources = built.map((b) => ({ name: deckKey(b), markdown: b.markdown, html: deckUsesHtml(b.course, b.markdown), own: !!b.course.course.settings.marp, notes: audience === 'teacher' }));
  const teachers = audience === 'both' ? sources.filter((_s, i) => hasNotes(built[i]!.rendered)).map((s) => ({ ...s, name: `${s.name}.teacher`, notes: true })) : [];
  const html = await cachedPresenterHtml([...sources, ...teachers], bench.themes.map((t) => t.file), options.htmlCache);
  const pages: Artifact[] = [];
  for (const b of built) {
    const deckHtml = (template: string) => withDeckClock(localisedControls(template, b.deck.lang), b.deck);
    pages.push({ path: `${b.course.name}/${b.deck.name}.html`, contents: deckHtml(html.get(deckKey(b)) ?? '') });
    const teacher = html.get(`${deckKey(b)}.teacher`);
    if (teacher !== undefined) pages.push({ path: `${b.course.name}/${b.deck.name}.teacher.html`, contents: deckHtml(teacher) });
  }
  return pages;
}

/** Presenter HTML of the decks, taking from `cache` what was made from the same Markdown before. */
async function cachedPresenterHtml(decks: DeckSource[], themeFiles: string[], cache: Map<string, string> | undefined): Promise<Map<string, string>> {
  if (!cache) return presenterHtml(decks, themeFiles);
  const keyOf = (d: DeckSource) => JSON.stringify([!!d.notes, !!d.own, !!d.html, d.markdown]);
  const out = new Map<string, string>();
  const missing = decks.filter((d) => {
    const known = cache.get(keyOf(d));
    if (known !== undefined) out.set(d.name, known);
    return known === undefined;
  });
  if (!missing.length) return out;
  const made = await presenterHtml(missing, themeFiles);
  if (cache.size > 200) cache.clear();
  for (const d of missing) {
    const page = made.get(d.name);
    if (page === undefined) continue;
    cache.set(keyOf(d), page);
    out.set(d.name, page);
  }
  return out;
}

export const timing = (log: Log) => (what: string) => process.env.ESTRADE_TIMING && log.info(`  ${String(Math.round(performance.now())).padStart(5)} ms: ${what}`);

export async function build(options: BuildOptions): Promise<BuildResult> {
  // ESTRADE_TIMING=1 prints where a build spends its time, in milliseconds since the process started.
  const phase = timing(options.log);
  phase('build starts');
  const files = await findCourses(options.inputs);
  const bench = await openWorkbench(options.browser, options.themeFolders ?? themeFolders(files));
  // The measuring page, then (when printing) one more printing page and one for the course-page
  // pictures: the tabs Chromium opened at its start when it could (src/bin.ts), new pages
  // otherwise, while the courses are read and measured. Once slides fit, the measuring page is lent
  // to the next job (every page is a renderer process to start). Failures surface where the pages
  // are used.
  bench.fitter
    .warmUp()
    .then(() => bench.browser.preparePages(options.pdf || options.images ? 2 : 0))
    .catch(() => undefined);
  try {
    const { planned, diagnostics } = await readCourses(files, bench, options.log, { answers: options.answers, drawLater: true });
    if (diagnostics.some((d) => d.severity === 'error')) throw new BuildFailure(diagnostics);
    phase('read and planned');
    const fitting = (async () => {
      for (const p of planned) await fitCourse(bench.fitter, p, diagnostics);
    })();
    // marp-cli and pdf-lib load, and marp-cli warms up, while the main thread mostly waits for Chromium.
    const warming = planned[0] ? warmUpPresenterHtml(planned[0].theme, bench.themes.map((t) => t.file)) : Promise.resolve();
    if (options.pdf) loadAssembly().catch(() => undefined);
    await Promise.all([fitting, warming]);
    const measuring = bench.fitter.release();
    if (measuring) bench.browser.lendPage(measuring);
    const cost = bench.fitter.cost;
    phase(`fitted (${Math.round(cost.ms)} ms in Chromium, ${cost.passes} passes, ${cost.measured} slides measured)`);
    const built = planned.flatMap((p) => renderPlanned(bench.engine, p));
    const { artifacts, manifests } = await exportCourses(planned, built, bench, { ...options, phase });
    const others = (options.otherCourses ?? []).filter((o) => !manifests.some((m) => m.course === o.course));
    artifacts.push({ path: 'index.html', contents: siteIndex([...manifests, ...others].sort((a, b) => a.course.localeCompare(b.course))) });
    const withNotes = planned.filter((p) => built.some((b) => b.course === p && hasNotes(b.rendered))).map((p) => p.name);
    return { artifacts, manifests, diagnostics, withNotes };
  } finally {
    await bench.fitter.dispose();
  }
}
