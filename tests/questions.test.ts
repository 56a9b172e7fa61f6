// Questions written in the course: what counts as one, how decks, PDFs and handouts show them, and
// the lesson's answers file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCourse } from '../src/course/course.ts';
import { sectionDecks } from '../src/course/deck.ts';
import { deckMarkdown } from '../src/course/marp-markdown.ts';
import { askedBody, asks, questionOf, questionProblems, sameAnswer } from '../src/course/questions.ts';
import { CsvLog, csvField, lessonFolder, parseCsv } from '../src/present/lesson.ts';
import { LiveQuestions, MAX_CHANGES } from '../src/present/live-questions.ts';
import { EstradeMarp } from '../src/render/marp.ts';
import { runCli } from './helpers/build.ts';
import { readPdf } from './helpers/pdf.ts';
import { tempDir } from './helpers/temp.ts';

const slide = (title: string | undefined, body: string) => ({ title, body, line: 10 });

describe('a question in the course', () => {
  it('is a task list under a title ending with "?", one [x] or more marking the right options', () => {
    const q = questionOf(slide('Quel port pour **HTTP** ?', '- [ ] 21\n- [x] 80\n* [X] 8080\n\n> Réponse : le web.'));
    expect(q).toEqual({ kind: 'choice', prompt: 'Quel port pour **HTTP** ?', line: 10, explanation: 'le web.', choices: [{ text: '21', right: false }, { text: '80', right: true }, { text: '8080', right: true }] });
  });

  it('is a poll when no option is marked, and an open question with an answer line', () => {
    expect(questionOf(slide('Which OS?', '- [ ] Linux\n- [ ] macOS'))).toMatchObject({ kind: 'choice', choices: [{ right: false }, { right: false }] });
    expect(questionOf(slide('Quelle commande ?', 'Texte.\n\n> **Réponse** : `ss -tlnp`'))).toMatchObject({ kind: 'open', answer: '`ss -tlnp`' });
    expect(questionOf(slide('What did you learn?', '> Answer: …'))).toMatchObject({ kind: 'open', answer: '' });
  });

  it('asks only when the title ends with a question mark, whatever marks or spaces follow', () => {
    for (const title of ['Quoi ?', 'Quoi\u00a0?', 'What? ', '**Why?**', 'Pourquoi ?*', '¿Qué?']) expect(asks(title), title).toBe(true);
    for (const title of ['Liste', 'Why? Because', undefined, '']) expect(asks(title), String(title)).toBe(false);
  });

  it('is not a checklist under another title, a single option, or a list inside code', () => {
    expect(questionOf(slide('Avant la suite', '- [x] Installer\n- [ ] Lire'))).toBeUndefined();
    expect(questionOf(slide('Prêt ?', '- [x] Oui'))).toBeUndefined();
    expect(questionOf(slide('Quel code ?', '```md\n- [ ] a\n- [x] b\n```'))).toBeUndefined();
  });

  it('takes the first task list only', () => {
    const q = questionOf(slide('Lequel ?', '- [ ] a\n- [x] b\n\nEt :\n\n- [x] c\n- [ ] d'));
    expect(q?.kind === 'choice' && q.choices.map((c) => c.text)).toEqual(['a', 'b']);
  });

  it('is asked with no mark and no explanation, an open one with a blank to fill', () => {
    const choice = '- [ ] 21\n- [x] 80\n\n> Réponse : le web.';
    expect(askedBody(choice, questionOf(slide('Port ?', choice))!)).toBe('- [ ] 21\n- [ ] 80\n');
    const open = 'Écrivez-la.\n\n> Réponse : ss -tlnp';
    expect(askedBody(open, questionOf(slide('Commande ?', open))!)).toBe('Écrivez-la.\n\n> Réponse : …');
  });

  it('is checked by the doctor: no right answer, the same option twice, too many options', () => {
    const messages = (body: string) => questionProblems(questionOf(slide('Q ?', body))!).map((p) => p.message);
    expect(messages('- [ ] a\n- [ ] b')).toEqual([expect.stringMatching(/marks no right answer/)]);
    expect(messages('- [x] Linux\n- [ ] linux.')).toEqual([expect.stringMatching(/offers "linux\." twice/)]);
    expect(messages(Array.from({ length: 7 }, (_, i) => `- [${i ? ' ' : 'x'}] ${i}`).join('\n'))).toEqual([expect.stringMatching(/7 options/)]);
    expect(messages('- [x] a\n- [x] b')).toEqual([expect.stringMatching(/every option/)]);
    expect(messages('- [x] a\n- [ ] b')).toEqual([]);
  });

  it('compares open answers as a teacher reads them', () => {
    expect(sameAnswer('  Élève  Modèle. ')).toBe(sameAnswer('eleve modele'));
    expect(sameAnswer('80')).not.toBe(sameAnswer('8080'));
  });
});

