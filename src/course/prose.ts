// Rewriting a course's prose while leaving its code as written: fenced blocks line for line and
// inline code spans untouched. Pure.
import { fencedLines } from './fences.ts';

const INLINE_CODE = /(`+)[\s\S]*?\1/g;

/** Applies `rewrite` to every run of text outside code blocks and inline code. */
export function outsideCode(markdown: string, rewrite: (text: string) => string): string {
  const out: string[] = [];
  let prose: string[] = [];
  const flush = () => {
    if (!prose.length) return;
    out.push(outsideCodeSpans(prose.join('\n'), rewrite));
    prose = [];
  };
  const lines = markdown.split('\n');
  fencedLines(markdown).forEach((fenced, i) => {
    if (!fenced) prose.push(lines[i]!);
    else {
      flush();
      out.push(lines[i]!);
    }
  });
  flush();
  return out.join('\n');
}

/** Applies `rewrite` to every run of text outside the inline code spans of some prose. */
export function outsideCodeSpans(text: string, rewrite: (text: string) => string): string {
  let last = 0;
  let rewritten = '';
  for (const m of text.matchAll(INLINE_CODE)) {
    rewritten += rewrite(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return rewritten + rewrite(text.slice(last));
}
