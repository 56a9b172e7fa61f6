// A slide's Markdown as the pieces it may be split between: list items, table rows, code lines,
// sentences, whole blocks. Composing any run of pieces back gives valid Markdown that keeps list
// numbering, repeats the table header and reopens the code fence. Pure.
import { createRequire } from 'node:module';
import type MarkdownItType from 'markdown-it';
import { blockTokens, fencedLines, isDiagramInfo } from './fences.ts';
import { hardWrapped } from './hard-wraps.ts';

// The CommonJS markdown-it that Marp itself loads: importing its ES module entry would load a second
// copy of markdown-it and its libraries at every start.
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as typeof MarkdownItType;

export type PieceKind = 'block' | 'item' | 'row' | 'line' | 'sentence' | 'term';

export interface Piece {
  kind: PieceKind;
  text: string;
  /** Pieces of one block share a group; groups are joined by a blank line. */
  group: number;
  /** A slide may end after this piece without splitting a paragraph. */
  boundary: boolean;
  /** Table header (with its delimiter row) or opening code fence. */
  head?: string;
  /** Closing code fence. */
  tail?: string;
  /** Ordered list: the number this item shows. */
  number?: number;
  /** Sentences: the joiner to the previous sentence of the same paragraph. */
  joiner?: string;
  /** A line of a long list item after its first: on a slide of its own it reads as a paragraph. */
  continued?: boolean;
  /** Pieces of one blockquote (a box: an admonition, a callout) share it: composed back inside `> `. */
  quote?: number;
  /** Pieces of one `<details>` (a solution to reveal) share it: composed back between its opening
   *  (with its summary, repeated on each slide it spans) and its closing tag. */
  wrap?: { id: number; open: string; close: string };
}

// A list item of this many lines or more (hard line breaks, nested items) may be cut between its
// lines when it does not fit on a slide by itself.
const LONG_ITEM = 4;

/**
 * The abbreviations of a whole course (`*[HTML]: HyperText Markup Language`, PHP Markdown Extra's),
 * one per line: like link definitions, a deck carries them all, so that each use on any slide is
 * an abbreviation with its meaning, and the definition itself is never drawn as text.
 */
export function abbreviations(markdown: string): string {
  if (!markdown.includes('*[')) return '';
  const fenced = fencedLines(markdown);
  return markdown.split('\n').filter((line, i) => !fenced[i] && /^\*\[[^\]]+\]:/.test(line)).join('\n');
}

/** Definition lists (`Term` then `: definition`, Pandoc's and PHP Markdown Extra's), as
 *  markdown-it's own plugin reads them: the slides draw them, and a list moves whole. */
export const definitionLists = createRequire(import.meta.url)('markdown-it-deflist') as (md: MarkdownItType) => void;

