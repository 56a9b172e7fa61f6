// Everything Chromium prints or photographs for a build: slides PDFs, handouts and slide images,
// spread over a few pages of the one browser (one per core) with a progress line.
//
// Each slide is printed once: a course's section decks and its whole-course deck share their
// slides, so their bodies are printed once and each deck prints only its frames (header, footer,
// page numbers) and its handout sheets; pdf-lib puts the layers together (assemble.ts).
import { availableParallelism } from 'node:os';
import type { Clip, Tab } from '../render/devtools.ts';
import { forPictures, showHtml, type Browser } from '../render/browser.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { SLIDE, slidesPage } from '../render/page.ts';
import { slideSvgs } from '../render/slide-svgs.ts';
import type { PDFDocument } from 'pdf-lib';
import type { BodyPage, FramePage, PdfMetadata } from './assemble.ts';
import { handoutSheets, type HandoutOptions, type Paper, type PrintedHandouts } from './handout.ts';
import { bodiesPdf, framesPdf, slideKey, type PrintedBodies } from './slide-layers.ts';

// pdf-lib takes a tenth of a second to load: a build loads it only when it prints, while Chromium works.
type Assembly = typeof import('./assemble.ts');
let assembling: Promise<Assembly> | undefined;
export const loadAssembly = () => (assembling ??= import('./assemble.ts'));
const loadPdf = async (bytes: Uint8Array) => (await loadAssembly()).loadPdf(bytes);

export interface PrintJob {
  /** Output path of the deck without extension, inside the output folder: `docker/01-intro`. */
  base: string;
  /** Decks of the same course share their slides' printing. */
  group: string;
  deck: RenderedDeck;
  meta: PdfMetadata;
  course: string;
  section: string;
  handout: number;
  /** Answer slides in the handout too (the course's `answers: handout`). */
  answers?: boolean;
  paper: Paper;
  pdf: boolean;
  images: boolean;
}

export interface Printed {
  path: string;
  contents: Uint8Array;
}

/** Which slides a course's decks print, each once, and where each deck's slides are among them. */
export interface SlidePlan {
  /** The slides to print: deck and slide number in it, in the order they are first met. */
  unique: { job: number; slide: number }[];
  /** For each deck, for each of its slides: its place among `unique`. */
  pages: number[][];
}

/**
 * Plans the printing of a course's decks (their slides' `<svg>`) so that no slide body is printed
 * twice: a slide that an earlier deck has is taken from there. Section decks come first, so the
 * whole-course deck adds only its title and contents.
 */
export function planSlides(decks: string[][]): SlidePlan {
  const unique: SlidePlan['unique'] = [];
  const found = new Map<string, number>();
  const pages = decks.map((svgs, job) =>
    svgs.map((svg, slide) => {
      const key = slideKey(svg);
      let at = found.get(key);
      if (at === undefined) found.set(key, (at = unique.push({ job, slide }) - 1));
      return at;
    }),
  );
  return { unique, pages };
}

// How much one print takes at most; more prints spread over the printing pages, and each deck's
// PDFs are put together as soon as what it needs is printed, while Chromium prints the rest.
const BODIES_PER_PRINT = 40;
const FRAMES_PER_PRINT = 120;
const HANDOUT_PAGES_PER_PRINT = 40;

async function slideImages(page: Tab, job: PrintJob): Promise<Printed[]> {
  await forPictures(page, { width: SLIDE.width, height: SLIDE.height });
  await showHtml(page, slidesPage(job.deck, job.meta.lang, job.meta.title));
  // Each slide's box in the document: the picture is cut from the page laid out once.
  const boxes = await page.evaluate<Clip[]>(`[...document.querySelectorAll('div.marpit > svg')].map((svg) => {
    const r = svg.getBoundingClientRect();
    return { x: Math.round(r.left + scrollX), y: Math.round(r.top + scrollY), width: Math.round(r.width), height: Math.round(r.height) };
  })`);
  const images: Printed[] = [];
  for (const [i, clip] of boxes.entries()) {
    images.push({ path: `${job.base}/${String(i + 1).padStart(3, '0')}.png`, contents: await page.screenshot({ type: 'png', clip }) });
  }
  return images;
}

/** A value that one task makes and others wait for. */
class Pending<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    quiet(this.promise);
  }
}

/** A promise that may be left unawaited when printing fails: its failure is reported by the print. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** A print for the queue: what `make` prints goes to `into`, and so does its failure. */
function task<T>(position: number, into: Pending<T>, make: (page: Tab) => Promise<T>): Task {
  return {
    position,
    run: async (page) => {
      try {
        into.resolve(await make(page));
      } catch (e) {
        into.reject(e);
        throw e;
      }
    },
  };
}

