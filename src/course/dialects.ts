// The Markdown dialects teachers write, turned into the CommonMark that the rest of Estrade reads:
// MkDocs-Material admonitions (`!!! note "Titre"`, `???`, `???+`) and attribute lists, Pandoc
// fenced divs (`::: callout`), GitHub alerts (`> [!TIP]`), MyST directives (```` ```{note} ````, `{code-cell}`, `{image}`) and `+++`
// cell breaks, Hugo shortcodes (`{{< hint >}}`, `{{< youtube >}}`). A box of any of them becomes a
// blockquote that opens with its title in bold (the theme draws blockquotes as boxes); the line
// count never changes, so every line keeps its number for messages. What cannot be drawn is said
// once, with its line. Pure.
import { blockTokens, closesFence, openingFence } from './fences.ts';
import { gridTable, simpleTable } from './pandoc-tables.ts';
import { outsideCodeSpans } from './prose.ts';

export interface DialectNote {
  /** 1-based line in the text given. */
  line: number;
  message: string;
}

const ADMONITION = /^(\s*)(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+"([^"]*)")?[ \t]*$/;
const DIV_OPEN = /^(\s*)(:{3,})[ \t]*(?:\{([^}]*)\}|([\w-]+))[ \t]*(.*)$/;
const DIV_CLOSE = /^\s*:{3,}[ \t]*$/;
const DIRECTIVE_OPTION = /^\s*:[\w-]+:/;
// GitHub's alerts (`> [!TIP]`) and Obsidian's callouts (`> [!note] Titre`, folded with `-` or `+`).
const GITHUB_ALERT = /^(\s*>\s*)\[!([\w-]+)\][+-]?[ \t]*(.*)$/;
// Obsidian: `[[Page]]`, `[[Page|text shown]]`, `[[Page#Section]]`, and embeds `![[picture.png]]`.
const WIKILINK = /(!?)\[\[([^\]|#\n]*)(?:#([^\]|\n]*))?(?:\|([^\]\n]*))?\]\]/g;
const PICTURE_NAME = /\.(png|jpe?g|gif|svg|webp|avif)$/i;
// Obsidian's comments, `%% … %%`: the teacher's, never the class's.
const OBSIDIAN_COMMENT = /%%[\s\S]*?%%/g;
const CELL_BREAK = /^\+\+\+(\s.*|\{.*)?$/;
const MYST_TARGET = /^\([\w:.-]+\)=\s*$/;
const ATTRIBUTE_LINE = /^\s*\{:?\s*[.#]?[\w-]+(?:=[^}]*)?(?:\s[^}]*)?\}\s*$/;
const IMAGE_ATTRIBUTES = /(!\[([^\]]*)\]\(([^)]*)\))\{:?([^}]*)\}/g;
// kramdown's and Pandoc's attributes after a link (`{:target="_blank"}`, `{.button}`, `{#id}`): nothing a slide shows.
const LINK_ATTRIBUTES = /(\[[^\]]*\]\([^)]*\))\{(?::[^}]*|\s*[.#][\w-][^}]*|\s*[\w-]+=[^}]*)\}/g;
const SHORTCODE_OPEN = /^(\s*)\{\{[<%]\s*([\w-]+)([^>%]*?)\s*[>%]\}\}\s*$/;
const SHORTCODE_CLOSE = /^\s*\{\{[<%]\s*\/\s*([\w-]+)\s*[>%]\}\}\s*$/;
const SHORTCODE_INLINE = /\{\{[<%]\s*([\w-]+)([^>%]*?)\s*[>%]\}\}(?:([\s\S]*?)\{\{[<%]\s*\/\s*\1\s*[>%]\}\})?/g;

const CODE_DIRECTIVES = new Set(['code-cell', 'code', 'code-block', 'sourcecode', 'literalinclude']);
// R Markdown's and Quarto's code chunks (```` ```{r} ````, ```` ```{python echo=FALSE} ````): code in that
// language, a diagram for `{mermaid}`. Their options (`#| echo: false` lines) are for the renderer.
const CHUNK_LANGUAGES = new Set([
  'r', 'python', 'py', 'bash', 'sh', 'zsh', 'sql', 'julia', 'js', 'javascript', 'ojs', 'typescript', 'ts', 'css', 'c', 'cpp', 'rcpp', 'fortran',
  'stan', 'octave', 'matlab', 'perl', 'ruby', 'rust', 'go', 'scala', 'java', 'sas', 'stata', 'powershell', 'ocaml', 'haskell', 'lua', 'php',
  'dot', 'mermaid', 'tikz', 'latex',
]);
const CHUNK_OPTION = /^\s*#\|/;
const MATH_DIRECTIVES = new Set(['math']);
const IMAGE_DIRECTIVES = new Set(['image', 'figure']);

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).replace(/[-_]/g, ' ');

// A box without a title is titled by its kind, in the course's language.
const KINDS: Record<string, Record<string, string>> = {
  fr: {
    note: 'Remarque', warning: 'Attention', tip: 'Astuce', hint: 'Indice', example: 'Exemple', info: 'Info', danger: 'Danger', caution: 'Prudence',
    important: 'Important', question: 'Question', success: 'Réussite', failure: 'Échec', bug: 'Bogue', abstract: 'Résumé', summary: 'Résumé',
    quote: 'Citation', attention: 'Attention', error: 'Erreur', seealso: 'Voir aussi', exercise: 'Exercice', solution: 'Solution', callout: 'Encadré',
    objectives: 'Objectifs', questions: 'Questions', keypoints: 'Points clés', challenge: 'Exercice', prereq: 'Prérequis', discussion: 'Discussion',
  },
  en: { seealso: 'See also', keypoints: 'Key points', prereq: 'Prerequisites' },
};
/** What a conversion carries along: the notes it makes, and the course's words for the kinds of box. */
interface Context {
  notes: DialectNote[];
  kind(kind: string): string;
}
const titleLine = (title: string) => (title.trim() ? `**${title.trim()}**` : '');
/** A title from attributes such as `title="…"`, or from the kind of box. */
const attributeTitle = (attrs: string, kind: string, ctx: Context) => /title\s*=\s*"([^"]*)"/.exec(attrs)?.[1] ?? ctx.kind(kind.replace(/^\./, ''));

