// `estrade dev`: the build pipeline driven by file events. A save re-reads its course, fits only the
// slides not seen before (the fitter's cache), renders, and pushes the changed slides to the open
// pages at once; the presenter HTML and the index pages follow in the background.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import {
  courseManifest, deckKey, deckPages, exportCourses, fitCourse, openWorkbench, plannedDecks, readCourses, renderPlannedDeck, type BuiltDeck, type Log, type PlannedCourse, type Workbench,
} from '../build.ts';
import { courseSlides } from '../course/course.ts';
import { courseName, numberedTitle, type Deck } from '../course/deck.ts';
import { EstradeError } from '../errors.ts';
import { diagrams } from '../course/fences.ts';
import { formatDiagnostic } from '../course/format.ts';
import type { Slide } from '../course/types.ts';
import type { Manifest } from '../export/manifest.ts';
import type { DevMessage } from './protocol.ts';
import { coursePage, siteIndex } from '../export/site.ts';
import { warmUpPresenterHtml } from '../export/html.ts';
import { findCourses } from '../files/source.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { slideChanges } from '../render/slide-svgs.ts';
import { Superseded, type Fitter } from '../render/fit.ts';
import { Browser, browserLost } from '../render/browser.ts';
import type { Chromium } from '../render/chromium.ts';
import { themeFolders } from '../render/themes.ts';
import { deckPath, LOOPBACK } from './protocol.ts';
import { RebuildQueue } from './queue.ts';
import { DevServer } from './server.ts';

const EXPORT_DELAY_MS = 1000;
/** Slides of the sections served first when `estrade dev` starts and no page waits for another: a few sections. */
const FIRST_SERVED_SLIDES = 30;
/** How long the watcher may take to look through the folders before the pages are served anyway. */
const WATCH_START_MS = 20_000;
/** When a course is looked at again after its latest event: soon, then once more. */
const RECHECKS_MS = [40, 300];
/**
 * After a save's guess reaches the open pages, how long Chromium's measuring waits: on a machine
 * with few cores, measuring at once takes the CPU the teacher's browser needs to draw the change.
 */
const DRAW_FIRST_MS = 50;

/** A file's bytes, to tell later whether it is still what was built (undefined: it cannot be read). */
const fileBytes = (path: string) => {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
};
const sameBytes = (a: Buffer | undefined, b: Buffer | undefined) => (a && b ? a.equals(b) : a === b);

export interface DevOptions {
  inputs: string[];
  port: number;
  /** 127.0.0.1 unless told otherwise. */
  host?: string;
  log: Log;
  themeFolders?: string[];
  /** Also print the slides PDFs and handouts (estrade present offers them to students). */
  pdf?: boolean;
  /**
   * Who may reach the served pages. `teacher` (a preview on this machine): the decks carry the
   * speaker notes and the live updates too. `students` (the default: any other address, the
   * classroom): no notes in any page, file or update. By default, `teacher` on a loopback host only.
   */
  audience?: 'teacher' | 'students';
  /** Milliseconds the watcher may take to start (tests make it short). */
  watchStartMs?: number;
  /** A Chromium started for the session while Node loaded (src/bin.ts): the session's to use and close. */
  chromium?: Chromium;
  /**
   * Listen at once and serve each section as soon as it is fitted, the pages asked for first, instead
   * of when the whole course is (`estrade dev`: a long course's open pages come back in seconds).
   * `listening` is told the address then. The classroom waits for the whole course.
   */
  early?: { listening?: (url: string) => void };
}

/** A deck being served, as the classroom views know it. */
export interface ServedDeck {
  /** `course/slug`, e.g. `docker/01-intro`. */
  id: string;
  course: string;
  slug: string;
  title: string;
  lang: string;
  rendered: RenderedDeck;
  /** Minutes this part takes, when it says (`<!-- duration: … -->`). */
  duration?: number;
  /** Minutes a lesson lasts, when the course says (`duration:`). */
  courseDuration?: number;
  /** The part's slides as the teacher wrote them, before any was split to fit. */
  source: Slide[];
}

interface CourseState {
  planned: PlannedCourse;
  built: BuiltDeck[];
  manifest?: Manifest;
}

