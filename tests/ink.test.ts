// Ink in `estrade present`, in real Chromium: a stroke drawn on the presenter view (pointer events)
// reaches the projector and the students as the same path; the laser is never kept; undo, eraser,
// whiteboard pages; a student cannot draw; a server killed with -9 mid-stroke keeps every finished
// stroke; the lesson's PDF differs from the slides exactly where the ink is.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { Ink, type InkRecord, type Stroke } from '../src/present/ink.ts';
import { lessonPages } from '../src/present/lesson-pdf.ts';
import type { ClassroomUrls, PresentSession } from '../src/present/session.ts';
import { runCli } from './helpers/build.ts';
import { openView, presentQuiz, quizCopy, startPresentProcess, stopPresentProcess, teacherPost } from './helpers/classroom.ts';
import { readPdf } from './helpers/pdf.ts';
import { pagePictures, type Picture } from './helpers/pictures.ts';

const DECK = 'quiz/01-les-ports';

describe('the ink of a lesson', () => {
  const sent: Record<string, unknown>[] = [];
  const make = () => new Ink({ send: (m) => sent.push(m) });
  const start = (ink: Ink, id: string, page = `${DECK}#3`, tool = 'pen') => ink.apply({ op: 'start', id, page, tool, color: '#112233', width: 5, points: [10, 10] });

  it('keeps a stroke once finished, never the laser', () => {
    const ink = make();
    expect(start(ink, 'stroke-1')).toBeUndefined();
    expect(ink.apply({ op: 'points', id: 'stroke-1', points: [20, 20.04, 30, 30] })).toBeUndefined();
    expect(ink.strokesOn(`${DECK}#3`)).toEqual([]);
    expect(ink.apply({ op: 'end', id: 'stroke-1' })).toBeUndefined();
    expect(ink.strokesOn(`${DECK}#3`).map((s) => s.points)).toEqual([[10, 10, 20, 20, 30, 30]]);
    start(ink, 'laser-1', `${DECK}#3`, 'laser');
    ink.apply({ op: 'end', id: 'laser-1' });
    expect(ink.strokesOn(`${DECK}#3`).map((s) => s.id)).toEqual(['stroke-1']);
  });

  it('refuses what is not a drawing: bad ids, pages, tools, colours, points', () => {
    const ink = make();
    expect(ink.apply({ op: 'start', id: 'x', page: `${DECK}#3`, tool: 'pen', color: '#112233', width: 5 })).toMatch(/id/);
    expect(ink.apply({ op: 'start', id: 'stroke-2', page: 'no page', tool: 'pen', color: '#112233', width: 5 })).toMatch(/page/);
    expect(ink.apply({ op: 'start', id: 'stroke-2', page: `${DECK}#3`, tool: 'brush', color: '#112233', width: 5 })).toMatch(/tool/);
    expect(ink.apply({ op: 'start', id: 'stroke-2', page: `${DECK}#3`, tool: 'pen', color: 'red', width: 5 })).toMatch(/colour/);
    expect(ink.apply({ op: 'start', id: 'stroke-2', page: `${DECK}#3`, tool: 'pen', color: '#112233', width: 5, points: [1, 'a'] })).toMatch(/points/);
    expect(ink.apply({ op: 'points', id: 'never-started', points: [1, 2] })).toMatch(/no stroke/);
    expect(ink.apply({ op: 'paint' })).toMatch(/op is/);
  });

  it('undoes the page’s last stroke, erases and clears, and reads its file back the same', () => {
    const records: InkRecord[] = [];
    const ink = new Ink({ send: () => undefined, log: { append: (r: InkRecord) => records.push(r) } as never });
    for (const id of ['stroke-a', 'stroke-b', 'stroke-c']) {
      start(ink, id);
      ink.apply({ op: 'end', id });
    }
    start(ink, 'stroke-d', `${DECK}#4`);
    ink.apply({ op: 'end', id: 'stroke-d' });
    ink.apply({ op: 'undo', page: `${DECK}#3` });
    ink.apply({ op: 'erase', ids: ['stroke-a'] });
    expect(ink.strokesOn(`${DECK}#3`).map((s) => s.id)).toEqual(['stroke-b']);
    ink.addBoard(DECK, 3, 'board-1');
    ink.sawPage(`${DECK}#3`);
    ink.apply({ op: 'clear', page: `${DECK}#4` });
    const again = make();
    again.restore(JSON.parse(JSON.stringify(records)) as InkRecord[]);
    expect(again.strokesOn(`${DECK}#3`)).toEqual(ink.strokesOn(`${DECK}#3`));
    expect(again.strokesOn(`${DECK}#4`)).toEqual([]);
    expect(again.boards).toEqual([{ id: 'board-1', deck: DECK, after: 3 }]);
    expect([...again.shown]).toEqual([`${DECK}#3`]);
  });

  it('puts in the lesson the slides shown (or all), in the order taught, whiteboards after their slide', () => {
    const ink = make();
    for (const page of ['b/1#2', 'a/1#1', 'a/1#3', 'b/1#2']) ink.sawPage(page);
    ink.addBoard('a/1', 1, 'board-x');
    const parts = [{ id: 'a/1', slides: 3 }, { id: 'b/1', slides: 2 }, { id: 'c/1', slides: 1 }];
    expect(lessonPages(parts, ink, false)).toEqual([{ part: 'b/1', slide: 2 }, { part: 'a/1', slide: 1 }, { part: 'a/1', slide: 1, board: 'board-x' }, { part: 'a/1', slide: 3 }]);
    expect(lessonPages(parts, ink, true)).toHaveLength(3 + 1 + 2 + 1);
  });
});