/** Lines as a blockquote: the box a theme draws. Blank lines stay inside it. */
const quoted = (lines: string[], indent = '') => lines.map((l) => (l.trim() ? `${indent}> ${l}` : `${indent}>`));

/** Turns every dialect in `text` into CommonMark, line for line. */
export function standardMarkdown(text: string, lang = 'en'): { text: string; notes: DialectNote[]; clean: boolean[] } {
  const words = KINDS[lang.slice(0, 2).toLowerCase()] ?? KINDS.en!;
  const ctx: Context = { notes: [], kind: (kind) => words[kind.toLowerCase()] ?? capitalised(kind) };
  const clean: boolean[] = [];
  const lines = convert(text.split('\n'), 1, ctx, clean);
  return { text: atxHeadings(lines.join('\n')), notes: ctx.notes, clean };
}

/**
 * Headings underlined with `===` or `---` (setext, as older notes and Pandoc write them) as `#` and
 * `##` headings, the lines below the first left blank: sections and titles are read from those.
 * `---` under a line of text is a heading only in a course with no `##` heading; where the course
 * writes its sections with `##`, the same `---` stays the slide break it was meant as.
 */
export function atxHeadings(text: string): string {
  if (!/\n *(=+|-+) *(\n|$)/.test(text)) return text;
  const tokens = blockTokens(text);
  const setext = tokens.filter((t) => t.type === 'heading_open' && t.level === 0 && (t.markup === '=' || t.markup === '-') && t.map);
  if (!setext.length) return text;
  const dashes = !tokens.some((t) => t.type === 'heading_open' && t.markup === '##');
  const lines = text.split('\n');
  for (const open of setext) {
    if (open.markup === '-' && !dashes) continue;
    const [start, end] = open.map!;
    const content = tokens[tokens.indexOf(open) + 1]?.content ?? '';
    lines[start] = `${open.markup === '=' ? '#' : '##'} ${content.replace(/\s*\n\s*/g, ' ')}`;
    for (let k = start + 1; k < end; k++) lines[k] = '';
  }
  return lines.join('\n');
}

