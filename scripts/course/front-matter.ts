// Splits the optional YAML front matter off a course and validates its keys against a table.
import { parseDocument } from 'yaml';
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
};

const FENCE = /^---\s*$/;
const END = /^(---|\.\.\.)\s*$/;

export function splitFrontMatter(source: string, file: string): FrontMatter {
  const lines = source.split('\n');
  const empty = { settings: {}, raw: {}, body: source, bodyLine: 1, diagnostics: [] };
  if (!FENCE.test(lines[0] ?? '')) return empty;
  const end = lines.findIndex((line, i) => i > 0 && END.test(line));
  if (end < 0) {
    return { ...empty, diagnostics: [{ file, line: 1, severity: 'error', message: 'front matter opened with --- is never closed — add a line --- after it' }] };
  }
  const body = lines.slice(end + 1).join('\n');
  const bodyLine = end + 2;
  const doc = parseDocument(lines.slice(1, end).join('\n'), { prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    const where = pos ? `column ${pos.col}: ` : '';
    const message = `invalid front matter, ${where}${yamlError.message.split('\n')[0]} — fix the YAML between the --- lines`;
    return { ...empty, body, bodyLine, diagnostics: [{ file, line: (pos?.line ?? 0) + 1, severity: 'error', message }] };
  }
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw) || raw === null) {
    return { ...empty, body, bodyLine, diagnostics: [{ file, line: 2, severity: 'error', message: 'front matter must be key: value lines' }] };
  }
  const settings: Record<string, unknown> = {};
  const diagnostics: Diagnostic[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const check = keys[key as keyof CourseSettings];
    if (!check) continue;
    const problem = check(value);
    const line = 1 + lines.slice(1, end).findIndex((l) => l.startsWith(`${key}:`)) + 1;
    if (problem) diagnostics.push({ file, line, severity: 'error', message: `front matter "${key}" ${problem}` });
    else settings[key] = key === 'handout' ? Number(value) : typeof value === 'number' ? String(value) : value;
  }
  return { settings: settings as CourseSettings, raw: raw as Record<string, unknown>, body, bodyLine, diagnostics };
}