export class DevSession {
  readonly server = new DevServer();
  /** The session's Chromium, started with the first build, closed by stop(). */
  readonly browser: Browser;
  private bench!: Workbench;
  private readonly courses = new Map<string, CourseState>();
  private readonly rebuilds = new RebuildQueue<string>((paths) => this.rebuild(paths), (e) => this.report(e));
  private readonly exports = new RebuildQueue<string>((paths) => this.export(paths), (e) => this.report(e));
  /** Exposed for tests, which inject the watcher's errors. */
  watcher: FSWatcher | undefined;
  private readonly renders = new Map<string, RenderedDeck>();
  /** Presenter HTML by the Markdown it was made from: an export remakes only the decks that changed. */
  private readonly htmlCache = new Map<string, string>();
  /** What the open pages were last sent, deck by deck (`course/slug`): newer than `courses` while a save is pushed. */
  private readonly pushed = new Map<string, RenderedDeck>();
  /** What each deck's served page (`/course/deck.html`) shows, as its file was made. */
  private readonly served = new Map<string, RenderedDeck>();
  private serving = false;
  private readonly rechecks = new Map<string, NodeJS.Timeout[]>();
  /** Courses whose last save could not be built: their pages show the problems. */
  private readonly broken = new Set<string>();
  /** The last theme save could not be read: the previous themes are still in use. */
  private themeBroken = false;
  private readonly builtBytes = new Map<string, Buffer | undefined>();
  /** Manifests of courses served while they are fitted (`early`), their slides counted as written. */
  private readonly provisional = new Map<string, Manifest>();
  /** The local images each course shows, found or not yet: adding a missing one rebuilds it. */
  private readonly images = new Map<string, string[]>();
  private readonly exportsDue = new Set<string>();
  private exportTimer: NodeJS.Timeout | undefined;
  private readonly themeFolders: string[];
  /** Course files named on the command line, and folders whose .md files are courses. */
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  private readonly audience: 'teacher' | 'students';

  constructor(private readonly options: DevOptions) {
    this.browser = new Browser({ started: options.chromium, note: options.log.note });
    this.audience = options.audience ?? (LOOPBACK.test(options.host ?? '127.0.0.1') ? 'teacher' : 'students');
    this.server.greeting = (page) => this.catchUp(page);
    this.themeFolders = [...new Set((options.themeFolders ?? themeFolders(options.inputs.map((i) => (extname(i) ? i : join(i, 'course.md'))))).map((f) => resolve(f)))];
  }

  /** The notes the open pages may be sent: none when students can reach them. */
  private shownNotes(notes: string[][]): string[][] {
    return this.audience === 'teacher' ? notes : notes.map(() => []);
  }

  async start(): Promise<string> {
    for (const input of this.options.inputs) (existsSync(input) && !extname(input) ? this.folders : this.files).add(resolve(input));
    this.bench = await openWorkbench(this.browser, this.themeFolders);
    const paths = (await findCourses(this.options.inputs)).map((p) => resolve(p));
    let url: string;
    if (this.options.early) {
      url = await this.server.listen(this.options.port, this.options.host ?? '127.0.0.1');
      const built = this.rebuild(new Set(paths)).then(() => this.settled());
      this.server.holdUntil(built);
      this.options.early.listening?.(url);
      await built;
    } else {
      await this.rebuild(new Set(paths));
      await this.settled();
      url = await this.server.listen(this.options.port, this.options.host ?? '127.0.0.1');
    }
    // Course folders are watched with their subfolders, so images added later (even in a new
    // folder) are seen; images elsewhere are added as courses name them.
    this.watcher = watch([...this.folders, ...[...this.files].map(dirname), ...this.themeFolders.filter(existsSync)], {
      ignoreInitial: true,
      ignored: (path) => /(^|[\\/])(\.git|node_modules|dist)([\\/]|$)/.test(path),
    });
    this.watcher.on('all', (_event, path) => this.changed(resolve(path)));
    // Too many files watched (EMFILE, ENOSPC), a folder no longer readable (EACCES): said once a
    // kind, and the lesson goes on with what is still watched.
    const heard = new Set<string>();
    this.watcher.on('error', (e: unknown) => {
      const err = e as NodeJS.ErrnoException;
      const kind = err.code ?? err.message;
      if (heard.has(kind)) return;
      heard.add(kind);
      this.options.log.warn(`watching for edits: ${err.message ?? String(e)} — the slides are still served; edits may not show until estrade is started again`);
    });
    for (const [course, images] of this.images) this.watchImages(course, images);
    let waited: NodeJS.Timeout | undefined;
    await new Promise<void>((ready) => {
      this.watcher!.once('ready', () => ready());
      waited = setTimeout(() => {
        this.options.log.warn(`watching for edits is still starting after ${WATCH_START_MS / 1000} s (a very large folder?): the slides are served meanwhile`);
        ready();
      }, this.options.watchStartMs ?? WATCH_START_MS);
    });
    clearTimeout(waited);
    // The PDFs take seconds to print: the pages are served first, the PDFs follow.
    this.serving = true;
    if (this.options.pdf) for (const path of this.courses.keys()) this.scheduleExport(path, 0);
    return url;
  }

