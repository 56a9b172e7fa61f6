// Where a Markdown text's fenced code blocks are, by CommonMark's rules as markdown-it (Marp's
// parser) applies them: a fence anywhere a block may start (in lists and quotes too), closed by a
// fence of the same character at least as long, or running to the end of its container. Every step
// that must leave code alone, or find the diagrams, asks here. Pure.
import { createRequire } from 'node:module';
import type MarkdownItType from 'markdown-it';

// The CommonJS markdown-it that Marp itself loads (see blocks.ts).
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as typeof MarkdownItType;
// The block structure only: inline parsing (emphasis, links, code spans) tells nothing of where
// fences or link definitions are, and took two thirds of a parse of a whole course.
const md = new MarkdownIt({ html: true });
md.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);

type Token = ReturnType<typeof md.parse>[number];
type References = Record<string, unknown>;
// A course's text is asked about several times in a row (its fences, its link definitions, its
// diagrams): the last one read is kept, with what its parse collected.
const last = { markdown: '', tokens: [] as Token[], env: {} as object };

/** markdown-it's block tokens of `markdown` (no inline parsing), not to be changed; `env` collects
 *  its link definitions. */
export function blockTokens(markdown: string, env: object = {}): readonly Token[] {
  if (markdown !== last.markdown || !last.tokens.length) {
    const { tokens, references } = parsedByParts(markdown);
    last.tokens = tokens;
    last.markdown = markdown;
    last.env = Object.keys(references).length ? { references } : {};
  }
  Object.assign(env, last.env);
  return last.tokens;
}

// A save changes one part of a course: the parts it did not touch are not parsed again. A part
// begins at a heading written at the start of a line after a blank line, where CommonMark closes
// every block but a fence or an HTML block left open (`<!--`, `<pre>`): a part counts only when a
// heading written after it is read as a heading, so that nothing is open where the next begins.
const PART_START = /\n[ \t]*\n(?=#{1,6}(?:[ \t]|\n|$))/g;
const SENTINEL = '\n# estrade';
interface Part {
  tokens: Token[];
  references: References;
  /** The first line the tokens' maps count from. */
  from: number;
  /** Nothing is left open at its end: the next part is read by itself. */
  closed: boolean;
}
/** Parts read, by their text (and whether the last): those of the courses read lately. */
const parts = new Map<string, Part>();
const PARTS_KEPT = 4000;

function readPart(text: string, last: boolean): Part {
  const key = last ? `${text}\u0000` : text;
  const known = parts.get(key);
  if (known) return known;
  const references: { references?: References } = {};
  let tokens = md.parse(last ? text : text + SENTINEL, references);
  let closed = last;
  if (!last) {
    const lines = countLines(text);
    const heading = tokens.at(-3);
    // Its line tells too that markdown-it counts the part's lines as we do (a lone \r is a line end to it).
    closed = heading?.type === 'heading_open' && heading.level === 0 && heading.map?.[0] === lines;
    tokens = closed ? tokens.slice(0, -3) : [];
  }
  const part = { tokens, references: references.references ?? {}, from: 0, closed };
  if (parts.size >= PARTS_KEPT) parts.clear();
  parts.set(key, part);
  return part;
}

/** The tokens of `part` counted from line `from` of the whole text. */
function placedAt(part: Part, from: number): Token[] {
  if (part.from !== from) {
    const shift = from - part.from;
    part.tokens = part.tokens.map((t) => (t.map ? Object.assign(Object.create(Object.getPrototypeOf(t) as object) as Token, t, { map: [t.map[0] + shift, t.map[1] + shift] }) : t));
    part.from = from;
  }
  return part.tokens;
}

/** The same tokens and link definitions as one parse of the whole text, its untouched parts read before. */
function parsedByParts(markdown: string): { tokens: Token[]; references: References } {
  const starts = [0, ...[...markdown.matchAll(PART_START)].map((m) => m.index + m[0].length)];
  const tokens: Token[] = [];
  const references: References = {};
  for (let k = 0, line = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1]! - 1 : markdown.length;
    const text = markdown.slice(starts[k], end);
    let part = readPart(text, end === markdown.length);
    // Something left open (a fence never closed, a comment over several headings): the rest is read as one.
    const open = !part.closed;
    if (open) part = readPart(markdown.slice(starts[k]), true);
    // One by one: a course read as one part may hold more tokens than a call takes arguments.
    for (const token of placedAt(part, line)) tokens.push(token);
    // A label defined twice: the first definition counts, as in one parse.
    for (const [label, target] of Object.entries(part.references)) if (!(label in references)) references[label] = target;
    if (open) break;
    line += countLines(text);
  }
  return { tokens, references };
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export interface Fence {
  /** 0-based line of its opening fence. */
  start: number;
  /** 0-based line of its closing fence, or of its last line when nothing closes it. */
  end: number;
  /** The info string (`python`, `mermaid`, `{code-cell} ipython3`), trimmed. */
  info: string;
  /** The opening fence's marker, e.g. "```" or "~~~~". */
  marker: string;
  /** The code, without its fences. */
  content: string;
}

/** Every fenced code block of `markdown`, in order, nested ones (in lists, quotes) included. */
export function fences(markdown: string): Fence[] {
  if (!markdown.includes('```') && !markdown.includes('~~~')) return [];
  return blockTokens(markdown)
    .filter((t) => t.type === 'fence' && t.map)
    .map((t) => ({ start: t.map![0], end: t.map![1] - 1, info: t.info.trim(), marker: t.markup, content: t.content }));
}

/** For each line of `markdown`, whether it belongs to a fenced code block (its fences included). */
export function fencedLines(markdown: string): boolean[] {
  const fenced = new Array<boolean>(markdown.split('\n').length).fill(false);
  for (const f of fences(markdown)) fenced.fill(true, f.start, f.end + 1);
  return fenced;
}

/** Marp draws a fence as a diagram when the first word of its info string is `mermaid`. */
export const isDiagramInfo = (info: string) => info.trim().split(/\s+/, 1)[0] === 'mermaid';

/** The Mermaid diagrams of `markdown`, in order. */
export const diagrams = (markdown: string): Fence[] => (markdown.includes('mermaid') ? fences(markdown).filter((f) => isDiagramInfo(f.info)) : []);

// Line by line, for text that is not Markdown yet: a dialect's source (MkDocs, MyST) whose bodies are
// indented four spaces, where CommonMark would see indented code. The same rules, any indent.
const FENCE_LINE = /^[ \t]*(`{3,}|~{3,})(.*)$/;

/** The marker of a line that opens a fence at any indent ("```", "~~~~"), or undefined. */
export function openingFence(line: string): string | undefined {
  const m = FENCE_LINE.exec(line);
  // A backtick fence's info string holds no backtick (CommonMark): "```js`" is inline code.
  if (!m || (m[1]![0] === '`' && m[2]!.includes('`'))) return undefined;
  return m[1];
}

/** Whether `line` closes a fence opened by `marker`: the same character, at least as many, nothing after. */
export function closesFence(line: string, marker: string): boolean {
  const m = FENCE_LINE.exec(line);
  return !!m && m[1]![0] === marker[0] && m[1]!.length >= marker.length && !m[2]!.trim();
}