/** `clean`, for the text's own lines: true at each line read with nothing open before it (no fence, no box). */
function convert(lines: string[], first: number, ctx: Context, clean?: boolean[]): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (clean && !fence) clean[i] = true;
    const lineNo = first + i;
    const mark = openingFence(line);
    const directive = directiveOf(line);
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      out.push(line);
      continue;
    }
    if (directive) {
      i = myst(lines, i, first, out, ctx);
      continue;
    }
    // A comment of Obsidian's on lines of its own is a speaker note, as an HTML comment is.
    if (/^\s*%%/.test(line) && line.indexOf('%%', line.indexOf('%%') + 2) < 0) {
      const close = lines.findIndex((l, k) => k > i && l.includes('%%'));
      if (close > i) {
        out.push(line.replace('%%', '<!--'), ...lines.slice(i + 1, close), lines[close]!.replace('%%', '-->'));
        i = close;
        continue;
      }
    }
    if (/^\s*%%.*%%\s*$/.test(line)) {
      out.push(line.replace(/%%/, '<!--').replace(/%%(?=\s*$)/, '-->'));
      continue;
    }
    if (mark) {
      fence = mark;
      out.push(line);
      continue;
    }
    const admonition = ADMONITION.exec(line);
    if (admonition) {
      const [, indent = '', , kind = 'note', title] = admonition;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const next = lines[j]!;
        if (next.trim() && !next.startsWith(`${indent}    `) && !next.startsWith(`${indent}\t`)) break;
        body.push(next);
      }
      while (body.length && !body.at(-1)!.trim()) body.pop();
      const inner = convert(body.map((l) => l.replace(new RegExp(`^${indent}(?: {4}|\\t)`), '')), lineNo + 1, ctx);
      out.push(`${indent}> ${titleLine(title ?? ctx.kind(kind)) || ctx.kind(kind)}`.trimEnd(), ...quoted(inner, indent));
      i += body.length;
      continue;
    }
    const div = DIV_OPEN.exec(line);
    if (div) {
      const [, indent = '', colons = ':::', attrs, name, rest] = div;
      const close = findDivClose(lines, i, colons.length);
      const inner = convert(lines.slice(i + 1, close), lineNo + 1, ctx);
      const kind = (attrs ?? name ?? '').trim().split(/\s+/)[0] ?? '';
      const title = rest?.trim() || attributeTitle(attrs ?? '', kind, ctx);
      out.push(`${indent}> ${titleLine(title)}`.trimEnd(), ...quoted(inner, indent));
      if (close < lines.length) out.push('');
      i = close;
      continue;
    }
    if (DIV_CLOSE.test(line)) {
      ctx.notes.push({ line: lineNo, message: 'a ":::" closes no fenced div opened before it — it was left out' });
      out.push('');
      continue;
    }
    const open = SHORTCODE_OPEN.exec(line);
    if (open && !/^\//.test(open[2]!)) {
      const [, indent = '', name = '', args = ''] = open;
      const close = lines.findIndex((l, k) => k > i && SHORTCODE_CLOSE.exec(l)?.[1] === name);
      if (close > i) {
        const inner = convert(lines.slice(i + 1, close), lineNo + 1, ctx);
        out.push(`${indent}> ${titleLine(args.replace(/["']/g, '').trim() || ctx.kind(name))}`.trimEnd(), ...quoted(inner, indent), '');
        i = close;
        continue;
      }
      out.push(shortcodes(line, lineNo, ctx));
      continue;
    }
    const alert = GITHUB_ALERT.exec(line);
    if (alert) {
      // GitHub's alerts (> [!TIP]): the quote is the box already, its first line becomes its title.
      out.push(`${alert[1]}${titleLine(alert[3]?.trim() || ctx.kind(alert[2]!.toLowerCase()))}`);
      continue;
    }
    if (CELL_BREAK.test(line) || MYST_TARGET.test(line) || ATTRIBUTE_LINE.test(line)) {
      out.push('');
      continue;
    }
    if (LONE_COLON.test(line) && i > 0 && lines[i - 1]!.trim()) {
      // French punctuation wrapped by hand ("vous avez besoin de" then ":"): a colon, not a
      // definition list with nothing defined.
      out.push(line.replace(/[:~]/, (mark) => `\\${mark}`));
      continue;
    }
    const table = i === 0 || !lines[i - 1]!.trim() ? (gridTable(lines, i) ?? simpleTable(lines, i)) : undefined;
    if (table) {
      out.push(...table);
      i += table.length - 1;
      continue;
    }
    const block = (i === 0 || !lines[i - 1]!.trim()) ? lineBlock(lines, i) : undefined;
    if (block) {
      out.push(...block);
      i += block.length - 1;
      continue;
    }
    out.push(shortcodes(imageAttributes(obsidian(line)), lineNo, ctx));
  }
  return out;
}