const md = new MarkdownIt({ html: true, breaks: true }).use(definitionLists);
const SENTENCE_END = /(?<=[.!?…])\s+(?=[«"“(\p{Lu}\p{N}])/gu;

/** Whether a line's start closes every inline mark it opens (bold, emphasis, code, link text). */
function balanced(text: string): boolean {
  const code = (text.match(/`/g) ?? []).length;
  if (code % 2) return false;
  const prose = text.replace(/`[^`]*`/g, '');
  const strong = (prose.match(/\*\*|__/g) ?? []).length;
  const single = (prose.replace(/\*\*|__/g, '').match(/(?<![\p{L}\p{N}])[*_]|[*_](?![\p{L}\p{N}])/gu) ?? []).length;
  return strong % 2 === 0 && single % 2 === 0 && (prose.match(/\[/g) ?? []).length === (prose.match(/\]/g) ?? []).length;
}

/** A paragraph's sentences, each with what joins it to the one before (a space, or the author's
 *  line break): cut after . ! ? … before a capital or a digit, never inside bold, code or a link, nor
 *  after a number that numbers something ("2. Avec…", "1.3."). A sentence may run over several
 *  lines of a hard-wrapped paragraph: it stays one piece. */
export function sentencePieces(text: string): { s: string; joiner: string }[] {
  const out: { s: string; joiner: string }[] = [];
  let from = 0;
  let joiner = '';
  for (const m of text.matchAll(SENTENCE_END)) {
    const before = text.slice(from, m.index);
    const word = /(\S+)$/.exec(before)?.[1] ?? '';
    if (/^[*_(«"“]*(\d+\.)+$/u.test(word) || /^[*_(«"“]*\p{L}\.$/u.test(word) || !balanced(text.slice(0, m.index))) continue;
    out.push({ s: before, joiner });
    joiner = m[0].includes('\n') ? '\n' : ' ';
    from = m.index + m[0].length;
  }
  out.push({ s: text.slice(from), joiner });
  return out;
}

export const sentencesOf = (text: string) => sentencePieces(text).map((p) => p.s);
const ORDERED_MARKER = /^(\s*)(\d+)([.)])/;

/** An HTML element opened in one block and closed in a later one (`<details>`, then its code, then `</details>`). */
const DETAILS_OPENING = /^<details\b[^>]*>\s*(<summary\b[^>]*>[\s\S]*?<\/summary>)?$/i;
const OPENS = /^\s*<([a-z][\w-]*)\b[^>]*>/i;

export function slicePieces(body: string, firstGroup = 0, depth = 0): Piece[] {
  const lines = body.split('\n');
  const slice = (from: number, to: number) => lines.slice(from, to).join('\n').replace(/\s+$/, '');
  const tokens = md.parse(body, {});
  const pieces: Piece[] = [];
  let group = firstGroup;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.level !== 0 || !t.map || t.nesting === -1) continue;
    const start = t.map[0];
    let end = t.map[1];
    const tag = t.type === 'html_block' ? OPENS.exec(t.content)?.[1] : undefined;
    if (tag && !new RegExp(`</${tag}\\s*>`, 'i').test(t.content)) {
      // The whole element is one block: it is one box on the slide, whatever Markdown is inside.
      const closing = tokens.findIndex((c, j) => j > i && c.level === 0 && c.type === 'html_block' && new RegExp(`</${tag}\\s*>`, 'i').test(c.content));
      const [innerStart, innerEnd] = [end, tokens[closing]?.map?.[0] ?? end];
      if (closing > 0 && depth === 0 && tag.toLowerCase() === 'details' && DETAILS_OPENING.test(t.content.trim()) && /^<\/details>$/i.test(tokens[closing]!.content.trim())) {
        // A solution longer than a slide (printed open) is cut between the blocks inside it, like
        // a box: each part is a <details> of its own with the same summary.
        const wrap = { id: group + 1, open: slice(start, innerStart), close: tokens[closing]!.content.trim() };
        const inner = slicePieces(lines.slice(innerStart, innerEnd).join('\n'), group, depth + 1);
        for (const piece of inner) pieces.push({ ...piece, wrap });
        group = Math.max(group + 1, ...inner.map((p) => p.group));
        i = closing;
        continue;
      }
      if (closing > 0) {
        end = tokens[closing]!.map![1];
        const rows = htmlTableRows(slice(start, end));
        if (rows) pieces.push(...rows.map((row) => ({ ...row, group: group + 1 })));
        else pieces.push({ kind: 'block', text: slice(start, end), group: group + 1, boundary: true });
        group++;
        i = closing;
        continue;
      }
    }
    if (t.type === 'html_block') {
      // A table written in HTML is cut between its rows too, each part with its header.
      const rows = htmlTableRows(slice(start, end));
      if (rows) {
        group++;
        for (const row of rows) pieces.push({ ...row, group });
        continue;
      }
      // Paragraphs of HTML written one after the other (<p>…</p> lines) are as many blocks.
      const elements = htmlElements(lines.slice(start, end));
      if (elements.length > 1) {
        for (const element of elements) pieces.push({ kind: 'block', text: element.replace(/\s+$/, ''), group: ++group, boundary: true });
        continue;
      }
    }
    if (t.type === 'blockquote_open' && depth === 0) {
      // A box (an admonition, a callout) is cut between the blocks inside it, each part still a box.
      const quote = group + 1;
      const inner = slicePieces(lines.slice(start, end).map((l) => l.replace(/^\s{0,3}> ?/, '')).join('\n'), group, depth + 1);
      for (const piece of inner) pieces.push({ ...piece, quote });
      group = Math.max(group + 1, ...inner.map((p) => p.group));
      i = tokens.findIndex((c, j) => j > i && c.level === 0 && c.type === 'blockquote_close');
      if (i < 0) break;
      continue;
    }
    const close = tokens.findIndex((c, j) => j > i && c.level === 0 && c.nesting === -1 && c.type === t.type.replace('_open', '_close'));
    const inner = close > 0 ? tokens.slice(i + 1, close) : [];
    group++;
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
      const first = Number(t.attrGet('start') ?? 1);
      const items = inner.filter((c) => c.type === 'list_item_open' && c.level === 1 && c.map);
      items.forEach((item, n) => {
        const [a, b] = item.map!;
        const number = t.type === 'ordered_list_open' ? { number: first + n } : {};
        const itemLines = slice(a, b).split('\n');
        // An item holding a code block stays whole: a cut between its lines would break the fence.
        if (itemLines.length < LONG_ITEM || inner.some((c) => c.type === 'fence' && c.map && c.map[0] >= a && c.map[1] <= b)) {
          pieces.push({ kind: 'item', text: slice(a, b), group, boundary: true, ...number });
          return;
        }
        // A cut between two lines of an item is a last resort: only its last line ends it cleanly.
        itemLines.forEach((line, k) => pieces.push({ kind: 'item', text: line, group, boundary: k === itemLines.length - 1, ...(k ? { continued: true } : number) }));
      });
    } else if (t.type === 'dl_open') {
      // A definition list (a glossary) is cut between its terms, each with its definitions.
      const starts = inner.filter((c) => c.type === 'dt_open' && c.level === 1 && c.map).map((c) => c.map![0]);
      for (const [k, from] of starts.entries()) {
        const text = slice(from, starts[k + 1] ?? end).replace(/\s+$/, '');
        // A long definition of several paragraphs (code, a list below it) may be cut after its first:
        // the paragraphs after it are cut as text of their own, unindented.
        const [first, ...rest] = text.split(/\n[ \t]*\n/);
        if (!rest.length || text.split('\n').length < LONG_ITEM) {
          pieces.push({ kind: 'term', text, group, boundary: true });
          continue;
        }
        pieces.push({ kind: 'term', text: first!, group, boundary: true });
        // Lines of a definition (commands written under it) may each end a slide there, whatever their sentences.
        const carried = slicePieces(rest.join('\n\n').replace(/^(?: {1,4}|\t)/gm, ''), group, depth + 1).flatMap((p) =>
          p.kind === 'sentence' && p.text.split('\n').length >= LONG_ITEM ? p.text.split('\n').map((line, n) => ({ ...p, text: line, joiner: n ? '\n' : p.joiner, boundary: p.boundary })) : [p]);
        pieces.push(...carried);
        group = Math.max(group + 1, ...carried.map((p) => p.group)) + 1;
      }
    } else if (t.type === 'table_open') {
      const rows = inner.filter((c) => c.type === 'tr_open' && c.map && c.map[0] >= start + 2);
      for (const row of rows) pieces.push({ kind: 'row', text: slice(row.map![0], row.map![1]), group, boundary: true, head: slice(start, start + 2) });
    } else if (t.type === 'fence' && isDiagramInfo(t.info)) {
      // A diagram is one drawing: it moves whole.
      pieces.push({ kind: 'block', text: slice(start, end), group, boundary: true });
    } else if (t.type === 'fence') {
      const closed = end - start >= 2 && lines[end - 1]!.trim().startsWith(t.markup);
      const codeEnd = closed ? end - 1 : end;
      for (let l = start + 1; l < codeEnd; l++) {
        pieces.push({ kind: 'line', text: lines[l] ?? '', group, boundary: true, head: lines[start], tail: t.markup });
      }
    } else if (t.type === 'code_block') {
      // Code indented four spaces is cut between its lines too, each part written as a fenced block.
      for (let l = start; l < end; l++) {
        pieces.push({ kind: 'line', text: (lines[l] ?? '').replace(/^(?: {4}| {0,3}\t)/, ''), group, boundary: true, head: '```', tail: '```' });
      }
    } else if (t.type === 'paragraph_open' && !slice(start, end).trimStart().startsWith('$$')) {
      const paragraph = lines.slice(start, end).filter((l) => l.trim());
      // A paragraph wrapped by hand flows on the slide: its parts are cut from the flowing text.
      const sentences = sentencePieces(paragraph.join(hardWrapped(paragraph) ? ' ' : '\n'));
      sentences.forEach(({ s, joiner }, k) => pieces.push({ kind: 'sentence', text: s, group, boundary: k === sentences.length - 1, joiner }));
    } else {
      pieces.push({ kind: 'block', text: slice(start, end), group, boundary: true });
    }
  }
  return pieces;
}

/**
 * The body rows of a table written in HTML, each with what comes before them (the <table>, its
 * header row) and after them (the closing tags): undefined when the block is not one table.
 */
function htmlTableRows(html: string): Omit<Piece, 'group'>[] | undefined {
  if (!/^\s*<table\b[\s\S]*<\/table>\s*$/i.test(html) || /<table\b/i.test(html.slice(html.search(/<table\b/i) + 1))) return undefined;
  const rows = [...html.matchAll(/<tr\b[\s\S]*?<\/tr>/gi)];
  // The header: rows of a <thead>, or a first row of <th> cells.
  const headEnd = html.search(/<\/thead>/i);
  const body = rows.filter((r, k) => (headEnd >= 0 ? r.index > headEnd : !(k === 0 && /<th\b/i.test(r[0]))));
  if (body.length < 2) return undefined;
  const before = html.slice(0, body[0]!.index).trimEnd();
  // A first row of <th> outside a <thead> goes into one, as the browser lays it out above the body.
  const head = headEnd < 0 && rows[0] !== body[0] ? `${html.slice(0, rows[0]!.index)}<thead>${rows[0]![0]}</thead>` : before;
  const last = body.at(-1)!;
  const tail = html.slice(last.index + last[0].length).trim();
  // Rows go inside a <tbody> of their own in each part, so that Chromium lays them out the same.
  const opened = /<tbody\b[^>]*>\s*$/i.test(head) ? head : `${head}\n<tbody>`;
  const closed = /^<\/tbody>/i.test(tail) ? tail : `</tbody>\n${tail}`;
  return body.map((r) => ({ kind: 'row' as const, text: r[0], boundary: true, head: opened, tail: closed }));
}

/** Lines of an HTML block as whole top-level elements, when each starts a line and ends before the next. */
function htmlElements(lines: string[]): string[] {
  const elements: string[] = [];
  let current: string[] = [];
  let tag: string | undefined;
  let depth = 0;
  for (const line of lines) {
    if (!tag) {
      if (!line.trim()) continue;
      const open = OPENS.exec(line)?.[1];
      if (!open || /^(br|hr|img|input|meta|link|wbr|source|col)$/i.test(open)) return [];
      tag = open;
      depth = 0;
    }
    current.push(line);
    depth += (line.match(new RegExp(`<${tag}\\b`, 'gi')) ?? []).length - (line.match(new RegExp(`</${tag}\\s*>`, 'gi')) ?? []).length;
    if (depth <= 0) {
      elements.push(current.join('\n'));
      current = [];
      tag = undefined;
    }
  }
  return current.length ? [] : elements;
}

function composeGroup(run: Piece[]): string {
  const first = run[0]!;
  switch (first.kind) {
    case 'item': {
      // Lines that continue an item begun on the slide before read as a paragraph of their own.
      const lead = run.findIndex((p) => !p.continued);
      const carried = (lead < 0 ? run : run.slice(0, lead)).map((p) => p.text.trim()).join('\n');
      const items = (lead < 0 ? [] : run.slice(lead)).map((p, n) => (n === 0 && p.number !== undefined ? p.text.replace(ORDERED_MARKER, `$1${p.number}$3`) : p.text)).join('\n');
      return [carried, items].filter(Boolean).join('\n\n');
    }
    case 'row':
      // A table written in HTML closes after its rows; a pipe table ends with its last row.
      return [first.head, ...run.map((p) => p.text), ...(first.tail ? [first.tail] : [])].join('\n');
    case 'line':
      return [first.head, ...run.map((p) => p.text), first.tail].join('\n');
    case 'sentence':
      return run.map((p, n) => (n === 0 ? '' : p.joiner || ' ') + p.text).join('');
    case 'block':
    case 'term':
      return run.map((p) => p.text).join('\n\n');
    default: {
      const never: never = first.kind;
      return never;
    }
  }
}

export function composePieces(pieces: Piece[]): string {
  const runs: Piece[][] = [];
  for (const p of pieces) {
    const last = runs.at(-1);
    if (last && last[0]!.group === p.group) last.push(p);
    else runs.push([p]);
  }
  // Runs of one blockquote or one <details> go back inside it together.
  const blocks: { quote?: number; wrap?: Piece['wrap']; texts: string[] }[] = [];
  for (const run of runs) {
    const { quote, wrap } = run[0]!;
    const last = blocks.at(-1);
    if ((quote !== undefined && last?.quote === quote) || (wrap !== undefined && last?.wrap?.id === wrap.id)) last!.texts.push(composeGroup(run));
    else blocks.push({ quote, wrap, texts: [composeGroup(run)] });
  }
  const composed = (b: (typeof blocks)[number]) => {
    const text = b.texts.join('\n\n');
    if (b.wrap) return `${b.wrap.open}\n\n${text}\n\n${b.wrap.close}`;
    return b.quote === undefined ? text : text.split('\n').map((l) => (l.trim() ? `> ${l}` : '>')).join('\n');
  };
  return blocks.map(composed).join('\n\n');
}

/** The code blocks of a slide's Markdown as written (fenced or indented, at any depth), without
 *  diagrams: what a student copies when a slide shows a piece of one. */
export function codeBlocks(body: string): string[] {
  return md
    .parse(body, {})
    .filter((t) => (t.type === 'fence' && !isDiagramInfo(t.info)) || t.type === 'code_block')
    .map((t) => t.content.replace(/\n$/, ''));
}

/**
 * The link reference definitions of a whole course (`[licence]: https://…`, often gathered at its
 * end), written again one per line: a deck carries them all, so that `[text][licence]` on any
 * slide is a link and not brackets drawn as text.
 */
export function linkReferences(markdown: string): string {
  // Every definition has its label's end and colon together, even one written over lines.
  if (!markdown.includes(']:')) return '';
  const env: { references?: Record<string, { href: string; title: string }> } = {};
  blockTokens(markdown, env);
  return Object.entries(env.references ?? {})
    .map(([label, { href, title }]) => `[${label.replace(/[[\]\\]/g, '\\$&')}]: <${href.replace(/[<>\s]/g, encodeURIComponent)}>${title ? ` "${title.replace(/["\\]/g, '\\$&')}"` : ''}`)
    .join('\n');
}