  /** The decks served, course after course: sections first, then the whole course. */
  decks(): ServedDeck[] {
    return [...this.courses.values()].flatMap((state) =>
      state.built.map((b) => ({
        id: `${state.planned.name}/${b.deck.name}`,
        course: state.planned.name,
        slug: b.deck.name,
        title: numberedTitle(b.deck) ?? b.deck.title,
        lang: b.deck.lang,
        rendered: this.pushed.get(`${state.planned.name}/${b.deck.name}`) ?? b.rendered,
        ...partMinutes(state.planned, b.deck.index),
        source: b.deck.index === undefined ? courseSlides(state.planned.course) : (state.planned.course.sections[b.deck.index - 1]?.slides ?? []),
      })),
    );
  }

  /** Settles when every change seen so far is built and pushed (for tests and the benchmark). */
  async settled(): Promise<void> {
    await this.rebuilds.idle();
    await this.flushExports();
    await this.exports.idle();
  }

  private isCourse(path: string): boolean {
    return /\.(md|markdown)$/i.test(path) && (this.files.has(path) || this.folders.has(dirname(path)));
  }

  private watched(path: string): boolean {
    return [...this.folders, ...[...this.files].map(dirname)].some((folder) => path === folder || path.startsWith(`${folder}/`));
  }

  private changed(path: string): void {
    if (this.isCourse(path)) {
      void this.rebuilds.add(path);
      this.recheck(path);
    }
    else if (path.endsWith('.css') && this.themeFolders.includes(dirname(path))) {
      void this.rebuilds.add('theme:');
      this.recheck(path);
    }
    else for (const [course, images] of this.images) if (images.includes(path)) void this.rebuilds.add(course);
  }

  /**
   * Looks at a course again shortly after its latest event: editors that save by delete and create,
   * or twice in a row, can make the watcher fold a save into the one before (its event comes before
   * the new text is written, and the next is dropped). If the file is not what was last built, it is
   * built again: the last save always wins, and soon.
   */
  private recheck(path: string): void {
    for (const timer of this.rechecks.get(path) ?? []) clearTimeout(timer);
    this.rechecks.set(path, RECHECKS_MS.map((ms) => setTimeout(() => {
      if (!sameBytes(fileBytes(path), this.builtBytes.get(path))) void this.rebuilds.add(path.endsWith('.css') ? 'theme:' : path);
    }, ms)));
  }

  /** A failure no course owns (a theme, an export): in the terminal and over every open page. */
  private report(e: unknown, courses = [...this.courses.keys()]): void {
    const line = e instanceof EstradeError ? e.toString() : `estrade: ${(e as Error)?.message ?? String(e)}`;
    this.options.log.warn(line);
    for (const path of courses) this.server.send({ type: 'problems', course: `/${courseName(path)}/`, lines: [line] });
  }