// A course of random slides: questions of every kind among other slides, some with task lists.
function generatedCourse(seed: number): string {
  let s = seed;
  const next = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  const slides: string[] = [];
  for (let i = 0; i < 14; i++) {
    const kind = next(6);
    const options = Array.from({ length: 2 + next(4) }, (_, j) => `- [${next(3) === 0 ? 'x' : ' '}] option ${i}-${j}`).join('\n');
    if (kind === 0) slides.push(`### Question ${i} ?\n\n${options}`);
    else if (kind === 1) slides.push(`### Question ${i} **?**\n\nUn paragraphe.\n\n${options}\n\n> Réponse : explication ${i}.`);
    else if (kind === 2) slides.push(`### Ouverte ${i} ?\n\n> Réponse : mot${i}`);
    else if (kind === 3) slides.push(`### Liste ${i}\n\n${options}`);
    else if (kind === 4) slides.push(`### Code ${i} ?\n\n\`\`\`md\n${options}\n\`\`\``);
    else slides.push(`### Texte ${i}\n\nDu texte ${i}.`);
  }
  return `---\nlang: fr\n---\n# Cours\n\n## Partie\n\n${slides.join('\n\n')}\n`;
}

describe('question slides as decks show them', () => {
  const engine = new EstradeMarp();

  it('ask each question once, in the order of the course, with no answer on the asking slide', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const { course } = parseCourse(generatedCourse(seed), 'cours.md');
      const questions = course.sections[0]!.slides.map(questionOf).filter(Boolean);
      const deck = sectionDecks(course, { answers: true })[0]!;
      const html = engine.render(deckMarkdown(deck, { theme: 'default' })).html as string;
      const sections = html.split(/<section\b/).slice(1);
      const asking = sections.filter((s) => /data-question="/.test(s));
      expect(asking.map((s) => Number(/data-question="(\d+)"/.exec(s)![1])), `seed ${seed}`).toEqual(questions.map((_, i) => i + 1));
      // Asked: no option marked right, no explanation; the next slide (when there is an answer) shows it.
      for (const s of asking) expect(s).not.toMatch(/class="estrade-choice right"|explication|mot\d/);
      const answered = questions.filter((q) => (q!.kind === 'open' ? q!.answer : q!.choices.some((c) => c.right)));
      expect(sections.filter((s) => /class="[^"]*\banswer\b/.test(s.slice(0, 300)))).toHaveLength(answered.length);
      // A checklist elsewhere is a checklist; a list in code stays code.
      expect(html.match(/class="estrade-tasks"/g)?.length ?? 0).toBe((generatedCourse(seed).match(/### Liste/g) ?? []).length);
      expect(html).not.toMatch(/<li[^>]*>\s*\[[ x]\]/);
    }
  });

  it('leave answers out of every slide when planned without them', () => {
    const { course } = parseCourse(generatedCourse(7), 'cours.md');
    const html = engine.render(deckMarkdown(sectionDecks(course, { answers: false })[0]!, { theme: 'default' })).html as string;
    expect(html).not.toMatch(/estrade-choice right|estrade-open-answer|explication|mot\d/);
  });
});

describe('the lesson file', () => {
  it('reads back every field written, whatever it holds', () => {
    const fields = ['plain', 'a, b', 'say "hi"', 'two\nlines', '=SUM(A1)', '', 'é ü 中'];
    const text = `${fields.map(csvField).join(',')}\n${fields.map(csvField).reverse().join(',')}\n`;
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(fields.map((f) => (f.startsWith('=') ? `'${f}` : f)));
    expect(rows[1]).toEqual([...rows[0]!].reverse());
  });

  it('drops a last line cut short, and the next row starts on a line of its own', async () => {
    const dir = tempDir();
    const path = join(dir, 'answers.csv');
    writeFileSync(path, 'a,b\n1,2\n3,"cut sh');
    const log = new CsvLog(path, ['a', 'b']);
    expect(log.read()).toEqual([['1', '2']]);
    log.append(['5', '6']);
    log.close();
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n3,"cut sh\n5,6\n');
    // The cut line's opened quote swallows what follows it: what was written whole is still read.
    expect(log.read().some((r) => r[0] === '1')).toBe(true);
  });

  it("is today's lesson when there is one, a new one when asked or on another day", () => {
    const lessons = join(tempDir(), 'lessons');
    const morning = new Date(2026, 11, 7, 10, 15);
    const first = lessonFolder(lessons, { now: morning });
    expect(first).toBe(join(lessons, '2026-12-07T10-15'));
    expect(existsSync(first)).toBe(false);
    mkdirSync(first, { recursive: true });
    expect(lessonFolder(lessons, { now: new Date(2026, 11, 7, 14, 0) })).toBe(first);
    expect(lessonFolder(lessons, { now: new Date(2026, 11, 7, 14, 0), fresh: true })).toBe(join(lessons, '2026-12-07T14-00'));
    expect(lessonFolder(lessons, { now: morning, fresh: true })).toBe(join(lessons, '2026-12-07T10-15-2'));
    expect(lessonFolder(lessons, { now: new Date(2026, 11, 8, 9, 5) })).toBe(join(lessons, '2026-12-08T09-05'));
  });
});

describe('a course with questions, built', () => {
  const build = async (front: string) => {
    const dir = tempDir();
    const file = join(dir, 'quiz.md');
    writeFileSync(file, readFileSync('tests/fixtures/quiz.md', 'utf8').replace('duration: 30\n', `duration: 30\n${front}`));
    const out = join(dir, 'dist');
    const run = await runCli(['build', file, '--out', out]);
    expect(run.code, run.err.join('\n')).toBe(0);
    return { slides: await readPdf(join(out, 'quiz', '01-les-ports.pdf')), handout: await readPdf(join(out, 'quiz', '01-les-ports-handout.pdf')) };
  };
  // The page whose title it is (the agenda lists every title too).
  const page = (pdf: { text: string[] }, title: RegExp) => pdf.text.findIndex((t) => new RegExp(`^\\s*${title.source}`).test(t));

  it('has each answer on the page after its question in the slides, and none in the handout', async () => {
    const { slides, handout } = await build('');
    const asked = page(slides, /Quel port pour HTTP/);
    expect(slides.text[asked]).not.toMatch(/défaut du web/);
    expect(slides.text[asked + 1]).toMatch(/Quel port pour HTTP[\s\S]*défaut du web/);
    const open = page(slides, /Quelle commande/);
    expect(slides.text[open]).toMatch(/Réponse : …/);
    expect(slides.text[open + 1]).toMatch(/ss -tlnp/);
    // The poll has nothing to reveal: no page after it.
    expect(slides.text[page(slides, /Quel système/) + 1]).toMatch(/Quelle commande/);
    expect(handout.text.join('\n')).toMatch(/Quel port pour HTTP/);
    expect(handout.text.join('\n')).not.toMatch(/défaut du web|ss -tlnp/);
  }, 120_000);

  it("puts the answers in the handout with 'answers: handout', and nowhere with 'answers: none'", async () => {
    const withAnswers = await build('answers: handout\n');
    expect(withAnswers.handout.text.join('\n')).toMatch(/défaut du web[\s\S]*ss -tlnp/);
    const none = await build('answers: none\n');
    expect([...none.slides.text, ...none.handout.text].join('\n')).not.toMatch(/défaut du web|ss -tlnp/);
  }, 180_000);
});

describe('estrade doctor on question slides', () => {
  it('names the question and its line: no right answer, the same option twice', async () => {
    const dir = tempDir();
    const file = join(dir, 'quiz.md');
    writeFileSync(file, '---\nlang: en\n---\n# Quiz\n\n## Part\n\n### Which one?\n\n- [ ] Linux\n- [ ] linux\n\n### Fine?\n\n- [x] a\n- [ ] b\n');
    const run = await runCli(['doctor', file]);
    const lines = [...run.out, ...run.err].filter((l) => /question/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/quiz\.md:8: warning: the question "Which one\?" marks no right answer/),
      expect.stringMatching(/quiz\.md:8: warning: the question "Which one\?" offers "linux" twice/),
    ]);
  }, 120_000);
});