/** Consecutive runs of `items` of at most `size` (in `weight`), as even as possible. */
function runs<T>(items: T[], size: number, weight: (item: T) => number = () => 1): T[][] {
  const total = items.reduce((n, item) => n + weight(item), 0);
  const target = total / Math.max(1, Math.ceil(total / size));
  const out: T[][] = [];
  let current: T[] = [];
  let filled = 0;
  for (const item of items) {
    if (current.length && filled + weight(item) > target + 0.5) {
      out.push(current);
      current = [];
      filled = 0;
    }
    current.push(item);
    filled += weight(item);
  }
  if (current.length) out.push(current);
  return out;
}

/** What Chromium prints for the decks of one course (of one theme), and the PDFs put together from it:
 *  the prints are queued as tasks (bodies, frames, handout sheets), each page of them a promise the
 *  PDFs wait on, so that a deck's PDFs are written as soon as their own pages are printed. */
class CoursePrint {
  readonly tasks: Task[] = [];
  readonly printed: Promise<Printed[]>;
  private readonly svgs: string[][];
  private readonly css: string;
  private readonly lang: string;
  private readonly plan: ReturnType<typeof planSlides>;
  /** One deck only: its slides print with their frames, no layers to put together. */
  private readonly layered: boolean;

  constructor(readonly jobs: PrintJob[], tell: (job: PrintJob) => void) {
    this.svgs = jobs.map((job) => slideSvgs(job.deck.html));
    this.css = jobs[0]!.deck.css;
    this.lang = jobs[0]!.meta.lang;
    this.plan = planSlides(this.svgs);
    this.layered = jobs.length > 1;
    const bodies = this.printBodies();
    const frames = this.printFrames();
    const handouts = this.printHandouts();
    this.printed = quiet(this.savePdfs(bodies, frames, handouts, tell));
  }

  /** Each slide body printed once, a few dozen to a print: by its index in the plan's unique slides. */
  private printBodies(): Map<number, Promise<BodyPage>> {
    const { svgs, plan } = this;
    const total = plan.unique.length;
    const bodies = new Map<number, Promise<BodyPage>>();
    for (const chunk of runs(plan.unique.map((_, u) => u), BODIES_PER_PRINT)) {
      const printed = new Pending<PrintedBodies>();
      this.tasks.push(task(chunk[0]! / total, printed, (page) => bodiesPdf(page, chunk.map((u) => svgs[plan.unique[u]!.job]![plan.unique[u]!.slide]!), this.css, this.lang, this.layered)));
      const read = quiet(printed.promise.then((p) => loadPdf(p.pdf)));
      chunk.forEach((u, page) => bodies.set(u, quiet(Promise.all([read, printed.promise]).then(([pdf, p]) => ({ pdf, page, headings: p.headings[page]! })))));
    }
    return bodies;
  }

  /** The frames (header, footer, page number) of every slide of every deck, in deck order; none for one deck. */
  private printFrames(): (Promise<FramePage> | undefined)[][] {
    const frames = this.svgs.map((deck) => deck.map((): Promise<FramePage> | undefined => undefined));
    if (!this.layered) return frames;
    const everySlide = this.svgs.flatMap((deck, job) => deck.map((svg, slide) => ({ job, slide, svg })));
    let done = 0;
    for (const chunk of runs(everySlide, FRAMES_PER_PRINT)) {
      const printed = new Pending<Uint8Array>();
      this.tasks.push(task(done / everySlide.length, printed, (page) => framesPdf(page, chunk.map((s) => s.svg), this.css, this.lang)));
      const read = quiet(printed.promise.then(loadPdf));
      chunk.forEach((s, page) => (frames[s.job]![s.slide] = quiet(read.then((pdf) => ({ pdf, page })))));
      done += chunk.length;
    }
    return frames;
  }

  /** Handout sheets: whole decks, a few to a print. */
  private printHandouts(): (Promise<Sheets> | undefined)[] {
    const { jobs } = this;
    const handouts = jobs.map((): Promise<Sheets> | undefined => undefined);
    let done = 0;
    for (const chunk of runs(jobs.map((_, j) => j), HANDOUT_PAGES_PER_PRINT, (j) => Math.ceil(jobs[j]!.deck.slides / jobs[j]!.handout))) {
      const printed = new Pending<PrintedHandouts>();
      this.tasks.push(task(done / jobs.length, printed, (page) => handoutSheets(page, chunk.map((j) => ({ deck: jobs[j]!.deck, options: handoutOptions(jobs[j]!) })))));
      const read = quiet(printed.promise.then((made) => loadPdf(made.pdf)));
      chunk.forEach((j, k) => (handouts[j] = quiet(Promise.all([read, printed.promise]).then(([pdf, made]) => ({ pdf, ...made.decks[k]! })))));
      done += chunk.length;
    }
    return handouts;
  }

