// Where something is written in a course: the 1-based line a diagnostic points at. Pure.

/** Finds, in `source`, the first line at or after `from` that holds `found` (text or pattern). */
export function lineFinder(source: string): (found: string | RegExp, fallback: number, from?: number) => number {
  const lines = source.split(/\r\n?|\n/);
  return (found, fallback, from = 1) => {
    const i = lines.findIndex((l, k) => k + 1 >= from && (typeof found === 'string' ? l.includes(found) : found.test(l)));
    return i >= 0 ? i + 1 : fallback;
  };
}