/** Obsidian inside a line: a link to a note is its text, an embedded picture a picture, a comment nothing. */
function obsidian(line: string): string {
  if (!line.includes('[[') && !line.includes('%%')) return line;
  return outsideCodeSpans(line, (text) =>
    text.replace(OBSIDIAN_COMMENT, '').replace(WIKILINK, (_m, embed: string, page: string, section: string | undefined, shown: string | undefined) => {
      const name = page.trim();
      if (embed && PICTURE_NAME.test(name)) return `![${shown?.trim() ?? ''}](<${name}>)`;
      return shown?.trim() || [name, section?.trim()].filter(Boolean).join(' › ');
    }),
  );
}

const LINE_BLOCK_LINE = /^\|(?: (.*))?$/;
const LONE_COLON = /^ {0,3}[:~][ \t]*$/;
const TABLE_DELIMITER = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * A Pandoc line block starting at `start` (a poem, an address: `| ` then each line as written, a line
 * starting with a space continuing the one before), as lines ending in hard breaks, its indents kept;
 * undefined when the lines there are not one (a table has a row of dashes, or ends every row with `|`).
 */
function lineBlock(lines: string[], start: number): string[] | undefined {
  let end = start;
  while (end < lines.length && (LINE_BLOCK_LINE.test(lines[end]!) || (end > start && /^ +\S/.test(lines[end]!)))) end++;
  const run = lines.slice(start, end);
  if (!run.length || TABLE_DELIMITER.test(run[1] ?? '') || run.every((l) => l.trimEnd().endsWith('|'))) return undefined;
  return run.map((line, k) => {
    const own = LINE_BLOCK_LINE.exec(line);
    const text = own ? (own[1] ?? '').replace(/^ +/, (spaces) => '&nbsp;'.repeat(spaces.length)) || '&nbsp;' : line.trim();
    const next = run[k + 1];
    // A hard break before each next line of the block; none before a continuation, nor after the last.
    return next !== undefined && LINE_BLOCK_LINE.test(next) ? `${text}\\` : text;
  });
}

/** The line of the fence that closes a fenced div opened at `open` (or the end), nested divs skipped. */
function findDivClose(lines: string[], open: number, colons: number): number {
  let depth = 0;
  let fence: string | undefined;
  for (let k = open + 1; k < lines.length; k++) {
    const line = lines[k]!;
    if (fence) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    const mark = openingFence(line);
    if (mark) fence = mark;
    else if (DIV_OPEN.test(line)) depth++;
    else if (DIV_CLOSE.test(line)) {
      if (depth === 0 && line.trim().length >= Math.min(colons, 3)) return k;
      depth--;
    }
  }
  return lines.length;
}

/** A MyST directive's opening line (```` ```{note} Title ````): a fence whose info is `{name}`. */
function directiveOf(line: string): { indent: string; fence: string; name: string; args: string } | undefined {
  const fence = openingFence(line);
  if (!fence) return undefined;
  const indent = /^[ \t]*/.exec(line)![0];
  // `{name}` then MyST's arguments, or a chunk's `{name, options}` / `{name label, options}`.
  const m = /^\{([\w:-]+)(?:[ \t,][^}]*)?\}[ \t]*(.*)$/.exec(line.slice(indent.length + fence.length));
  return m ? { indent, fence, name: m[1]!, args: m[2]! } : undefined;
}

