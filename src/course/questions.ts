// Questions written in the course, asked live in `estrade present`. Pure.
//
// A slide whose title ends with "?" is a question when its body holds
// - a task list: one option a line, `[x]` on the right ones (none: a poll), or
// - an answer line, `> Réponse : …` (`> Answer: …`…): an open question, answered in a few words.
// On a choice question, an answer line is the explanation shown with the answer.
// Both read well where Markdown is previewed (GitHub, VS Code): a checklist, a quote.
import { fencedLines } from './fences.ts';
import { sameAnswer } from './same-answer.ts';

export { sameAnswer } from './same-answer.ts';

export interface Choice {
  text: string;
  right: boolean;
}

export type Question =
  | { kind: 'choice'; prompt: string; choices: Choice[]; explanation?: string; line: number }
  | { kind: 'open'; prompt: string; answer: string; line: number };

const TASK = /^ {0,3}[-*+][ \t]+\[([ xX])\][ \t]+(.*\S)\s*$/;
const ANSWER_WORDS = ['réponse', 'reponse', 'answer', 'antwort', 'respuesta', 'risposta', 'resposta'];
const ANSWER = new RegExp(`^ {0,3}>[ \\t]*(?:\\*\\*|__)?(${ANSWER_WORDS.join('|')})(?:\\*\\*|__)?[ \\t\\u00a0\\u202f]*:(?:\\*\\*|__)?[ \\t\\u00a0\\u202f]*(.*?)\\s*$`, 'i');
/** What stands for the answer on the question slide: a blank to fill. */
export const BLANK = '…';

/** Whether a title asks something: its last character, markup aside, is a question mark. */
export const asks = (title: string | undefined) => !!title && /[?？¿]$/.test(title.replace(/[\s*_`~\u00a0\u202f]+$/u, ''));

/** The body's lines outside fenced code, with their 0-based index. */
function proseLines(body: string): { text: string; index: number }[] {
  const fenced = fencedLines(body);
  return body.split('\n').flatMap((text, index) => (fenced[index] ? [] : [{ text, index }]));
}

/** The question a slide asks, if any. */
export function questionOf(slide: { title?: string; body: string; line: number }): Question | undefined {
  if (!asks(slide.title)) return undefined;
  const lines = proseLines(slide.body);
  const choices: Choice[] = [];
  let last = -2;
  for (const { text, index } of lines) {
    const m = TASK.exec(text);
    if (!m) continue;
    // The first task list only: its items follow one another.
    if (choices.length && index !== last + 1) break;
    choices.push({ text: m[2]!.trim(), right: m[1] !== ' ' });
    last = index;
  }
  const answer = lines.map((l) => ANSWER.exec(l.text)).find((m) => m)?.[2];
  const prompt = slide.title!.trim();
  if (choices.length >= 2) return { kind: 'choice', prompt, choices, ...(answer ? { explanation: answer } : {}), line: slide.line };
  // An answer line left blank (`> Réponse : …`) asks without an expected answer.
  if (answer !== undefined) return { kind: 'open', prompt, answer: answer === BLANK ? '' : answer, line: slide.line };
  return undefined;
}

/** The question slide's body as the class sees it before the answer: no `[x]`, the answer a blank. */
export function askedBody(body: string, question: Question): string {
  const prose = new Set(proseLines(body).map((l) => l.index));
  return body
    .split('\n')
    .flatMap((text, i) => {
      if (!prose.has(i)) return [text];
      if (TASK.test(text)) return [text.replace(/\[[xX]\]/, '[ ]')];
      const m = ANSWER.exec(text);
      if (!m) return [text];
      // A choice's explanation waits for the answer; an open question shows a blank to fill.
      return question.kind === 'choice' ? [] : [`> ${m[1]} : ${BLANK}`];
    })
    .join('\n');
}

/** Whether the class sees an answer slide after the question: a poll has nothing to reveal. */
export const hasAnswer = (question: Question) => (question.kind === 'open' ? question.answer !== '' : question.choices.some((c) => c.right));


export interface QuestionProblem {
  line: number;
  message: string;
}

/** What a teacher would want to know before asking it in class. */
export function questionProblems(question: Question): QuestionProblem[] {
  if (question.kind === 'open') return [];
  const problems: QuestionProblem[] = [];
  if (!question.choices.some((c) => c.right)) problems.push({ line: question.line, message: `the question "${question.prompt}" marks no right answer ([x]): it is asked as a poll` });
  const seen = new Set<string>();
  for (const c of question.choices) {
    const key = sameAnswer(c.text);
    if (seen.has(key)) problems.push({ line: question.line, message: `the question "${question.prompt}" offers "${c.text}" twice` });
    seen.add(key);
  }
  if (question.choices.length > 6) problems.push({ line: question.line, message: `the question "${question.prompt}" has ${question.choices.length} options: six at most fit a phone's screen as buttons` });
  if (question.choices.every((c) => c.right)) problems.push({ line: question.line, message: `every option of "${question.prompt}" is marked right` });
  return problems;
}
