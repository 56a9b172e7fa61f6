// French typography: a narrow no-break space before ; ! ? and a no-break space before : and inside
// « », so that punctuation never starts a line on a slide. Code, URLs, links' targets, maths and
// emoji shortcodes are left alone. Pure.
import { fencedLines } from './fences.ts';

export const NBSP = '\u00A0';
export const NNBSP = '\u202F';

// Parts of a Markdown line that must not change: inline code, maths, link targets, URLs, HTML tags.
const PROTECTED = /(`+)[\s\S]*?\1|\$[^$\n]+\$|\]\([^)]*\)|<[^>\n]+>|\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;

// Each rule replaces every kind of space it finds (plain, no-break, narrow) by the one it wants, so
// that the text it gives back is left as it is the next time: --fix settles.
function fixProse(text: string): string {
  return text
    .replace(/[ \t\u00A0\u202F]+([;!?])/g, `${NNBSP}$1`)
    .replace(/[ \t\u00A0\u202F]+:(?=\s|$)/g, `${NBSP}:`)
    .replace(/«[ \t\u00A0\u202F]*/g, `«${NBSP}`)
    .replace(/[ \t\u00A0\u202F]*»/g, `${NBSP}»`);
}

function fixLine(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(PROTECTED)) {
    out += fixProse(line.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + fixProse(line.slice(last));
}

/** Applies French spacing to Markdown, outside code blocks, maths blocks and HTML comments. */
export function frenchTypography(markdown: string): string {
  const fenced = fencedLines(markdown);
  let inMath = false;
  return markdown
    .split('\n')
    .map((line, i) => {
      if (fenced[i]) return line;
      if (/^\s*\$\$/.test(line)) {
        if (!/^\s*\$\$.*\$\$\s*$/.test(line)) inMath = !inMath;
        return line;
      }
      return inMath || /^\s*<!--/.test(line) ? line : fixLine(line);
    })
    .join('\n');
}

/** Places in a Markdown text where French typography would change something, by 1-based line. */
export function typographyIssues(markdown: string): number[] {
  const fixed = frenchTypography(markdown).split('\n');
  return markdown.split('\n').flatMap((line, i) => (line !== fixed[i] ? [i + 1] : []));
}

/**
 * The course's own text with French spacing in its body (from the 1-based `bodyLine`), every line
 * end kept as written (CRLF, LF or CR): --fix changes the spaces it reports and nothing else.
 */
export function withFrenchSpacing(text: string, bodyLine: number): string {
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines = parts.filter((_, i) => i % 2 === 0);
  const ends = parts.filter((_, i) => i % 2 === 1);
  const head = lines.slice(0, bodyLine - 1);
  const body = frenchTypography(lines.slice(bodyLine - 1).join('\n')).split('\n');
  // frenchTypography changes spaces within lines only; anything else would be a bug to stop at.
  if (head.length + body.length !== lines.length) throw new Error('French spacing changed the number of lines');
  return [...head, ...body].map((line, i) => line + (ends[i] ?? '')).join('');
}
