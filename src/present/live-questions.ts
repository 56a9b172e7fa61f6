// The course's questions asked live: each student answers once (and may change their mind until the
// teacher closes the vote), the class sees how many answered, and once closed the counts and the
// right answer. Answers are written to the lesson's `answers.csv` as they come and read back when
// `estrade present` starts again the same day.
import { questionOf, sameAnswer, type Question } from '../course/questions.ts';
import type { Slide } from '../course/types.ts';
import { slideSvgs } from '../render/slide-svgs.ts';
import type { CsvLog } from './lesson.ts';
import type { Answer, QuestionView } from './protocol.ts';

export type { Answer, ChoiceResults, OpenResults, QuestionView } from './protocol.ts';

export interface LiveDeck {
  id: string;
  source: Slide[];
  html: string;
}

const VOTER = /^[A-Za-z0-9_-]{8,64}$/;
export const MAX_TEXT = 120;
/** Votes one question keeps: far above a class, bounded for a server on the school network. */
export const MAX_VOTERS = 2000;
/** Times one student may change their answer to one question: a hesitant student, not a script
 *  writing the lesson's file full. */
export const MAX_CHANGES = 20;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const CSV_HEADER = ['time', 'part', 'question', 'prompt', 'student', 'answer', 'right', 'name'];
const MAX_NAME = 40;

/** Markdown's inline marks off: what a button or a chart shows. */
const plain = (markdown: string) => markdown.replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1').replace(/(\*\*|__|\*|_|`)(.+?)\1/g, '$2').replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').trim();

interface Asked {
  question: Question;
  votes: Map<string, Answer>;
  /** How many times each student answered (their first answer and each change). */
  given: Map<string, number>;
  closed: boolean;
  /** The class has been on its slide: students may answer from then on. */
  reached: boolean;
}

export class LiveQuestions {
  private readonly asked = new Map<string, Asked>();
  /** Each deck's questions and which slide asks which, as of its last render. */
  private readonly decks = new Map<string, { html: string; questions: Question[]; numbers: (number | undefined)[] }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly dirty = new Set<string>();

  constructor(private readonly options: { send: (view: QuestionView) => void; log?: CsvLog; every?: number; names?: boolean }) {}

  private known(deck: LiveDeck) {
    let known = this.decks.get(deck.id);
    if (!known || known.html !== deck.html) {
      known = {
        html: deck.html,
        questions: deck.source.map(questionOf).filter((q): q is Question => !!q),
        numbers: slideSvgs(deck.html).map((svg) => Number(/\sdata-question="(\d+)"/.exec(svg)?.[1]) || undefined),
      };
      this.decks.set(deck.id, known);
    }
    return known;
  }

  /** The question a slide asks (its number in the deck), if any. */
  numberAt(deck: LiveDeck, slide: number): number | undefined {
    return this.known(deck).numbers[slide - 1];
  }

  /** The class reached a slide: its question is open from now on (if it was not yet asked). */
  reached(deck: LiveDeck, slide: number): QuestionView | undefined {
    const number = this.numberAt(deck, slide);
    const asked = number === undefined ? undefined : this.entry(deck, number);
    if (!asked) return undefined;
    asked.reached = true;
    return this.view(deck, number!);
  }

  private entry(deck: LiveDeck, number: number): Asked | undefined {
    const question = this.known(deck).questions[number - 1];
    if (!question) return undefined;
    const key = `${deck.id}#${number}`;
    let asked = this.asked.get(key);
    // An edit that changed the question starts it afresh (the file keeps what was answered).
    if (!asked || asked.question.prompt !== question.prompt || JSON.stringify(options(asked.question)) !== JSON.stringify(options(question))) {
      asked = { question, votes: new Map(), given: new Map(), closed: false, reached: false };
      this.asked.set(key, asked);
    } else asked.question = question;
    return asked;
  }

