// Everything Chromium prints or photographs for a build: slides PDFs, handouts and slide images,
// spread over a few pages of the one browser (one per core) with a progress line.
import { availableParallelism } from 'node:os';
import type { Page } from 'puppeteer-core';
import { showHtml, withPage } from '../render/browser.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { SLIDE, slidesPage } from '../render/page.ts';
import { handoutPdf, type Paper } from './handout.ts';
import { slidesPdf, type PdfMetadata } from './pdf.ts';

export interface PrintJob {
  /** Output path of the deck without extension, inside the output folder: `docker/01-intro`. */
  base: string;
  deck: RenderedDeck;
  meta: PdfMetadata;
  course: string;
  section: string;
  handout: number;
  paper: Paper;
  pdf: boolean;
  images: boolean;
}

export interface Printed {
  path: string;
  contents: Uint8Array;
}

async function slideImages(page: Page, job: PrintJob): Promise<Printed[]> {
  await page.setViewport({ width: SLIDE.width, height: SLIDE.height });
  await showHtml(page, slidesPage(job.deck, job.meta.lang, job.meta.title));
  const slides = await page.$$('div.marpit > svg');
  const images: Printed[] = [];
  for (const [i, slide] of slides.entries()) {
    images.push({ path: `${job.base}/${String(i + 1).padStart(3, '0')}.png`, contents: await slide.screenshot({ type: 'png' }) });
  }
  return images;
}

/** One file (or set of pictures) of a deck: the unit of work a printing page takes from the queue. */
interface Task {
  job: PrintJob;
  make: (page: Page) => Promise<Printed[]>;
}

function tasks(job: PrintJob): Task[] {
  const out: Task[] = [];
  if (job.pdf) {
    out.push({ job, make: async (page) => [{ path: `${job.base}.pdf`, contents: await slidesPdf(page, job.deck, job.meta) }] });
    const handout = { perPage: job.handout, paper: job.paper, course: job.course, section: job.section, meta: job.meta };
    out.push({ job, make: async (page) => [{ path: `${job.base}-handout.pdf`, contents: await handoutPdf(page, job.deck, handout) }] });
  }
  if (job.images) out.push({ job, make: (page) => slideImages(page, job) });
  return out;
}

export async function printAll(jobs: PrintJob[], progress: (done: number, total: number, what: string) => void): Promise<Printed[]> {
  // Longest first, one file at a time: the whole-course deck's slides and handout start together
  // on two pages instead of finishing alone at the end.
  const queue = jobs.flatMap(tasks).sort((a, b) => b.job.deck.slides - a.job.deck.slides);
  const left = new Map(jobs.map((job) => [job, queue.filter((t) => t.job === job).length]));
  const results: Printed[] = [];
  let done = 0;
  const worker = () =>
    withPage(async (page) => {
      for (let task = queue.shift(); task; task = queue.shift()) {
        results.push(...(await task.make(page)));
        left.set(task.job, left.get(task.job)! - 1);
        if (left.get(task.job) === 0) progress(++done, jobs.length, task.job.base);
      }
    });
  const workers = Math.max(1, Math.min(availableParallelism(), queue.length, 4));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