  private async rebuild(items: Set<string>): Promise<void> {
    const themeChanged = items.delete('theme:');
    if (themeChanged) {
      for (const folder of this.themeFolders) {
        for (const name of existsSync(folder) ? readdirSync(folder) : []) if (name.endsWith('.css')) this.builtBytes.set(resolve(folder, name), fileBytes(resolve(folder, name)));
      }
      // The new themes first: a theme saved with a mistake leaves the last good one in use.
      const bench = await openWorkbench(this.browser, this.themeFolders).catch((e: unknown) => {
        this.themeBroken = true;
        this.report(e);
        return undefined;
      });
      if (bench) {
        if (this.themeBroken) for (const path of this.courses.keys()) if (!this.broken.has(path)) this.server.send({ type: 'fixed', course: `/${courseName(path)}/` });
        this.themeBroken = false;
        await this.bench.fitter.dispose();
        this.bench = bench;
        // Renders are kept by Markdown, which a theme edit leaves alone: they are made again.
        this.renders.clear();
        this.htmlCache.clear();
        for (const path of this.courses.keys()) items.add(path);
      }
    }
    for (const path of items) {
      try {
        await this.rebuildCourse(path).catch(async (e: unknown) => {
          // Chromium crashed or was killed: the next attempt starts a new one.
          if (!browserLost(e)) throw e;
          this.options.log.warn('Chromium quit; starting it again');
          await this.bench.fitter.dispose();
          await this.rebuildCourse(path);
        });
      } catch (e) {
        this.broken.add(path);
        this.provisional.delete(path);
        this.report(e, [path]);
      }
    }
    if (themeChanged && !this.themeBroken) {
      // Open decks load again once their presenter HTML carries the new theme.
      await this.flushExports();
      this.server.send({ type: 'reload', path: '*' });
    }
  }

  private async rebuildCourse(path: string): Promise<void> {
    const before = this.courses.get(path);
    if (!existsSync(path)) {
      if (!before) return;
      this.courses.delete(path);
      for (const key of [...this.server.files.keys()]) if (key.startsWith(`${before.planned.name}/`)) this.server.files.delete(key);
      for (const page of [...this.served.keys()]) if (page.startsWith(`/${before.planned.name}/`)) this.served.delete(page);
      this.updateIndex();
      this.options.log.info(`${before.planned.source} was removed`);
      return;
    }
    const t0 = performance.now();
    this.builtBytes.set(path, fileBytes(path));
    const lap = (what: string) => process.env.ESTRADE_TIMING && this.options.log.info(`  ${Math.round(performance.now() - t0)} ms: ${what}`);
    // Before the first page is served, nothing is shown until the course is fitted: the slides without
    // a diagram are measured while the diagrams are drawn. Later an open page would be sent a diagram
    // not drawn yet.
    const { planned: [planned], diagnostics } = await readCourses([path], this.bench, this.options.log, { answers: this.audience === 'teacher', drawLater: !this.serving });
    lap('read');
    if (planned) this.watchImages(path, planned.pictures);
    const problems = diagnostics.filter((d) => d.severity === 'error');
    if (problems.length || !planned) {
      const lines = problems.map(formatDiagnostic);
      for (const line of lines) this.options.log.warn(line);
      this.server.send({ type: 'problems', course: `/${courseName(path)}/`, lines });
      this.broken.add(path);
      return;
    }
    if (this.broken.delete(path)) this.server.send({ type: 'fixed', course: `/${courseName(path)}/` });
    // What the open pages show, deck by deck. Slides never measured are shown at once, whole or cut
    // as they were before the edit (a slide usually still fits so), then again as Chromium cuts them.
    const shown = new Map<string, { rendered: RenderedDeck }>(before?.built.map((b) => [deckKey(b), b]));
    const guess = guessFit(this.bench.fitter, planned, (deck) => this.server.showing(deckPath(planned.name, deck.name)));
    // Only the decks open in a browser: the whole course's deck, hundreds of slides, takes a while
    // to render, and the next save would wait for it.
    if (guess) await this.push(guess, shown, lap, { open: true });
    if (this.options.early && !this.serving) await this.serveSections(planned, path);
    // Saved again meanwhile (a teacher typing with autosave): the newer save is shown at once by its
    // own rebuild instead of waiting for this one's passes in Chromium.
    const superseded = () => this.rebuilds.has(path);
    if (guess && this.serving) {
      await new Promise((drawn) => setTimeout(drawn, DRAW_FIRST_MS));
      if (superseded()) {
        lap('superseded');
        return;
      }
    }
    try {
      await fitCourse(this.bench.fitter, planned, diagnostics, superseded);
    } catch (e) {
      if (!(e instanceof Superseded)) throw e;
      lap('superseded');
      return;
    }
    lap('fitted');
    const pushed = await this.push(planned, shown, lap, { open: true, superseded });
    if (!pushed) return;
    const { built, reshaped } = pushed;
    this.courses.set(path, { planned, built, manifest: before?.manifest });
    for (const b of built) this.pushed.delete(`${planned.name}/${b.deck.name}`);
    // Keep only the renders still in use.
    const inUse = new Set([...this.courses.values()].flatMap((c) => c.built.map((b) => b.markdown)));
    for (const markdown of this.renders.keys()) if (!inUse.has(markdown)) this.renders.delete(markdown);
    this.scheduleExport(path, reshaped || !before ? 0 : EXPORT_DELAY_MS);
  }