describe('a student answering a live question', () => {
  it('changes their answer a score of times at most, and the same answer again writes nothing', () => {
    const rows: string[][] = [];
    const live = new LiveQuestions({ send: () => undefined, log: { append: (row: string[]) => rows.push(row), close: () => undefined } as never });
    const source = [{ title: 'Quel port ?', body: '- [ ] 21\n- [x] 80\n- [ ] 443', notes: [], line: 3 }];
    const deck = { id: 'c/01-p', source, html: '<svg data-marpit-svg=""><foreignObject><section><ul data-question="1"></ul></section></foreignObject></svg>' };
    expect(live.reached(deck, 1)?.number).toBe(1);
    expect('view' in live.answer(deck, 1, 'steady-student', 1)).toBe(true);
    expect('view' in live.answer(deck, 1, 'steady-student', 1)).toBe(true);
    expect(rows).toHaveLength(1);
    const results = Array.from({ length: MAX_CHANGES + 5 }, (_, i) => live.answer(deck, 1, 'restless-student', i % 3));
    expect(results.slice(0, MAX_CHANGES).every((r) => 'view' in r)).toBe(true);
    expect(results[MAX_CHANGES]).toEqual({ error: `an answer may be changed ${MAX_CHANGES - 1} times at most` });
    expect(rows).toHaveLength(1 + MAX_CHANGES);
    expect(live.view(deck, 1)?.count).toBe(2);
    live.stop();
  });
});
