// The word a teacher probably meant, for "did you mean …?" (options, commands, front matter keys).

/** Edit distance between two words (insertions, deletions, substitutions). */
export function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The closest of `known` to `word`, when close enough to be a slip of the keyboard. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const best = known.map((k) => ({ k, d: distance(word.toLowerCase(), k.toLowerCase()) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d > 0 && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.k : undefined;
}
