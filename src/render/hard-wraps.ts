// Paragraphs an author wrapped by hand (an editor filling lines at 72 or 80 characters, as in notes
// written for MkDocs, GitHub or a printed handout) flow as one paragraph on the slide: Marp draws
// every line end as a line break, which left ragged half-lines ("langages de" / "programmation.").
// A paragraph whose short lines are meant (a poem, an address, one sentence a line) keeps them.
import type MarkdownIt from 'markdown-it';
import { hardWrapped } from '../course/hard-wraps.ts';

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
