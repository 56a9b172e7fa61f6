// Paragraphs an author wrapped by hand at a fixed width (an editor filling lines at 72 or 80
// characters): told apart from lines meant to be short (a poem, an address, one sentence a line).
// Marp draws a line end as a line break; such a paragraph flows instead (render/hard-wraps.ts), and
// is cut between slides as one paragraph (blocks.ts). Pure.

/** Whether a paragraph's lines were wrapped to a width: every line ends where its next word would
 *  have run past the widest line, the widest is at least 60 characters, and a line ends mid-sentence. */
export function hardWrapped(lines: string[]): boolean {
  if (lines.length < 2) return false;
  const width = Math.max(...lines.map((l) => l.trimEnd().length));
  if (width < 60) return false;
  let midSentence = false;
  for (let k = 0; k < lines.length - 1; k++) {
    const line = lines[k]!.trimEnd();
    const next = lines[k + 1]!.trimStart().split(/\s/, 1)[0] ?? '';
    if (!next || line.length + 1 + next.length <= width) return false;
    if (!/[.!?:;…»)\]]$/.test(line)) midSentence = true;
  }
  return midSentence;
}
