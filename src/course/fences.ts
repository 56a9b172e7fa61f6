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
// A course's text is asked about several times in a row (its fences, its link definitions, its
// diagrams): the last one read is kept, with what its parse collected.
const last = { markdown: '', tokens: [] as Token[], env: {} as object };

/** markdown-it's block tokens of `markdown` (no inline parsing), not to be changed; `env` collects
 *  its link definitions. */
export function blockTokens(markdown: string, env: object = {}): readonly Token[] {
  if (markdown !== last.markdown || !last.tokens.length) {
    const found = {};
    last.tokens = md.parse(markdown, found);
    last.markdown = markdown;
    last.env = found;
  }
  Object.assign(env, last.env);
  return last.tokens;
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
