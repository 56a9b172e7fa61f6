// Splits the optional YAML front matter off a course and validates its keys against a table.
import { parseDocument } from 'yaml';
import { nearest } from './nearest.ts';
import type { CourseSettings, Diagnostic } from './types.ts';

export interface FrontMatter {
  settings: CourseSettings;
  /** Everything Marp may need too (a `marp: true` deck keeps its own directives). */
  raw: Record<string, unknown>;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  diagnostics: Diagnostic[];
}

type Check = (value: unknown) => string | undefined;
const text: Check = (v) => (typeof v === 'string' || typeof v === 'number' ? undefined : 'must be text');
const keys: Record<keyof CourseSettings, Check> = {
  title: text,
  author: text,
  footer: text,
  class: (v) => (typeof v === 'string' && /^[\w -]+$/.test(v) ? undefined : 'must be class names such as invert'),
  theme: text,
  lang: (v) => (typeof v === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(v) ? undefined : 'must be a language code such as fr or en'),
  handout: (v) => ([1, 2, 3, 4, 6].includes(Number(v)) ? undefined : 'must be 1, 2, 3, 4 or 6 slides a page'),
  typography: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  marp: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false'),
  duration: (v) => (typeof v === 'number' && v > 0 && v <= 600 ? undefined : 'must be the minutes of a lesson, such as 55'),
  answers: (v) => (v === 'slides' || v === 'handout' || v === 'none' ? undefined : 'must be slides (answers after each question), handout (in the handouts too) or none'),
};

const FENCE = /^---\s*$/;
const END = /^(---|\.\.\.)\s*$/;

// Marp's own directives, valid in a `marp: true` deck's front matter (and never worth a warning).
const MARP_DIRECTIVES = ['headingDivider', 'lang', 'style', 'math', 'size', 'paginate', 'header', 'footer', 'class', 'backgroundColor', 'backgroundImage', 'backgroundPosition', 'backgroundRepeat', 'backgroundSize', 'color', 'transition', 'description', 'image', 'keywords', 'url', 'author', 'title', 'theme', 'marp'];

// YAML's error codes in the teacher's words.
const YAML_REASONS: Record<string, string> = {
  BAD_INDENT: 'the indentation is off',
  TAB_AS_INDENT: 'a tab indents the line; use spaces',
  DUPLICATE_KEY: 'a key is set twice',
  MISSING_CHAR: 'a quote or bracket is never closed',
  MULTILINE_IMPLICIT_KEY: 'a key runs over two lines',
  BLOCK_AS_IMPLICIT_KEY: 'a line is not "key: value"',
  UNEXPECTED_TOKEN: 'a character is out of place',
  BAD_SCALAR_START: 'a value starts with a character YAML reserves (quote it)',
};

