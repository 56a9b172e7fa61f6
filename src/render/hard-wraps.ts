// Paragraphs an author wrapped by hand (an editor filling lines at 72 or 80 characters, as in notes
// written for MkDocs, GitHub or a printed handout) flow as one paragraph on the slide: Marp draws
// every line end as a line break, which left ragged half-lines ("langages de" / "programmation.").
// A paragraph whose short lines are meant (a poem, an address, one sentence a line) keeps them.
import type MarkdownIt from 'markdown-it';

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

/** markdown-it plugin: the line ends of a hand-wrapped paragraph (or list item) become spaces. */
export function hardWrapsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'estrade_hard_wraps', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'inline' || !token.children?.some((c) => c.type === 'softbreak')) continue;
      if (!hardWrapped(token.content.split('\n'))) continue;
      for (const child of token.children) {
        if (child.type !== 'softbreak') continue;
        child.type = 'text';
        child.content = ' ';
      }
    }
  });
}
