// Live questions in `estrade present`, in real Chromium: thirty students answer on their own pages,
// the presenter counts, closes, and the projector shows the exact counts; what a curious student
// can read before the vote closes; the lesson's answers file, and a server killed with -9.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/present/lesson.ts';
import type { ClassroomUrls, PresentSession } from '../src/present/session.ts';
import { testBrowser } from './helpers/browser.ts';
import { openView, presentQuiz, quizCopy, startPresentProcess, stopPresentProcess, teacherPost } from './helpers/classroom.ts';

const DECK = 'quiz/01-les-ports';
// The part's slides: its opening, agenda, "À quoi sert un port ?" (3), the question (4), its answer
// (5, not in `present`: students get no answer slide), the poll, the open question, the checklist.
const QUESTION_SLIDE = 4;

interface View {
  count: number;
  closed: boolean;
  results?: { counts?: number[]; right?: number[]; groups?: { text: string; count: number; right: boolean }[] };
}

describe('a question asked live, in Chromium', () => {
  let dir = '';
  let session: PresentSession;
  let urls: ClassroomUrls;
  let base = '';
  const pages: Page[] = [];
  let presenter: Page, projector: Page;

  const open = (url: string, width: number, height: number) => openView(base, url, width, height, pages);
  const call = (path: string, body: object, key: string | null = session.key) => teacherPost(base, path, body, key);
  const question = async (number: number, voter = ''): Promise<{ question: View; yours: unknown }> =>
    (await fetch(`${base}/__present/question?deck=${encodeURIComponent(DECK)}&number=${number}&voter=${voter}`)).json() as Promise<{ question: View; yours: unknown }>;
  const studentAnswer = (number: number, voter: string, answer: unknown) => fetch(`${base}/__present/answer`, { method: 'POST', body: JSON.stringify({ deck: DECK, number, voter, answer }) });

  beforeAll(async () => {
    ({ dir, session, urls, base } = await presentQuiz('estrade-live-'));
    presenter = await open(urls.presenter, 1440, 900);
    projector = await open(urls.projector, 1280, 720);
  }, 90_000);

  afterAll(async () => {
    for (const page of pages) await page.browserContext().close().catch(() => undefined);
    await session?.stop();
  });

  it('is not open to answers before the class reaches it', async () => {
    const early = await studentAnswer(1, 'early-student-1', 1);
    expect(early.status).toBe(425);
    expect((await question(1)).question.count).toBe(0);
  });

  // Thirty students: how many choose each option (B, 80, is right).
  const plan = [4, 17, 6, 3];
  const students: Page[] = [];

  it('gives each student answer buttons when the class reaches it, and the presenter counts them', async () => {
    expect((await call('/api/goto', { deck: DECK, slide: QUESTION_SLIDE })).status).toBe(200);
    const choices = plan.flatMap((n, option) => Array<number>(n).fill(option));
    for (let i = 0; i < choices.length; i++) students.push(await open(urls.students, 390, 844));
    for (const page of students) await page.waitForSelector('#ask-choices button', { visible: true, timeout: 20_000 });
    expect(await students[0]!.$$eval('#ask-choices button', (buttons) => buttons.map((b) => b.textContent))).toEqual(['A21', 'B80', 'C443', 'D22']);
    await Promise.all(students.map(async (page, i) => {
      const buttons = await page.$$('#ask-choices button');
      await buttons[choices[i]!]!.click();
      await page.waitForFunction((n) => document.querySelectorAll('#ask-choices button')[n]?.classList.contains('mine'), { timeout: 15_000 }, choices[i]!);
    }));
    await presenter.waitForFunction(() => /30 réponses/.test(document.querySelector('#vote-count')?.textContent ?? ''), { timeout: 15_000 });
    expect(await presenter.$eval('#vote-count', (el) => el.textContent)).toBe('Question 1 · 30 réponses');
  }, 180_000);

  it('keeps one answer per student across a reload, changeable until the vote closes', async () => {
    const student = students[0]!; // chose A
    await student.reload({ waitUntil: 'load' });
    await student.waitForFunction(() => document.querySelectorAll('#ask-choices button')[0]?.classList.contains('mine'), { timeout: 15_000 });
    await (await student.$$('#ask-choices button'))[1]!.click();
    await student.waitForFunction(() => document.querySelectorAll('#ask-choices button')[1]?.classList.contains('mine'), { timeout: 15_000 });
    plan[0]!--;
    plan[1]!++;
    expect((await question(1)).question.count).toBe(30);
    await presenter.waitForFunction(() => /30 réponses/.test(document.querySelector('#vote-count')?.textContent ?? ''));
  });

  it('shows a curious student no result and no right answer before the vote closes', async () => {
    const { question: view } = await question(1);
    expect(view).not.toHaveProperty('results');
    const deck = (await (await fetch(`${base}/__present/deck?id=${encodeURIComponent(DECK)}`)).json()) as { slides: string[] };
    expect(deck.slides.join('\n')).toMatch(/data-question="1"/);
    expect(deck.slides.join('\n')).not.toMatch(/estrade-choice right|estrade-answer|estrade-open-answer|défaut du web|ss -tlnp/);
    for (const path of ['/quiz/01-les-ports.html', '/quiz/quiz.html', '/quiz/01-les-ports.pdf', '/quiz/01-les-ports-handout.pdf']) {
      const r = await fetch(`${base}${path}`);
      if (r.status !== 200) continue;
      expect(Buffer.from(await r.arrayBuffer()).toString('latin1'), path).not.toMatch(/défaut du web|ss -tlnp/);
    }
    // Only the teacher closes it.
    expect((await call('/api/question', { deck: DECK, number: 1, closed: true }, null)).status).toBe(401);
    expect((await call('/api/question', { deck: DECK, number: 1, closed: true }, 'guess')).status).toBe(403);
    expect(await students[1]!.$('#vote-close:not([hidden])')).toBeNull();
    expect((await question(1)).question.closed).toBe(false);
  });

  it('shows the exact counts and the right answer once the presenter closes the vote', async () => {
    await presenter.click('#vote-close');
    await projector.waitForSelector('#slide .results:not([hidden]) .row', { timeout: 15_000 });
    const rows = await projector.$$eval('#slide .results .row', (els) => els.map((el) => ({ count: Number((el as HTMLElement).dataset.count), right: el.classList.contains('right'), num: el.querySelector('.num')!.textContent })));
    expect(rows.map((r) => r.count)).toEqual(plan);
    expect(rows.map((r) => r.right)).toEqual([false, true, false, false]);
    expect(rows[1]!.num).toBe(`${plan[1]} · ${Math.round((plan[1]! / 30) * 100)}\u00a0%`);
    // Each student hears whether they were right.
    await students[0]!.waitForFunction(() => document.querySelector('#ask-said')?.textContent === 'Bonne réponse !', { timeout: 15_000 });
    await students[29]!.waitForFunction(() => document.querySelector('#ask-said')?.textContent === 'La réponse : B', { timeout: 15_000 });
    expect(await students[29]!.$eval('#ask-choices button', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    // Closed: no more answers.
    expect((await studentAnswer(1, 'late-student-1', 0)).status).toBe(409);
  });

  it('groups open answers by what they say, the expected one marked', async () => {
    expect((await call('/api/goto', { deck: DECK, slide: 6 })).status).toBe(200);
    const typed = students[2]!;
    await typed.waitForSelector('#ask-text', { visible: true, timeout: 15_000 });
    await typed.type('#ask-text', 'SS -tlnp.');
    await typed.keyboard.press('Enter');
    await typed.waitForFunction(() => /enregistrée/.test(document.querySelector('#ask-said')?.textContent ?? ''), { timeout: 15_000 });
    // Typing did not move the student's slide ("n" and "p" move slides elsewhere on the page).
    expect(await typed.evaluate(() => location.hash)).toBe('#6');
    // The third question of the part (the poll is the second).
    for (const [voter, text] of [['open-student-1', 'ss -tlnp'], ['open-student-2', 'netstat -an'], ['open-student-3', '  Ss   -TLNP ']] as const) expect((await studentAnswer(3, voter, text)).status).toBe(200);
    expect((await call('/api/question', { deck: DECK, number: 3, closed: true })).status).toBe(200);
    const { question: view } = await question(3);
    expect(view.results?.groups).toEqual([{ text: 'SS -tlnp.', count: 3, right: true }, { text: 'netstat -an', count: 1, right: false }]);
    await projector.waitForFunction(() => document.querySelectorAll('#slide .results li').length === 2, { timeout: 15_000 });
    expect(await projector.$$eval('#slide .results li', (els) => els.map((el) => [(el as HTMLElement).dataset.count, el.classList.contains('right')]))).toEqual([['3', true], ['1', false]]);
  });

  it('writes every answer to the lesson file as it comes', async () => {
    const lessons = join(dir, 'lessons');
    const [lesson] = readdirSync(lessons);
    const rows = parseCsv(readFileSync(join(lessons, lesson!, 'answers.csv'), 'utf8'));
    expect(rows[0]).toEqual(['time', 'part', 'question', 'prompt', 'student', 'answer', 'right', 'name']);
    // No name is kept unless the teacher asks for them.
    expect(rows.slice(1).every((r) => r[7] === '')).toBe(true);
    const first = rows.filter((r) => r[2] === '1');
    // 30 answers and one changed: the last one of each student counts.
    expect(first).toHaveLength(31);
    const last = new Map(first.map((r) => [r[4], r[5]]));
    expect(last.size).toBe(30);
    const letters = [...last.values()].map((a) => a!.split('.')[0]);
    expect(['A', 'B', 'C', 'D'].map((l) => letters.filter((x) => x === l).length)).toEqual(plan);
    expect(first.every((r) => r[3] === 'Quel port pour HTTP ?' && (r[6] === 'yes') === r[5]!.startsWith('B.'))).toBe(true);
    expect(rows.filter((r) => r[2] === '3').map((r) => r[6])).toEqual(['yes', 'yes', 'no', 'yes']);
    // The summary, written when a vote closes: each question, its counts, how many were right.
    const summary = readFileSync(join(lessons, lesson!, 'summary.md'), 'utf8');
    expect(summary).toContain(`## Quel port pour HTTP ?\n\n${DECK}, question 1: 30 answers, ${plan[1]} right (${Math.round((plan[1]! * 100) / 30)} %)`);
    expect(summary).toContain(`| A. 21 | ${plan[0]} |\n| B. 80 ✓ | ${plan[1]} |\n| C. 443 | ${plan[2]} |\n| D. 22 | ${plan[3]} |`);
    expect(summary).toMatch(/question 3: 4 answers, 3 right \(75 %\)[\s\S]*\| SS -tlnp\. \| 3 \|\n\| netstat -an \| 1 \|/);
  });
});

describe('first names, when the teacher asks for them (--names)', () => {
  it('are asked once on the student page, sent with each answer and written with it', async () => {
    const { dir, session, urls, base } = await presentQuiz('estrade-names-', { names: true });
    const page = await (await (await testBrowser()).createBrowserContext()).newPage();
    try {
      expect((await fetch(`${base}/api/goto`, { method: 'POST', headers: { authorization: `Bearer ${session.key}` }, body: JSON.stringify({ deck: DECK, slide: QUESTION_SLIDE }) })).status).toBe(200);
      const send = (body: object) => fetch(`${base}/__present/answer`, { method: 'POST', body: JSON.stringify({ deck: DECK, number: 1, ...body }) });
      expect((await send({ voter: 'nameless-student', answer: 1 })).status).toBe(400);
      expect((await send({ voter: 'named-student-1', answer: 1, name: '  Zoé\u0007  ' })).status).toBe(200);
      await page.setViewport({ width: 390, height: 844 });
      await page.goto(urls.students, { waitUntil: 'load' });
      await page.waitForSelector('#ask-name:not([hidden])', { timeout: 20_000 });
      expect(await page.$eval('#ask-name', (el) => (el as HTMLInputElement).placeholder)).toBe('Votre prénom');
      await (await page.$$('#ask-choices button'))[2]!.click();
      await page.waitForFunction(() => document.querySelector('#ask-said')?.textContent === "Écrivez d'abord votre prénom.", { timeout: 15_000 });
      expect((await (await fetch(`${base}/__present/question?deck=${encodeURIComponent(DECK)}&number=1`)).json()).question.count).toBe(1);
      await page.type('#ask-name', 'Léo');
      await (await page.$$('#ask-choices button'))[2]!.click();
      await page.waitForFunction(() => document.querySelectorAll('#ask-choices button')[2]?.classList.contains('mine'), { timeout: 15_000 });
      // Kept in the browser: asked once.
      await page.reload({ waitUntil: 'load' });
      await page.waitForFunction(() => (document.querySelector('#ask-name') as HTMLInputElement | null)?.value === 'Léo', { timeout: 15_000 });
    } finally {
      await page.browserContext().close();
      await session.stop();
    }
    const [lesson] = readdirSync(join(dir, 'lessons'));
    const rows = parseCsv(readFileSync(join(dir, 'lessons', lesson!, 'answers.csv'), 'utf8')).slice(1);
    expect(rows.map((r) => [r[5], r[7]])).toEqual([['B. 80', 'Zoé'], ['C. 443', 'Léo']]);
  }, 120_000);
});

describe('a present server killed with -9', () => {
  it('keeps every answer given before, and the count, after a restart the same day', async () => {
    const dir = quizCopy('eqk-');
    const first = await startPresentProcess(dir, 'quiz.md');
    const { base } = first;
    const goto = await fetch(`${base}/api/goto`, { method: 'POST', headers: { authorization: `Bearer ${first.key}` }, body: JSON.stringify({ deck: DECK, slide: QUESTION_SLIDE }) });
    expect(goto.status).toBe(200);
    const voters = Array.from({ length: 20 }, (_, i) => `killed-student-${i}`);
    for (const [i, voter] of voters.entries()) {
      const r = await fetch(`${base}/__present/answer`, { method: 'POST', body: JSON.stringify({ deck: DECK, number: 1, voter, answer: i % 4 }) });
      expect(r.status).toBe(200);
    }
    await stopPresentProcess(first, 'SIGKILL');
    const [lesson] = readdirSync(join(dir, 'lessons'));
    const rows = parseCsv(readFileSync(join(dir, 'lessons', lesson!, 'answers.csv'), 'utf8')).slice(1);
    expect(rows.map((r) => r[4])).toEqual(voters);

    const second = await startPresentProcess(dir, 'quiz.md');
    try {
      const again = second.base;
      const view = (await (await fetch(`${again}/__present/question?deck=${encodeURIComponent(DECK)}&number=1&voter=killed-student-3`)).json()) as { question: View; yours: unknown };
      expect(view.question.count).toBe(20);
      expect(view.yours).toBe(3);
      // The same lesson goes on: one folder, answers appended to the same file.
      expect(readdirSync(join(dir, 'lessons'))).toEqual([lesson]);
    } finally {
      await stopPresentProcess(second, 'SIGINT');
    }
  }, 180_000);
});