/** A MyST directive from line `i`; returns the index of its last line. */
function myst(lines: string[], i: number, first: number, out: string[], ctx: Context): number {
  const { indent, fence, name, args } = directiveOf(lines[i]!)!;
  let close = lines.findIndex((l, k) => k > i && closesFence(l, fence));
  if (close < 0) close = lines.length;
  let body = lines.slice(i + 1, close);
  // Options (`:tags: [...]`, `:width: 40%`) head the body: dropped, their lines kept as blank ones after.
  let options = 0;
  while (options < body.length && DIRECTIVE_OPTION.test(body[options]!)) options++;
  const width = body.slice(0, options).map((o) => /^\s*:width:\s*(\S+)/.exec(o)?.[1]).find(Boolean);
  body = body.slice(options);
  const padding = Array.from({ length: options }, () => '');
  const closed = close < lines.length;
  const kind = name.replace(/^.*:/, '');
  if (CHUNK_LANGUAGES.has(kind.toLowerCase())) {
    let chunkOptions = 0;
    while (chunkOptions < body.length && CHUNK_OPTION.test(body[chunkOptions]!)) chunkOptions++;
    out.push(`${indent}${fence}${kind.toLowerCase()}`, ...body.slice(chunkOptions), ...(closed ? [`${indent}${fence}`] : []), ...padding, ...body.slice(0, chunkOptions).map(() => ''));
  } else if (CODE_DIRECTIVES.has(kind)) {
    out.push(`${indent}${fence}${args.trim() || (kind === 'code-cell' ? 'python' : '')}`, ...body, ...(closed ? [`${indent}${fence}`] : []), ...padding);
  } else if (MATH_DIRECTIVES.has(kind)) {
    out.push(`${indent}$$`, ...body, ...(closed ? [`${indent}$$`] : []), ...padding);
  } else if (IMAGE_DIRECTIVES.has(kind)) {
    out.push(`${indent}![${width ? `w:${width}` : ''}](${args.trim()})`, ...convert(body, first + i + 1 + options, ctx), ...(closed ? [''] : []), ...padding);
  } else {
    const title = kind === 'admonition' || kind === 'dropdown' ? args : args.trim() ? `${ctx.kind(kind)} : ${args}` : ctx.kind(kind);
    if (!KNOWN_BOXES.has(kind)) ctx.notes.push({ line: first + i, message: `the MyST directive {${kind}} is drawn as a box with its content` });
    out.push(`${indent}> ${titleLine(title)}`.trimEnd(), ...quoted(convert(body, first + i + 1 + options, ctx), indent), ...(closed ? [''] : []), ...padding);
  }
  return close;
}

const KNOWN_BOXES = new Set(['admonition', 'note', 'warning', 'tip', 'hint', 'important', 'caution', 'attention', 'danger', 'error', 'seealso', 'dropdown', 'exercise', 'solution', 'margin', 'sidebar', 'topic', 'epigraph', 'card']);

/** `![alt](src){ width=300 }`: the width becomes Marp's `w:`; classes (alignment) go. */
function imageAttributes(line: string): string {
  if (!line.includes('{')) return line;
  return line.replace(IMAGE_ATTRIBUTES, (_m, _image: string, alt: string, src: string, attrs: string) => {
    const width = /width\s*=\s*"?([\d.]+(?:px|%|em|rem)?)"?/.exec(attrs)?.[1];
    const size = width ? `w:${/^\d+(\.\d+)?$/.test(width) ? `${width}px` : width}` : '';
    return `![${[alt, size].filter(Boolean).join(' ')}](${src})`;
  }).replace(LINK_ATTRIBUTES, '$1');
}

/** Hugo shortcodes inside a line: a video becomes a link, inline code its text in code, others their text. */
function shortcodes(line: string, lineNo: number, ctx: Context): string {
  if (!line.includes('{{')) return line;
  return line.replace(SHORTCODE_INLINE, (_m, name: string, args: string, inner?: string) => {
    const first = args.trim().replace(/^["']|["']$/g, '').split(/\s+/)[0] ?? '';
    if (name === 'youtube') return `[YouTube : ${first}](https://www.youtube.com/watch?v=${first})`;
    if (name === 'vimeo') return `[Vimeo : ${first}](https://vimeo.com/${first})`;
    if (name === 'figure' || name === 'img') {
      const src = /src\s*=\s*"([^"]*)"/.exec(args)?.[1];
      if (src) return `![${/alt\s*=\s*"([^"]*)"/.exec(args)?.[1] ?? ''}](${src})`;
    }
    if (inner !== undefined) return /inline|code/i.test(name) ? `\`${inner}\`` : inner;
    ctx.notes.push({ line: lineNo, message: `the Hugo shortcode {{< ${name} >}} has no slide equivalent — it was left out` });
    return '';
  });
}
