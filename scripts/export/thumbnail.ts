// A small picture of a deck's first slide for the course page, as a data: URL.
import { forPictures, showHtml, withPage } from '../render/browser.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { SLIDE, slideSvgs } from '../render/page.ts';

const firstSlide = (html: string) => `<div class="marpit">${slideSvgs(html)[0] ?? ''}</div>`;
const SCALE = 0.5;

// Cuts the picture of every first slide, one under the other, into one JPEG each, in the page.
const CUT = `async (strip, count) => {
  const picture = new Image();
  picture.src = strip;
  await picture.decode();
  const width = picture.naturalWidth, height = picture.naturalHeight / count;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  return Array.from({ length: count }, (_, i) => {
    context.drawImage(picture, 0, i * height, width, height, 0, 0, width, height);
    return canvas.toDataURL('image/jpeg', 0.8);
  });
}`;

export async function firstSlidePictures(decks: { key: string; rendered: RenderedDeck; lang: string }[]): Promise<Map<string, string>> {
  const pictures = new Map<string, string>();
  if (!decks.length) return pictures;
  await withPage(async (page) => {
    await forPictures(page, { width: SLIDE.width, height: SLIDE.height, deviceScaleFactor: SCALE });
    // One page holds every deck's first slide, each with its deck's CSS scoped by Marp's container.
    const firsts = decks.map((d, i) => `<div id="deck-${i}"><style>${d.rendered.css}</style>${firstSlide(d.rendered.html)}</div>`);
    await showHtml(page, `<!DOCTYPE html><html lang="${decks[0]!.lang}"><head><meta charset="utf-8"><style>html,body{margin:0}div.marpit>svg{display:block;width:${SLIDE.width}px;height:${SLIDE.height}px}</style></head><body>${firsts.join('')}</body></html>`);
    // One screenshot of them all, cut in the page: each screenshot waits for a frame of its own
    // (a twentieth of a second, more while Chromium prints), a cut takes a few milliseconds.
    const strip = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: SLIDE.width, height: SLIDE.height * decks.length }, captureBeyondViewport: true, optimizeForSpeed: true, encoding: 'base64' });
    const cut = (await page.evaluate(`(${CUT})(${JSON.stringify(`data:image/png;base64,${strip}`)}, ${decks.length})`)) as string[];
    decks.forEach((deck, i) => pictures.set(deck.key, cut[i]!));
  });
  return pictures;
}