const KEY_VALUE = /^([A-Za-z_][\w-]*):[ \t]+(.+?)\s*$/;
const QUOTED = /^(["'[{|>]|&|\*|!)/;

/** Quotes plain `key: value` lines whose value holds ": " (`title: Réseaux : les bases`), which YAML
 *  rejects although every teacher means the text. Returns the lines changed (0-based). */
function quoteColonValues(lines: string[]): { lines: string[]; changed: number[] } {
  const changed: number[] = [];
  const out = lines.map((line, i) => {
    const m = KEY_VALUE.exec(line);
    if (!m || QUOTED.test(m[2]!) || !/:(\s|$)/.test(m[2]!)) return line;
    changed.push(i);
    return `${m[1]}: ${JSON.stringify(m[2])}`;
  });
  return { lines: out, changed };
}

export function splitFrontMatter(source: string, file: string): FrontMatter {
  const empty = { settings: {}, raw: {}, body: source, bodyLine: 1, diagnostics: [] };
  // Line by line from the top, not the whole course split into lines: the front matter is short.
  const lines: string[] = [];
  let at = 0;
  let end = -1;
  while (at <= source.length) {
    const next = source.indexOf('\n', at);
    const line = source.slice(at, next < 0 ? source.length : next);
    if (lines.length === 0 && !FENCE.test(line)) return empty;
    if (lines.length > 0 && END.test(line)) {
      end = lines.length;
      at = next < 0 ? source.length : next + 1;
      break;
    }
    lines.push(line);
    if (next < 0) break;
    at = next + 1;
  }
  if (end < 0) {
    return { ...empty, diagnostics: [{ file, line: 1, severity: 'error', message: 'front matter opened with --- is never closed — add a line --- after it' }] };
  }
  const body = source.slice(at);
  const bodyLine = end + 2;
  const yamlLines = lines.slice(1, end);
  // A course is read at every save in `estrade dev`: its settings, when their lines did not change, are not read again.
  const key = `${file}\u0000${yamlLines.join('\n')}`;
  if (lastRead.key !== key) Object.assign(lastRead, { key, read: readSettings(yamlLines, file) });
  const { settings, raw, diagnostics } = lastRead.read!;
  return { settings: { ...settings }, raw, body, bodyLine, diagnostics: [...diagnostics] };
}

const lastRead: { key?: string; read?: Pick<FrontMatter, 'settings' | 'raw' | 'diagnostics'> } = {};

function readSettings(yamlLines: string[], file: string): Pick<FrontMatter, 'settings' | 'raw' | 'diagnostics'> {
  const empty = { settings: {}, raw: {} };
  const diagnostics: Diagnostic[] = [];
  let doc = parseDocument(yamlLines.join('\n'), { uniqueKeys: true });
  if (doc.errors.length) {
    const lenient = quoteColonValues(yamlLines);
    const retry = lenient.changed.length ? parseDocument(lenient.lines.join('\n'), { uniqueKeys: true }) : undefined;
    if (retry && !retry.errors.length) {
      doc = retry;
      const first = lenient.changed[0]!;
      const key = KEY_VALUE.exec(yamlLines[first]!)![1];
      diagnostics.push({ file, line: first + 2, severity: 'warning', message: `front matter "${key}" holds ": ", which YAML does not allow unquoted; it was read as the text after "${key}:" — put the value in quotes to silence this` });
    } else {
      const error = doc.errors[0]!;
      // YAML notices an unclosed quote where the text ends; the teacher needs the line it opens on.
      const unclosed = error.code === 'MISSING_CHAR' ? yamlLines.findIndex((l) => /^[\w-]+:\s*(["'])(?!.*\1\s*$)/.test(l)) : -1;
      const line = unclosed >= 0 ? unclosed + 2 : (error.linePos?.[0]?.line ?? 1) + 1;
      const reason = YAML_REASONS[error.code] ?? 'this line is not "key: value"';
      return { ...empty, diagnostics: [{ file, line, severity: 'error', message: `the front matter cannot be read: ${reason} — write one "key: value" per line between the --- lines` }] };
    }
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw) || raw === null) {
    return { ...empty, diagnostics: [{ file, line: 2, severity: 'error', message: 'the front matter must be "key: value" lines — write one per line between the --- lines' }] };
  }
  const settings: Record<string, unknown> = {};
  const lineOf = (key: string) => 1 + yamlLines.findIndex((l) => l.startsWith(`${key}:`)) + 1;
  for (const [key, value] of Object.entries(raw)) {
    const check = keys[key as keyof CourseSettings];
    if (!check) {
      const meant = MARP_DIRECTIVES.includes(key) ? undefined : nearest(key, Object.keys(keys));
      if (meant) diagnostics.push({ file, line: lineOf(key), severity: 'warning', message: `front matter "${key}" is not a setting Estrade knows — did you mean "${meant}"?` });
      continue;
    }
    const problem = check(value);
    if (problem) diagnostics.push({ file, line: lineOf(key), severity: 'error', message: `front matter "${key}" ${problem}` });
    else settings[key] = key === 'handout' ? Number(value) : typeof value === 'number' ? String(value) : value;
  }
  return { settings: settings as CourseSettings, raw: raw as Record<string, unknown>, diagnostics };
}
