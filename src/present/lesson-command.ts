// `estrade lesson`: the lesson as taught, written again from its folder (after a crash, or with
// every slide): the parts are built as `estrade present` showed them, the ink read from ink.jsonl.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Log } from '../build.ts';
import type { Browser } from '../render/browser.ts';
import { EstradeError } from '../errors.ts';
import { Ink, type InkRecord } from './ink.ts';
import { JsonLog, lessonsBeside } from './lesson.ts';
import { lessonHandout, lessonPdf } from './lesson-pdf.ts';

export interface LessonOptions {
  inputs: string[];
  /** The lesson's folder; else the latest one beside the first course. */
  lesson?: string;
  all: boolean;
  log: Log;
  /** The Chromium the decks are printed with: the caller's, who closes it. */
  browser: Browser;
}

/** The latest lesson beside the course that holds ink.jsonl. */
export function latestLesson(lessons: string): string | undefined {
  if (!existsSync(lessons)) return undefined;
  const names = readdirSync(lessons).filter((n) => existsSync(join(lessons, n, 'ink.jsonl'))).sort();
  return names.length ? join(lessons, names.at(-1)!) : undefined;
}

export async function writeLesson(options: LessonOptions): Promise<{ folder: string; files: { path: string; contents: Uint8Array }[] }> {
  const lessons = lessonsBeside(options.inputs);
  const folder = options.lesson ?? latestLesson(lessons);
  if (!folder || !existsSync(join(folder, 'ink.jsonl'))) throw new EstradeError(`no lesson to write: ${options.lesson ? 'this folder has no ink.jsonl' : 'no folder of lessons/ holds ink.jsonl'} — a lesson is kept there while "estrade present" runs`, options.lesson ?? lessons);
  const ink = new Ink({ send: () => undefined });
  ink.restore(new JsonLog<InkRecord>(join(folder, 'ink.jsonl')).read());
  const result = await build({ inputs: options.inputs, pdf: true, answers: false, log: options.log, browser: options.browser });
  const parts = result.manifests.flatMap((m) =>
    [...m.decks, ...(m.full ? [{ ...m.full, title: m.title }] : [])].flatMap((deck) => {
      const path = deck.pdf && `${m.course}/${deck.pdf}`;
      const pdf = path ? result.artifacts.find((a) => a.path === path)?.contents : undefined;
      return path && pdf instanceof Uint8Array ? [{ id: path.replace(/\.pdf$/, ''), title: deck.title, pdf }] : [];
    }),
  );
  const title = result.manifests[0]?.title ?? 'Lesson';
  const lang = result.manifests[0]?.lang ?? 'en';
  const lesson = await lessonPdf(parts, ink, { all: options.all, title, lang });
  return { folder, files: [{ path: join(folder, 'lesson.pdf'), contents: lesson }, { path: join(folder, 'lesson-handout.pdf'), contents: await lessonHandout(lesson, { title, lang }) }] };
}
