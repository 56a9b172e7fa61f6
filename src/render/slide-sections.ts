// Marpit's rule that turns a deck's tokens into one <section> per slide, written again in one pass.
// Marpit's own copies every slide's tokens gathered so far at each slide (an array spread in a
// reduce): a whole course of 500 slides spent half its render there. The same tokens come out, in
// the same order, with the same anchors (tests/marp-contract.test.ts renders decks with both).
import { createRequire } from 'node:module';
import type { Marp } from '@marp-team/marp-core';
import type MarkdownIt from 'markdown-it';

const require = createRequire(import.meta.url);

type Token = ReturnType<MarkdownIt['parse']>[number];
type TokenClass = new (type: string, tag: string, nesting: number) => Token;
type WrapTokens = (token: TokenClass, type: string, container: object, tokens: Token[]) => Token[];

const { wrapTokens } = require('@marp-team/marpit/lib/helpers/wrap_tokens') as { wrapTokens: WrapTokens };
const { defaultAnchorCallback } = require('@marp-team/marpit/lib/markdown/slide') as { defaultAnchorCallback: (i: number) => string };

/** Marpit's `anchor` option, as Marpit reads it when it wraps the slides. */
type Anchor = boolean | ((i: number) => string) | undefined;

export function sectionsInOnePass(marp: Marp): void {
  const anchorOf = (i: number) => {
    const anchor = (marp as unknown as { options: { anchor?: Anchor } }).options.anchor;
    if (typeof anchor === 'function') return anchor(i);
    return anchor ? defaultAnchorCallback(i) : undefined;
  };
  (marp.markdown as MarkdownIt).core.ruler.at('marpit_slide', (state) => {
    if (state.inlineMode) return;
    const slides: Token[][] = [[]];
    for (const token of state.tokens) {
      if (token.type === 'hr' && token.level === 0) slides.push([token]);
      else slides.at(-1)!.push(token);
    }
    const total = slides.length;
    const out: Token[] = [];
    slides.forEach((tokens, marpitSlide) => {
      const firstHr = tokens[0]?.type === 'hr' ? tokens[0] : undefined;
      const mapTarget = firstHr ?? tokens.find((t) => t.map);
      const wrapped = wrapTokens(state.Token as unknown as TokenClass, 'marpit_slide', {
        tag: 'section',
        id: anchorOf(marpitSlide),
        open: { block: true, meta: { marpitSlide, marpitSlideTotal: total, marpitSlideElement: 1 }, map: mapTarget ? mapTarget.map : [0, 1] },
        close: { block: true, meta: { marpitSlide, marpitSlideTotal: total, marpitSlideElement: -1 } },
      }, tokens.slice(firstHr ? 1 : 0));
      for (const token of wrapped) out.push(token);
    });
    state.tokens = out;
  });
}