describe('ink in the classroom, in Chromium', () => {
  let session: PresentSession;
  let urls: ClassroomUrls;
  let base = '';
  const pages: Page[] = [];
  let presenter: Page, projector: Page, alice: Page, bob: Page;

  const open = (url: string, width: number, height: number) => openView(base, url, width, height, pages);
  const call = (path: string, body: object, key: string | null = session.key) => teacherPost(base, path, body, key);
  const paths = (page: Page) => page.$$eval('#slide svg.ink path', (els) => els.map((el) => ({ d: el.getAttribute('d') ?? '', stroke: el.getAttribute('stroke') ?? '' })));
  const kept = async (): Promise<Stroke[]> => ((await (await fetch(`${base}/__present/ink?deck=${encodeURIComponent(DECK)}`)).json()) as { strokes: Stroke[] }).strokes;
  const pathsAre = (page: Page, count: number) => page.waitForFunction((n) => document.querySelectorAll('#slide svg.ink path').length === n, { timeout: 15_000 }, count);
  /** A stroke drawn with the mouse across the presenter's slide, in fractions of the slide. */
  const drawOn = async (page: Page, from: [number, number], to: [number, number], steps = 12) => {
    const box = await page.$eval('#slide', (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
    await page.mouse.move(box.x + box.w * from[0], box.y + box.h * from[1]);
    await page.mouse.down();
    for (let i = 1; i <= steps; i++) await page.mouse.move(box.x + box.w * (from[0] + ((to[0] - from[0]) * i) / steps), box.y + box.h * (from[1] + ((to[1] - from[1]) * i) / steps + Math.sin(i) * 0.03));
    await page.mouse.up();
  };

  beforeAll(async () => {
    ({ session, urls, base } = await presentQuiz('estrade-ink-'));
    presenter = await open(urls.presenter, 1440, 900);
    projector = await open(urls.projector, 1280, 720);
    alice = await open(urls.students, 1024, 700);
    bob = await open(urls.students, 390, 844);
    expect((await call('/api/goto', { deck: DECK, slide: 3 })).status).toBe(200);
    for (const page of [presenter, projector, alice, bob]) await page.waitForFunction(() => location.hash === '#3', { timeout: 15_000 });
  }, 90_000);

  afterAll(async () => {
    for (const page of pages) await page.browserContext().close().catch(() => undefined);
    await session?.stop();
  });

  it('shows a stroke drawn on the presenter view to the projector and every student, point for point', async () => {
    await presenter.keyboard.press('d');
    await drawOn(presenter, [0.2, 0.5], [0.6, 0.7]);
    await presenter.keyboard.press('Escape');
    for (const page of [projector, alice, bob]) await pathsAre(page, 1);
    // The same path: the presenter's own, the projector's and the students', and what the server kept.
    const [mine] = await paths(presenter);
    await projector.waitForFunction((d) => document.querySelector('#slide svg.ink path')?.getAttribute('d') === d, { timeout: 15_000 }, mine!.d);
    for (const page of [projector, alice, bob]) expect(await paths(page)).toEqual([mine]);
    const [stroke] = await kept();
    expect(`M${stroke!.points[0]} ${stroke!.points[1]}L${stroke!.points.slice(2).join(' ')}`).toBe(mine!.d);
    expect(stroke!.points.length).toBeGreaterThanOrEqual(2 * 12);
    // Where the mouse went, in the slide's units: from 20 % across to 60 %.
    expect(stroke!.points[0]).toBeCloseTo(0.2 * 1280, -1);
    expect(stroke!.points.at(-2)).toBeCloseTo(0.6 * 1280, -1);
  });

  it('gives a student who arrives late the ink already drawn', async () => {
    const late = await open(urls.students, 800, 600);
    await pathsAre(late, 1);
    expect(await paths(late)).toEqual(await paths(projector));
  });

  it('shows the laser to everyone while it moves and keeps nothing of it', async () => {
    await presenter.keyboard.press('l');
    const seen = alice.waitForFunction(() => !!document.querySelector('#slide svg.ink path.laser'), { timeout: 15_000 });
    await drawOn(presenter, [0.3, 0.3], [0.5, 0.3], 20);
    await seen;
    await presenter.keyboard.press('Escape');
    await pathsAre(alice, 1);
    expect((await kept()).map((s) => s.tool)).toEqual(['pen']);
  });

  it('undoes with Ctrl+Z and erases a stroke touched with the eraser, everywhere', async () => {
    await presenter.keyboard.press('d');
    await drawOn(presenter, [0.1, 0.2], [0.3, 0.25]);
    await drawOn(presenter, [0.7, 0.2], [0.9, 0.3]);
    await pathsAre(bob, 3);
    await presenter.keyboard.down('Control');
    await presenter.keyboard.press('z');
    await presenter.keyboard.up('Control');
    await pathsAre(bob, 2);
    expect(await kept()).toHaveLength(2);
    // The eraser over the first stroke (drawn from 20 % to 60 % across, around half-way down).
    await presenter.keyboard.press('e');
    const [first] = await kept();
    const box = await presenter.$eval('#slide', (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
    const [x, y] = [first!.points[8]!, first!.points[9]!];
    await presenter.mouse.move(box.x + (x / 1280) * box.w, box.y + (y / 720) * box.h);
    await presenter.mouse.down();
    await presenter.mouse.up();
    await presenter.keyboard.press('Escape');
    for (const page of [projector, alice, bob]) await pathsAre(page, 1);
    expect((await kept()).map((s) => s.id)).not.toContain(first!.id);
  });

  it('lets no student draw: no tools, and the drawing calls refused without the key', async () => {
    expect(await alice.$('#tools')).toBeNull();
    const before = (await kept()).length;
    const stroke = { op: 'start', id: 'student-stroke', page: `${DECK}#3`, tool: 'pen', color: '#000000', width: 5, points: [1, 1] };
    expect((await call('/api/ink', stroke, null)).status).toBe(401);
    expect((await call('/api/ink', stroke, 'guess')).status).toBe(403);
    expect((await call('/api/board', {}, null)).status).toBe(401);
    // A student dragging over the slide draws nothing.
    const box = await alice.$eval('#slide', (el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
    await alice.keyboard.press('d');
    await alice.mouse.move(box.x + 20, box.y + 20);
    await alice.mouse.down();
    await alice.mouse.move(box.x + 200, box.y + 200, { steps: 5 });
    await alice.mouse.up();
    await new Promise((r) => setTimeout(r, 300));
    expect(await kept()).toHaveLength(before);
  });

  it('inserts a whiteboard page after the slide with w, drawn on like a slide', async () => {
    await presenter.keyboard.press('w');
    for (const page of [projector, alice]) await page.waitForSelector('#slide .board-page', { timeout: 15_000 });
    await pathsAre(alice, 0);
    await presenter.keyboard.press('d');
    await drawOn(presenter, [0.3, 0.3], [0.7, 0.6]);
    await presenter.keyboard.press('Escape');
    await pathsAre(alice, 1);
    const state = ((await (await fetch(`${base}/__present/decks`)).json()) as { state: { slide: number; board?: string } }).state;
    expect(state.slide).toBe(3);
    expect((await kept()).filter((s) => s.page === `${DECK}#b${state.board}`)).toHaveLength(1);
    // Next goes on to slide 4; back returns to the whiteboard page and its ink.
    await presenter.keyboard.press('ArrowRight');
    await alice.waitForFunction(() => location.hash === '#4' && !document.querySelector('#slide .board-page'), { timeout: 15_000 });
    await presenter.keyboard.press('ArrowLeft');
    await alice.waitForSelector('#slide .board-page', { timeout: 15_000 });
    await pathsAre(alice, 1);
  });

  it('hands out the lesson as taught: ink where it was drawn, the whiteboard in place, text still text', async () => {
    const link = await alice.$eval('#lesson-link', (a) => (a as HTMLAnchorElement).getAttribute('href'));
    expect(link).toBe('/lesson.pdf');
    const lesson = new Uint8Array(await (await fetch(`${base}/lesson.pdf`)).arrayBuffer());
    const slides = new Uint8Array(await (await fetch(`${base}/${DECK}.pdf`)).arrayBuffer());
    const facts = await readPdf(lesson);
    // Shown: slide 1 (where the class starts), 3, the whiteboard after it, and 4.
    expect(facts.pages).toBe(4);
    expect(facts.text[1]).toMatch(/À quoi sert un port/);
    expect(facts.text[3]).toMatch(/Quel port pour HTTP/);
    const inked = pagePictures(lesson, 36);
    const plain = pagePictures(slides, 36);
    // Slide 1 had no ink: the same picture. Slide 3: different only around its stroke.
    expect(changed(inked[0]!, plain[0]!)).toEqual([]);
    const [stroke] = (await kept()).filter((s) => s.page === `${DECK}#3`);
    const where = changed(inked[1]!, plain[2]!);
    expect(where.length).toBeGreaterThan(20);
    const scale = inked[1]!.width / 1280;
    const xs = stroke!.points.filter((_, i) => i % 2 === 0).map((v) => v * scale);
    const ys = stroke!.points.filter((_, i) => i % 2 === 1).map((v) => v * scale);
    const margin = (stroke!.width * scale) / 2 + 2;
    for (const [x, y] of where) {
      expect(x).toBeGreaterThanOrEqual(Math.min(...xs) - margin);
      expect(x).toBeLessThanOrEqual(Math.max(...xs) + margin);
      expect(y).toBeGreaterThanOrEqual(Math.min(...ys) - margin);
      expect(y).toBeLessThanOrEqual(Math.max(...ys) + margin);
    }
    // The whiteboard: a white page with its stroke on it.
    const board = inked[2]!;
    expect(board.grey.filter((g) => g < 200).length).toBeGreaterThan(20);
    expect(board.grey.filter((g) => g > 250).length / board.grey.length).toBeGreaterThan(0.95);
  });
});

/** The pixels (x, y) where two pictures differ by more than a shade. */
function changed(a: Picture, b: Picture): [number, number][] {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  const out: [number, number][] = [];
  for (let i = 0; i < a.grey.length; i++) if (Math.abs(a.grey[i]! - b.grey[i]!) > 48) out.push([i % a.width, Math.floor(i / a.width)]);
  return out;
}

describe('a present server killed with -9 in the middle of a stroke', () => {
  it('keeps every finished stroke after a restart, and "estrade lesson" writes the lesson from them', async () => {
    const dir = quizCopy('eik-');
    const first = await startPresentProcess(dir, 'quiz.md');
    const ink = (body: object) => fetch(`${first.base}/api/ink`, { method: 'POST', headers: { authorization: `Bearer ${first.key}` }, body: JSON.stringify(body) });
    expect((await fetch(`${first.base}/api/goto`, { method: 'POST', headers: { authorization: `Bearer ${first.key}` }, body: JSON.stringify({ deck: DECK, slide: 3 }) })).status).toBe(200);
    const drawn: number[][] = [];
    for (let n = 0; n < 3; n++) {
      const points = Array.from({ length: 30 }, (_, i) => [100 + i * 10 + n, 200 + n * 100 + (i % 5)]).flat();
      drawn.push(points);
      expect((await ink({ op: 'start', id: `kept-stroke-${n}`, page: `${DECK}#3`, tool: 'pen', color: '#d62828', width: 5, points: points.slice(0, 2) })).status).toBe(204);
      expect((await ink({ op: 'points', id: `kept-stroke-${n}`, points: points.slice(2) })).status).toBe(204);
      expect((await ink({ op: 'end', id: `kept-stroke-${n}` })).status).toBe(204);
    }
    // The stroke being drawn when the power goes.
    expect((await ink({ op: 'start', id: 'cut-stroke', page: `${DECK}#3`, tool: 'pen', color: '#d62828', width: 5, points: [5, 5] })).status).toBe(204);
    expect((await ink({ op: 'points', id: 'cut-stroke', points: [6, 6, 7, 7] })).status).toBe(204);
    await stopPresentProcess(first, 'SIGKILL');

    const second = await startPresentProcess(dir, 'quiz.md');
    try {
      const { strokes } = (await (await fetch(`${second.base}/__present/ink?deck=${encodeURIComponent(DECK)}`)).json()) as { strokes: Stroke[] };
      expect(strokes.map((s) => s.id)).toEqual(['kept-stroke-0', 'kept-stroke-1', 'kept-stroke-2']);
      expect(strokes.map((s) => s.points)).toEqual(drawn);
    } finally {
      await stopPresentProcess(second, 'SIGINT');
    }
    const [lesson] = readdirSync(join(dir, 'lessons'));
    const run = await runCli(['lesson', join(dir, 'quiz.md')]);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.out).toEqual([`wrote ${join(dir, 'lessons', lesson!, 'lesson.pdf')}`, `wrote ${join(dir, 'lessons', lesson!, 'lesson-handout.pdf')}`]);
    // Slide 3 at least (slide 1 too if a view or a build asked where the class was before the move).
    const facts = await readPdf(join(dir, 'lessons', lesson!, 'lesson.pdf'));
    expect(facts.pages).toBeLessThanOrEqual(2);
    expect(facts.text.at(-1)).toMatch(/À quoi sert un port/);
    const all = await runCli(['lesson', join(dir, 'quiz.md'), '--all']);
    expect(all.code).toBe(0);
    expect((await readPdf(join(dir, 'lessons', lesson!, 'lesson.pdf'))).pages).toBe(7 + 8);
    // The lesson keeps the slides' tags: a screen reader finds each slide's heading.
    const tagged = await getDocument({ data: new Uint8Array(readFileSync(join(dir, 'lessons', lesson!, 'lesson.pdf'))), verbosity: 0 }).promise;
    try {
      expect((await tagged.getMarkInfo())?.Marked).toBe(true);
      const roles = async (n: number) => JSON.stringify(await (await tagged.getPage(n)).getStructTree());
      expect(await roles(3)).toMatch(/"role":"H[12]"/);
    } finally {
      await tagged.destroy();
    }
    expect((await readPdf(join(dir, 'lessons', lesson!, 'lesson-handout.pdf'))).pages).toBe(Math.ceil(15 / 3));
  }, 240_000);
});
