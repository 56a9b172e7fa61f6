// Footnotes as Pandoc, GitHub and PHP Markdown Extra write them: `texte[^1]` and, anywhere in the
// course (often at its end), `[^1]: la note`. On a slide, the call becomes a small raised number and
// the note is written at the bottom of each slide that calls it: read where it is needed, never left
// alone on the last slide nor shown as brackets. Pure.
import { fencedLines } from './fences.ts';

const DEFINITION = /^\[\^([^\]\s]+)\]:[ \t]?(.*)$/;
const CONTINUATION = /^(?: {4}|\t)(.*)$/;
const CALL = /\[\^([^\]\s]+)\](?!:)/g;

export interface Footnotes {
  /** Each note's text by its label, numbered in the order they are first called. */
  notes: Map<string, { number: number; text: string }>;
  /** The lines the definitions were taken from. */
  taken: Set<number>;
}

/**
 * Takes the footnote definitions out of a course's lines (each becomes an empty line, so that line
 * numbers stay right) and numbers the notes in the order the text first calls them.
 */
export function takeFootnotes(lines: string[], fenced: boolean[]): Footnotes {
  const texts = new Map<string, string>();
  const taken = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const m = fenced[i] ? null : DEFINITION.exec(lines[i]!);
    if (!m) continue;
    const parts = [m[2]!.trim()];
    lines[i] = '';
    taken.add(i);
    for (let k = i + 1; k < lines.length && !fenced[k]; k++) {
      const more = CONTINUATION.exec(lines[k]!);
      if (!more || !more[1]!.trim()) break;
      parts.push(more[1]!.trim());
      lines[k] = '';
      taken.add(k);
      i = k;
    }
    if (!texts.has(m[1]!)) texts.set(m[1]!, parts.filter(Boolean).join(' '));
  }
  const notes = new Map<string, { number: number; text: string }>();
  if (!texts.size) return { notes, taken };
  lines.forEach((line, i) => {
    if (fenced[i]) return;
    for (const [, label] of outsideCodeSpans(line).matchAll(CALL)) {
      if (texts.has(label!) && !notes.has(label!)) notes.set(label!, { number: notes.size + 1, text: texts.get(label!)! });
    }
  });
  return { notes, taken };
}

/** A slide's Markdown with its calls as raised numbers and, at its end, the notes it calls. */
export function withFootnotes(body: string, { notes }: Footnotes): string {
  if (!notes.size || !body.includes('[^')) return body;
  const fenced = fencedLines(body);
  const called: number[] = [];
  const lines = body.split('\n').map((line, i) => {
    if (fenced[i]) return line;
    return replaceOutsideCodeSpans(line, (text) =>
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

/** The line with its `code spans` blanked, for searching. */
function outsideCodeSpans(line: string): string {
  return line.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));
}

function replaceOutsideCodeSpans(line: string, change: (text: string) => string): string {
  const parts = line.split(/((`+)[\s\S]*?\2)/);
  // split with two groups: [text, span, ticks, text, span, ticks, …]
  const out: string[] = [];
  for (let k = 0; k < parts.length; k += 3) {
    out.push(change(parts[k] ?? ''));
    if (parts[k + 1] !== undefined) out.push(parts[k + 1]!);
  }
  return out.join('');
}
