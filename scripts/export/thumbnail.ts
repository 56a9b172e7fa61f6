// A small picture of a deck's first slide for the course page, as a data: URL.
import { forPictures, showHtml, withPage } from '../render/browser.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { SLIDE, slideSvgs } from '../render/page.ts';

const firstSlide = (html: string) => `<div class="marpit">${slideSvgs(html)[0] ?? ''}</div>`;

export async function firstSlidePictures(decks: { key: string; rendered: RenderedDeck; lang: string }[]): Promise<Map<string, string>> {
  const pictures = new Map<string, string>();
  if (!decks.length) return pictures;
  await withPage(async (page) => {
    await forPictures(page, { width: SLIDE.width, height: SLIDE.height, deviceScaleFactor: 0.5 });
    // One page holds every deck's first slide, each with its deck's CSS scoped by Marp's container.
    const firsts = decks.map((d, i) => `<div id="deck-${i}"><style>${d.rendered.css}</style>${firstSlide(d.rendered.html)}</div>`);
    await showHtml(page, `<!DOCTYPE html><html lang="${decks[0]!.lang}"><head><meta charset="utf-8"><style>html,body{margin:0}div.marpit>svg{display:block;width:${SLIDE.width}px;height:${SLIDE.height}px}</style></head><body>${firsts.join('')}</body></html>`);
    for (const [i, deck] of decks.entries()) {
      const jpeg = await page.screenshot({ type: 'jpeg', quality: 80, clip: { x: 0, y: i * SLIDE.height, ...SLIDE }, captureBeyondViewport: true });
      pictures.set(deck.key, `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`);
    }
  });
  return pictures;
}