  view(deck: LiveDeck, number: number): QuestionView | undefined {
    const asked = this.entry(deck, number);
    if (!asked) return undefined;
    const { question, votes, closed } = asked;
    const view: QuestionView = { deck: deck.id, number, kind: question.kind, prompt: plain(question.prompt), count: votes.size, closed };
    if (question.kind === 'choice') view.options = question.choices.map((c) => plain(c.text));
    if (!closed) return view;
    if (question.kind === 'choice') {
      const counts = question.choices.map(() => 0);
      for (const v of votes.values()) if (typeof v === 'number') counts[v]!++;
      view.results = { counts, right: question.choices.flatMap((c, i) => (c.right ? [i] : [])), ...(question.explanation ? { explanation: plain(question.explanation) } : {}) };
    } else {
      const groups = new Map<string, { text: string; count: number; right: boolean }>();
      const right = question.answer ? sameAnswer(plain(question.answer)) : undefined;
      for (const v of votes.values()) {
        const text = String(v);
        const key = sameAnswer(text);
        const group = groups.get(key) ?? { text, count: 0, right: key === right };
        group.count++;
        groups.set(key, group);
      }
      view.results = { groups: [...groups.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)), answer: plain(question.answer) };
    }
    return view;
  }

  /** A student's answer; an error in the student's words, else what they now see. */
  answer(deck: LiveDeck, number: number, voter: unknown, given: unknown, now = new Date(), name?: unknown): { error: string } | { view: QuestionView; yours: Answer } {
    if (typeof voter !== 'string' || !VOTER.test(voter)) return { error: 'an answer needs the id this page keeps' };
    // A first name only when the teacher asks for them (`estrade present --names`); else none is kept.
    const first = this.options.names && typeof name === 'string' ? name.replace(/[\p{C}]/gu, '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME) : '';
    if (this.options.names && !first) return { error: 'the teacher asks for a first name with each answer' };
    const asked = this.entry(deck, number);
    if (!asked) return { error: 'no such question' };
    if (asked.closed) return { error: 'the vote is closed' };
    if (!asked.reached) return { error: 'the class has not reached this question yet' };
    const { question } = asked;
    let answer: Answer;
    if (question.kind === 'choice') {
      if (typeof given !== 'number' || !Number.isInteger(given) || given < 0 || given >= question.choices.length) return { error: `the answer must be an option from 0 to ${question.choices.length - 1}` };
      answer = given;
    } else {
      if (typeof given !== 'string' || !given.trim()) return { error: 'the answer must be a few words' };
      answer = given.trim().replace(/\s+/g, ' ').slice(0, MAX_TEXT);
    }
    if (!asked.votes.has(voter) && asked.votes.size >= MAX_VOTERS) return { error: 'this question has all the answers it can take' };
    // The same answer again changes nothing and writes nothing.
    if (asked.votes.get(voter) === answer) return { view: this.view(deck, number)!, yours: answer };
    const times = asked.given.get(voter) ?? 0;
    if (times >= MAX_CHANGES) return { error: `an answer may be changed ${MAX_CHANGES - 1} times at most` };
    asked.given.set(voter, times + 1);
    asked.votes.set(voter, answer);
    this.options.log?.append([now.toISOString(), deck.id, String(number), plain(question.prompt), voter, shown(question, answer), rightness(question, answer), first]);
    this.changed(deck, number);
    return { view: this.view(deck, number)!, yours: answer };
  }

  /** What a student answered, if anything. */
  yours(deck: LiveDeck, number: number, voter: string): Answer | undefined {
    return this.entry(deck, number)?.votes.get(voter);
  }

  /** The teacher closes the vote (the results shown) or opens it again. */
  close(deck: LiveDeck, number: number, closed: boolean): QuestionView | undefined {
    const asked = this.entry(deck, number);
    if (!asked) return undefined;
    asked.closed = closed;
    this.send(`${deck.id}#${number}`, deck, number);
    return this.view(deck, number);
  }

  /** Answers given earlier in this lesson (the CSV's rows), for decks as they are now. */
  restore(decks: LiveDeck[], rows: string[][]): number {
    let restored = 0;
    for (const [, part, n, , voter, answer] of rows) {
      const deck = decks.find((d) => d.id === part);
      const asked = deck && this.entry(deck, Number(n));
      if (!asked || !voter || answer === undefined) continue;
      const { question } = asked;
      if (question.kind === 'choice') {
        const index = LETTERS.indexOf(answer.split('.')[0]!);
        if (index < 0 || index >= question.choices.length) continue;
        asked.votes.set(voter, index);
      } else asked.votes.set(voter, answer.replace(/^'/, ''));
      asked.reached = true;
      restored++;
    }
    return restored;
  }

  /** The lesson's answers in Markdown: each question answered, its counts and how many were right. */
  summary(title: string): string {
    const parts = [`# ${title}`];
    for (const [key, asked] of this.asked) {
      const { question, votes } = asked;
      if (!votes.size) continue;
      const [deck, number] = key.split('#');
      const n = votes.size;
      const answers = [...votes.values()];
      const right = answers.filter((a) => rightness(question, a) === 'yes').length;
      const hasRight = question.kind === 'choice' ? question.choices.some((c) => c.right) : !!question.answer;
      parts.push(`## ${plain(question.prompt)}`, `${deck}, question ${number}: ${n} answer${n === 1 ? '' : 's'}${hasRight ? `, ${right} right (${Math.round((right * 100) / n)} %)` : ''}${asked.closed ? '' : ' (vote still open)'}`);
      const rows =
        question.kind === 'choice'
          ? question.choices.map((c, i) => [`${LETTERS[i]}. ${plain(c.text)}${c.right ? ' ✓' : ''}`, answers.filter((a) => a === i).length])
          : [...groupsOf(answers.map(String)).values()].sort((a, b) => b[1] - a[1]);
      parts.push(['| answer | count |', '| --- | --- |', ...rows.map(([text, count]) => `| ${String(text).replace(/\|/g, '\\|')} | ${count} |`)].join('\n'));
    }
    return `${parts.join('\n\n')}\n`;
  }

  /** How many questions were answered and how many answers, for the lesson's last line. */
  totals(): { questions: number; answers: number } {
    const answered = [...this.asked.values()].filter((a) => a.votes.size);
    return { questions: answered.length, answers: answered.reduce((n, a) => n + a.votes.size, 0) };
  }

  // A class answering at once: the count goes out at most every `every` ms (the first at once).
  private changed(deck: LiveDeck, number: number): void {
    const key = `${deck.id}#${number}`;
    if (this.pending.has(key)) {
      this.dirty.add(key);
      return;
    }
    this.send(key, deck, number);
  }

  private send(key: string, deck: LiveDeck, number: number): void {
    const view = this.view(deck, number);
    if (view) this.options.send(view);
    this.dirty.delete(key);
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        if (this.dirty.has(key)) this.send(key, deck, number);
      }, this.options.every ?? 30),
    );
  }

  stop(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.options.log?.close();
  }
}

/** Answers grouped by what they say: the first wording given, and how many gave it. */
function groupsOf(texts: string[]): Map<string, [string, number]> {
  const groups = new Map<string, [string, number]>();
  for (const text of texts) {
    const key = sameAnswer(text);
    const group = groups.get(key);
    if (group) group[1]++;
    else groups.set(key, [text, 1]);
  }
  return groups;
}

const options = (q: Question) => (q.kind === 'choice' ? q.choices.map((c) => c.text) : [q.answer]);
const shown = (q: Question, answer: Answer) => (q.kind === 'choice' && typeof answer === 'number' ? `${LETTERS[answer]}. ${plain(q.choices[answer]!.text)}` : String(answer));
function rightness(q: Question, answer: Answer): string {
  if (q.kind === 'choice') return q.choices.some((c) => c.right) ? (q.choices[answer as number]!.right ? 'yes' : 'no') : '';
  return q.answer ? (sameAnswer(String(answer)) === sameAnswer(plain(q.answer)) ? 'yes' : 'no') : '';
}