  /**
   * The PDFs put together with pdf-lib, in two chains, deck after deck: slides PDFs as their bodies
   * and frames come, handouts as their pages do; a deck is done (`tell`) when it has both. A failed
   * print fails every PDF that waits on it, and the whole, once.
   */
  private async savePdfs(bodies: Map<number, Promise<BodyPage>>, frames: (Promise<FramePage> | undefined)[][], handouts: (Promise<Sheets> | undefined)[], tell: (job: PrintJob) => void): Promise<Printed[]> {
    const { jobs, plan, layered } = this;
    const layers = async (j: number) => {
      const mine = await Promise.all(plan.pages[j]!.map((u) => bodies.get(u)!));
      const framed = layered ? await Promise.all(frames[j]!.map((f) => f!)) : undefined;
      return { bodies: mine, frames: framed };
    };
    const now = new Date();
    /** Puts a PDF together with pdf-lib (`make`), then writes its metadata and bytes. */
    const save = async (path: string, meta: PdfMetadata, make: (assembly: Assembly) => Promise<PDFDocument>): Promise<Printed> => {
      const assembly = await loadAssembly();
      const doc = await make(assembly);
      assembly.setMetadata(doc, meta, now);
      return { path, contents: await assembly.pdfBytes(doc) };
    };
    const slidesSaved = jobs.map(() => new Pending<Printed>());
    void (async () => {
      for (const [j, job] of jobs.entries()) {
        try {
          const { bodies: mine, frames: framed } = await layers(j);
          slidesSaved[j]!.resolve(await save(`${job.base}.pdf`, job.meta, (a) => a.slidesDocument(mine, framed)));
        } catch (e) {
          slidesSaved.slice(j).forEach((s) => s.reject(e));
          return;
        }
      }
    })();
    const out: Printed[] = [];
    for (const [j, job] of jobs.entries()) {
      const { bodies: mine, frames: framed } = await layers(j);
      out.push(await save(`${job.base}-handout.pdf`, job.meta, async (a) => a.handoutDocument((await handouts[j])!, mine, framed)));
      out.push(await slidesSaved[j]!.promise);
      tell(job);
    }
    return out;
  }
}

type Sheets = { pdf: PDFDocument } & PrintedHandouts['decks'][number];

const handoutOptions = (job: PrintJob): HandoutOptions => ({ perPage: job.handout, paper: job.paper, course: job.course, section: job.section, meta: job.meta, answers: job.answers ?? false });

interface Task {
  /** Where in its course what it prints comes, from 0 to 1: the first decks' prints go first. */
  position: number;
  run: (page: Tab) => Promise<void>;
}

/** Decks that share their slides' printing: a course's, drawn with one theme. */
const printGroup = (job: PrintJob) => `${job.group}\n${job.deck.css}`;

export async function printAll(jobs: PrintJob[], browser: Browser, progress: (done: number, total: number, what: string) => void): Promise<Printed[]> {
  const results: Printed[] = [];
  let done = 0;
  const tell = (job: PrintJob) => progress(++done, jobs.length, job.base);
  const groups = [...new Set(jobs.filter((j) => j.pdf).map(printGroup))];
  const courses = groups.map((group) => new CoursePrint(jobs.filter((j) => j.pdf && printGroup(j) === group), tell));
  const queue = courses.flatMap((c) => c.tasks).sort((a, b) => a.position - b.position);
  for (const job of jobs.filter((j) => j.images)) {
    queue.push({ position: 1, run: async (page) => { results.push(...(await slideImages(page, job))); } });
  }
  // Awaited once the prints are done; when a print fails first, its error is the one reported.
  const assembled = courses.map((c) => quiet(c.printed.then((printed) => void results.push(...printed))));
  const worker = () =>
    browser.withPage(async (page) => {
      try {
        for (let next = queue.shift(); next; next = queue.shift()) await next.run(page);
      } catch (e) {
        queue.length = 0;
        throw e;
      }
    });
  const workers = Math.max(1, Math.min(availableParallelism(), queue.length, 4));
  await Promise.all(Array.from({ length: workers }, worker));
  await Promise.all(assembled);
  for (const job of jobs.filter((j) => j.images && !j.pdf)) tell(job);
  return results;
}