  /**
   * Before the first pages are served: the course's sections fitted a few at a time, those a page
   * asks for first, each served as soon as it is; when no page waits, the rest in one go.
   * What is fitted here is not fitted again: fitCourse then finds it in the fitter's cache.
   */
  private async serveSections(planned: PlannedCourse, path: string): Promise<void> {
    // The course's page and the index at once, each section's slides counted as written (before any
    // is split): the teacher's browser shows them while the sections are fitted.
    const early = courseManifest(planned, plannedDecks(planned).map((deck) => ({ deck, slides: deck.slides.length })), { pdf: false });
    this.provisional.set(path, early);
    this.server.files.set(`${planned.name}/index.html`, coursePage(early));
    this.updateIndex();
    this.server.arrived();
    const left = planned.course.settings.marp ? [] : [...planned.decks];
    // marp-cli loads and warms up while Chromium fits the first sections.
    const warming = left.length ? warmUpPresenterHtml(planned.theme, this.bench.themes.map((t) => t.file)) : undefined;
    warming?.catch(() => undefined);
    for (let first = true; left.length; first = false) {
      const chunk = nextSections(left, { asked: new Set(this.server.awaited()), course: planned.name, room: FIRST_SERVED_SLIDES, first });
      for (const deck of chunk) left.splice(left.indexOf(deck), 1);
      const codes = chunk.flatMap((deck) => deck.slides.flatMap((slide) => diagrams(slide.body).map((d) => d.content)));
      const fitted = await this.bench.fitter.fit(chunk, planned.theme, () => false, planned.drawn?.(codes) ?? planned.drawing);
      const built = fitted.map((f) => renderPlannedDeck(this.bench.engine, planned, f.deck, this.renders));
      await warming?.catch(() => undefined);
      for (const page of await deckPages(built, this.bench, { audience: this.audience, htmlCache: this.htmlCache })) this.server.files.set(page.path, page.contents);
      for (const b of built) this.served.set(deckPath(planned.name, b.deck.name), b.rendered);
      this.server.arrived();
      if (process.env.ESTRADE_TIMING) this.options.log.info(`  ${Math.round(performance.now())} ms: served ${chunk.map((d) => d.name).join(', ')}`);
    }
  }

  /**
   * Renders a course's decks and sends each one whose slides changed to its open pages, the section
   * being edited first. A deck whose slide count changed, or whose slides gained or lost their notes,
   * cannot be updated in place: `reshaped`. `open`: only the decks open in a browser; undefined when
   * `superseded` says a newer save waits.
   */
  private async push(planned: PlannedCourse, shown: Map<string, { rendered: RenderedDeck }>, lap: (what: string) => void, only: { open?: boolean; superseded?: () => boolean } = {}): Promise<{ built: BuiltDeck[]; reshaped: boolean } | undefined> {
    const built: BuiltDeck[] = [];
    let reshaped = false;
    for (const deck of plannedDecks(planned)) {
      if (only.superseded?.()) return undefined;
      const b = renderPlannedDeck(this.bench.engine, planned, deck, this.renders);
      built.push(b);
      // A deck no page shows is rendered when it is exported, after the teacher pauses.
      if (only.open && !this.server.showing(deckPath(planned.name, deck.name))) continue;
      const old = shown.get(deckKey(b))?.rendered;
      const [oldNotes, newNotes] = [this.shownNotes(old?.notes ?? []), this.shownNotes(b.rendered.notes)];
      if (old === undefined || (old.html === b.rendered.html && JSON.stringify(oldNotes) === JSON.stringify(newNotes))) continue;
      const { sameCount, changed } = slideChanges(old.html, b.rendered.html);
      // The presenter view holds one element per slide with notes: a slide gaining or losing its
      // notes needs the page loaded again, like a change in the number of slides.
      if (!sameCount || slidesWithNotes(oldNotes) !== slidesWithNotes(newNotes)) {
        reshaped = true;
        continue;
      }
      this.pushed.set(`${planned.name}/${b.deck.name}`, b.rendered);
      // Only the slides that changed: a deck of code and maths is a hundred kilobytes, one slide edited.
      this.server.send({ type: 'slides', deck: deckPath(planned.name, b.deck.name), slides: b.rendered.slides, changed, notes: newNotes, jump: changed[0] && changed[0][0] + 1 });
      shown.set(deckKey(b), { rendered: b.rendered });
      lap(`pushed ${b.deck.name}`);
      // Node sends what was written when the running code yields: let this deck go before the next renders.
      await new Promise((sent) => setImmediate(sent));
    }
    return { built, reshaped };
  }

