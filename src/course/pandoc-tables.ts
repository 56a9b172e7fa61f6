// Pandoc's grid tables (`+---+---+` borders) and simple tables (a header over groups of dashes) as
// the pipe tables Marp draws. The table's lines come first, blank lines after them, so that every
// line below keeps its number. Pure.

const GRID_BORDER = /^ {0,3}\+(?:[-=:]+\+)+\s*$/;
const SIMPLE_DASHES = /^ {0,3}-{3,}(?: +-{3,})+\s*$/;

/** The columns of a border or dash line: [start, end) of each run. */
function columns(line: string, run: RegExp): [number, number][] {
  return [...line.matchAll(run)].map((m) => [m.index, m.index + m[0].length]);
}

const cell = (text: string) => text.trim().replace(/\|/g, '\\|');
const pipeRow = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
const delimiter = (count: number) => `|${' --- |'.repeat(count)}`;

/** The text of each column of `line`, cut where the columns start. */
function cut(line: string, spans: [number, number][]): string[] {
  return spans.map(([start], k) => line.slice(start, k + 1 < spans.length ? spans[k + 1]![0] : undefined));
}

/** As many lines as `count`: the table first, blank lines after. */
const padded = (table: string[], count: number) => [...table, ...Array.from({ length: Math.max(0, count - table.length) }, () => '')];

/** A grid table starting at `start`: its lines as a pipe table (same count), or undefined. */
export function gridTable(lines: string[], start: number): string[] | undefined {
  const top = lines[start]!;
  if (!GRID_BORDER.test(top)) return undefined;
  // Cells between the `+` of the top border, each line's `|` at the same places.
  const plus = [...top.matchAll(/\+/g)].map((m) => m.index);
  let end = start + 1;
  while (end < lines.length && (GRID_BORDER.test(lines[end]!) || /^ {0,3}\|.*\|\s*$/.test(lines[end]!))) end++;
  if (end - start < 3 || !GRID_BORDER.test(lines[end - 1]!)) return undefined;
  const rows: string[][] = [];
  let header = -1;
  let current: string[][] = [];
  for (let k = start + 1; k < end; k++) {
    const line = lines[k]!;
    if (GRID_BORDER.test(line)) {
      // A cell written over several lines is one line of text.
      if (current.length) rows.push(plus.slice(0, -1).map((_, c) => current.map((l) => (l[c] ?? '').trim()).filter(Boolean).join(' ')));
      current = [];
      if (line.includes('=')) header = rows.length;
      continue;
    }
    current.push(plus.slice(0, -1).map((p, c) => line.slice(p + 1, plus[c + 1])));
  }
  if (!rows.length) return undefined;
  // No header row (`+===+`): the first row heads the table.
  const head = header > 0 ? rows.slice(0, header).reduce((a, b) => a.map((x, c) => `${x} ${b[c] ?? ''}`.trim())) : rows[0]!;
  const body = header > 0 ? rows.slice(header) : rows.slice(1);
  const table = [pipeRow(head.map(cell)), delimiter(head.length), ...body.map((r) => pipeRow(r.map(cell)))];
  return padded(table, end - start);
}

/** A simple table whose header line is at `start` (a line of text over groups of dashes): its lines as a pipe table (same count), or undefined. */
export function simpleTable(lines: string[], start: number): string[] | undefined {
  const header = lines[start]!;
  const dashes = lines[start + 1];
  if (!header.trim() || dashes === undefined || !SIMPLE_DASHES.test(dashes) || (start > 0 && lines[start - 1]!.trim())) return undefined;
  const spans = columns(dashes, /-+/g);
  // A header over at least two of the columns, no word across the gaps between them: not a line of
  // text over a break written `--- ---`.
  const gaps = spans.slice(1).flatMap(([start], k) => Array.from({ length: start - spans[k]![1] }, (_, g) => spans[k]![1] + g));
  if (cut(header, spans).filter((c) => c.trim()).length < 2 || gaps.some((g) => (header[g] ?? ' ') !== ' ')) return undefined;
  let end = start + 2;
  while (end < lines.length && lines[end]!.trim() && !SIMPLE_DASHES.test(lines[end]!)) end++;
  if (end === start + 2) return undefined;
  // A closing line of dashes, as a headerless table or a multiline one writes it, is part of the table.
  const closing = end < lines.length && SIMPLE_DASHES.test(lines[end]!) ? 1 : 0;
  const table = [pipeRow(cut(header, spans).map(cell)), delimiter(spans.length), ...lines.slice(start + 2, end).map((row) => pipeRow(cut(row, spans).map(cell)))];
  return padded(table, end - start + closing);
}
