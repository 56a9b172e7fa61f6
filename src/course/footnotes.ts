// Footnotes as Pandoc, GitHub and PHP Markdown Extra write them: `texte[^1]` and, anywhere in the
// course (often at its end), `[^1]: la note`. On a slide, the call becomes a small raised number and
// the note is written at the bottom of each slide that calls it: read where it is needed, never left
// alone on the last slide nor shown as brackets. Pure.
import { fencedLines } from './fences.ts';
import { outsideCodeSpans } from './prose.ts';

const DEFINITION = /^\[\^([^\]\s]+)\]:[ \t]?(.*)$/;
const CONTINUATION = /^(?: {4}|\t)(.*)$/;
const CALL = /\[\^([^\]\s]+)\](?!:)/g;

export interface Footnotes {
  /** Each note's text by its label, numbered in the order they are first called. */
  notes: Map<string, { number: number; text: string }>;
  /** The lines the definitions were taken from. */
  taken: Set<number>;
  /** Notes the text never calls, or a second note of one label: left where they are written, as
   *  small print (0-based line, label, and whether the label was defined before). */
  uncalled: { line: number; label: string; twice: boolean }[];
}

/**
 * Takes the footnote definitions out of a course's lines (each becomes an empty line, so that line
 * numbers stay right) and numbers the notes in the order the text first calls them. A note never
 * called, or a second one of a label, stays where it is written, as small print.
 */
export function takeFootnotes(lines: string[], fenced: boolean[]): Footnotes {
  const definitions: { label: string; text: string; lines: number[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = fenced[i] ? null : DEFINITION.exec(lines[i]!);
    if (!m) continue;
    const parts = [m[2]!.trim()];
    const at = [i];
    lines[i] = '';
    for (let k = i + 1; k < lines.length && !fenced[k]; k++) {
      const more = CONTINUATION.exec(lines[k]!);
      if (!more || !more[1]!.trim()) break;
      parts.push(more[1]!.trim());
      lines[k] = '';
      at.push(k);
      i = k;
    }
    definitions.push({ label: m[1]!, text: parts.filter(Boolean).join(' '), lines: at });
  }
  const notes = new Map<string, { number: number; text: string }>();
  const taken = new Set<number>();
  const uncalled: Footnotes['uncalled'] = [];
  if (!definitions.length) return { notes, taken, uncalled };
  // The first definition of a label is its note.
  const first = new Map<string, (typeof definitions)[number]>();
  for (const d of definitions) if (!first.has(d.label)) first.set(d.label, d);
  lines.forEach((line, i) => {
    if (fenced[i]) return;
    outsideCodeSpans(line, (text) => {
      for (const [, label] of text.matchAll(CALL)) {
        const note = first.get(label!);
        if (note && !notes.has(label!)) notes.set(label!, { number: notes.size + 1, text: note.text });
      }
      return text;
    });
  });
  for (const d of definitions) {
    const twice = first.get(d.label) !== d;
    if (!twice && notes.has(d.label)) {
      for (const k of d.lines) taken.add(k);
    } else {
      // Never called (a call forgotten or misspelt), or a label written twice: its words stay where
      // the teacher wrote them.
      lines[d.lines[0]!] = `<small>${d.text}</small>`;
      uncalled.push({ line: d.lines[0]!, label: d.label, twice });
    }
  }
  return { notes, taken, uncalled };
}

/** A heading's text without its footnote calls, and the labels it called: its notes go on its slide. */
export function titleCalls(title: string): { title: string; labels: string[] } {
  if (!title.includes('[^')) return { title, labels: [] };
  const labels: string[] = [];
  const bare = outsideCodeSpans(title, (text) => text.replace(CALL, (_call, label: string) => (labels.push(label), '')));
  return { title: bare.trim(), labels };
}

/** A slide's Markdown with its calls as raised numbers and, at its end, the notes it calls (and
 *  those its title called: `titled`). */
export function withFootnotes(body: string, { notes }: Footnotes, titled: string[] = []): string {
  if (!notes.size || (!body.includes('[^') && !titled.length)) return body;
  const fenced = fencedLines(body);
  const called: number[] = titled.flatMap((label) => notes.get(label)?.number ?? []);
  const lines = body.split('\n').map((line, i) => {
    if (fenced[i]) return line;
    return outsideCodeSpans(line, (text) =>
      text.replace(CALL, (call, label: string) => {
        const note = notes.get(label);
        if (!note) return call;
        if (!called.includes(note.number)) called.push(note.number);
        return `<sup>${note.number}</sup>`;
      }),
    );
  });
  if (!called.length) return body;
  const byNumber = new Map([...notes.values()].map((n) => [n.number, n.text]));
  const written = called.map((n) => `<small><sup>${n}</sup> ${byNumber.get(n)}</small>`).join('<br>\n');
  return `${lines.join('\n').replace(/\s+$/, '')}\n\n${written}`;
}