  /**
   * A page that loaded its deck's file after a save was pushed, and before the presenter HTML was
   * made again, shows older slides: as it connects, it is sent those that changed since.
   */
  private catchUp(page: string): DevMessage | undefined {
    const file = this.served.get(page);
    if (!file) return undefined;
    for (const { planned, built } of this.courses.values()) {
      const b = built.find((d) => deckPath(planned.name, d.deck.name) === page);
      if (!b) continue;
      const latest = this.pushed.get(`${planned.name}/${b.deck.name}`) ?? b.rendered;
      const notes = this.shownNotes(latest.notes);
      if (latest.html === file.html && JSON.stringify(notes) === JSON.stringify(this.shownNotes(file.notes))) return undefined;
      const { sameCount, changed } = slideChanges(file.html, latest.html);
      // A new slide count, or notes gained or lost: the page loads again when the file is made.
      if (!sameCount || slidesWithNotes(notes) !== slidesWithNotes(this.shownNotes(file.notes))) return undefined;
      return { type: 'slides', deck: page, slides: latest.slides, changed, notes };
    }
    return undefined;
  }

  /**
   * The presenter HTML (for pages opened later) is remade once the teacher pauses: marp-cli's
   * templating holds Node for half a second, which would delay the next save's update. A deck
   * whose slide count changed cannot be updated in place, so its page waits for it: no delay then.
   */
  private scheduleExport(path: string, delay: number): void {
    this.exportsDue.add(path);
    clearTimeout(this.exportTimer);
    this.exportTimer = setTimeout(() => this.flushExports(), delay);
  }

  private flushExports(): Promise<void> {
    clearTimeout(this.exportTimer);
    const due = [...this.exportsDue];
    this.exportsDue.clear();
    return Promise.all(due.map((p) => this.exports.add(p))).then(() => undefined);
  }

  private watchImages(course: string, images: string[]): void {
    this.images.set(course, images);
    const outside = new Set(images.map(dirname).filter((d) => existsSync(d) && !this.watched(d)));
    if (outside.size) this.watcher?.add([...outside]);
  }

  /** Presenter HTML and course pages of the latest state of each course, then the index. */
  private async export(paths: Set<string>): Promise<void> {
    for (const path of paths) {
      const state = this.courses.get(path);
      if (!state) continue;
      const before = new Map([...this.server.files].filter(([k]) => k.startsWith(`${state.planned.name}/`)));
      let exported: Awaited<ReturnType<typeof exportCourses>>;
      const t0 = performance.now();
      const phase = (what: string) => process.env.ESTRADE_TIMING && this.options.log.info(`  ${Math.round(performance.now() - t0)} ms: exported ${what}`);
      const exporting = () => exportCourses([state.planned], state.built, this.bench, { pdf: (this.options.pdf ?? false) && this.serving, audience: this.audience, htmlCache: this.htmlCache, log: this.options.log, phase });
      try {
        exported = await exporting().catch((e: unknown) => {
          if (!browserLost(e)) throw e;
          return exporting();
        });
      } catch (e) {
        this.report(e, [path]);
        continue;
      }
      const { artifacts, manifests } = exported;
      if (this.courses.get(path) !== state) continue;
      for (const key of before.keys()) this.server.files.delete(key);
      for (const a of artifacts) this.server.files.set(a.path, a.contents);
      for (const b of state.built) this.served.set(deckPath(state.planned.name, b.deck.name), b.rendered);
      state.manifest = manifests[0];
      this.provisional.delete(path);
      // A course page shown while the course was fitted counted the slides as written: it loads again.
      const page = `${state.planned.name}/index.html`;
      if (before.has(page) && before.get(page) !== this.server.files.get(page)) {
        for (const shown of [`/${state.planned.name}/`, `/${page}`]) this.server.send({ type: 'reload', path: shown });
      }
      // Decks whose slide count changed could not be updated in place: they load again now.
      for (const b of state.built) {
        const file = `${b.deck.name}.html`;
        const old = before.get(`${state.planned.name}/${file}`);
        if (old !== undefined && (slideSvgsCount(old) !== b.rendered.slides || servedNotes(old) !== slidesWithNotes(this.shownNotes(b.rendered.notes)))) {
          this.server.send({ type: 'reload', path: deckPath(state.planned.name, b.deck.name) });
        }
      }
    }
    this.updateIndex();
  }

