// A small picture of a deck's first slide for the course page, as a data: URL.
import { withPage } from '../render/browser.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { SLIDE, slidesPage } from '../render/page.ts';

export async function firstSlidePictures(decks: { key: string; rendered: RenderedDeck; lang: string }[]): Promise<Map<string, string>> {
  const pictures = new Map<string, string>();
  if (!decks.length) return pictures;
  await withPage(async (page) => {
    await page.setViewport({ width: SLIDE.width, height: SLIDE.height, deviceScaleFactor: 0.5 });
    for (const deck of decks) {
      await page.setContent(slidesPage(deck.rendered, deck.lang), { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const jpeg = await page.screenshot({ type: 'jpeg', quality: 80, clip: { x: 0, y: 0, ...SLIDE } });
      pictures.set(deck.key, `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`);
    }
  });
  return pictures;
}