  private updateIndex(): void {
    const paths = new Set([...this.courses.keys(), ...this.provisional.keys()]);
    const manifests = [...paths].flatMap((path) => this.courses.get(path)?.manifest ?? this.provisional.get(path) ?? []);
    const html = siteIndex(manifests);
    if (this.server.files.get('index.html') !== html) {
      this.server.files.set('index.html', html);
      this.server.send({ type: 'reload', path: '/' });
      this.server.send({ type: 'reload', path: '/index.html' });
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.exportTimer);
    for (const timer of [...this.rechecks.values()].flat()) clearTimeout(timer);
    await this.watcher?.close();
    await this.server.close();
    await this.settled().catch(() => undefined);
    await this.bench?.fitter.dispose();
    await this.browser.close();
  }
}

/**
 * The sections to fit next while estrade dev starts: those a page waits for (`asked`: paths such as
 * `course/01-intro.html`) alone, to show them soonest; else the first ones in order up to `room`
 * slides, then all that are left (in the fewest passes).
 */
export function nextSections(left: Deck[], { asked, course, room, first }: { asked: Set<string>; course: string; room: number; first: boolean }): Deck[] {
  const waited = left.filter((deck) => asked.has(`${course}/${deck.name}.html`));
  if (waited.length || !first) return waited.length ? waited : [...left];
  const chunk: Deck[] = [];
  let slides = 0;
  for (const deck of left) {
    if (slides >= room) break;
    chunk.push(deck);
    slides += deck.slides.length;
  }
  return chunk;
}

/**
 * The decks open in a browser (`open`) as earlier measures tell, without waiting for Chromium;
 * undefined when nothing is new in them. The others are not guessed: nothing would show them (the
 * whole course's deck, hundreds of slides, would take longer than the open section's).
 */
function guessFit(fitter: Fitter, planned: PlannedCourse, open: (deck: Deck) => boolean): PlannedCourse | undefined {
  const shown = (deck: Deck | undefined) => (deck && open(deck) ? [deck] : []);
  const { decks, complete } = fitter.guess([...planned.decks.flatMap(shown), ...shown(planned.whole)], planned.theme);
  if (complete) return undefined;
  const fitted = decks.map((f) => f.deck);
  const whole = planned.whole && open(planned.whole) ? fitted.pop() : undefined;
  return { ...planned, decks: fitted, whole };
}

/** Minutes of a part (its own `<!-- duration: … -->`) and of the lesson (the course's `duration:`). */
function partMinutes(planned: PlannedCourse, index: number | undefined): { duration?: number; courseDuration?: number } {
  const own = index === undefined ? undefined : planned.course.sections[index - 1]?.duration;
  const course = planned.course.settings.duration;
  return { ...(own ? { duration: own } : {}), ...(course === undefined ? {} : { courseDuration: Number(course) }) };
}

/** Which slides have speaker notes, e.g. "0,3". */
const slidesWithNotes = (notes: string[][]) => notes.flatMap((n, i) => (n.length ? [i] : [])).join();

/** Which slides have speaker notes in a served presenter page (bespoke HTML). */
const servedNotes = (html: string | Uint8Array) => [...String(html).matchAll(/class="bespoke-marp-note" data-index="(\d+)"/g)].map((m) => m[1]).join();

/** Number of slides in a served presenter page (bespoke HTML). */
function slideSvgsCount(html: string | Uint8Array): number {
  return (String(html).match(/<svg data-marpit-svg/g) ?? []).length;
}
