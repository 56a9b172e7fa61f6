// Pictures of each deck's first slide for the course page: one JPEG per course, the first slides
// one under the other, which the page shows a slice of on each deck's card.
import { forPictures, showHtml, type Browser } from '../render/browser.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { SLIDE } from '../render/page.ts';
import { slideSvgs } from '../render/slide-svgs.ts';

const firstSlide = (html: string) => `<div class="marpit">${slideSvgs(html)[0] ?? ''}</div>`;

export interface FirstSlides {
  /** Every deck's first slide, one under the other, as a data: URL of a JPEG. */
  strip: string;
  /** Which deck is where, from the top. */
  keys: string[];
}

export interface PicturedDeck {
  key: string;
  rendered: RenderedDeck;
  lang: string;
}

/**
 * The page of a course's decks' first slides, one under the other, each with its deck's CSS scoped
 * by Marp's container: once when decks share it (a course's do; with its fonts it is half a
 * megabyte, and 24 copies took Chromium three and a half seconds to read).
 */
export function firstSlidesPage(decks: PicturedDeck[]): string {
  const seen = new Set<string>();
  const firsts = decks.map((d, i) => {
    const css = seen.has(d.rendered.css) ? '' : `<style>${d.rendered.css}</style>`;
    seen.add(d.rendered.css);
    return `<div id="deck-${i}">${css}${firstSlide(d.rendered.html)}</div>`;
  });
  return `<!DOCTYPE html><html lang="${decks[0]!.lang}"><head><meta charset="utf-8"><style>html,body{margin:0}div.marpit>svg{display:block;width:${SLIDE.width}px;height:${SLIDE.height}px}</style></head><body>${firsts.join('')}</body></html>`;
}

/** One picture a course (by name) of its decks' first slides. One screenshot each: a screenshot
 *  waits for a frame of its own (a twentieth of a second, more while Chromium prints), and a
 *  picture for each deck had become the last thing a build waited for. */
export async function firstSlidePictures(courses: { name: string; decks: PicturedDeck[] }[], browser: Browser): Promise<Map<string, FirstSlides>> {
  const pictures = new Map<string, FirstSlides>();
  const wanted: { name: string; html: string; decks: PicturedDeck[] }[] = [];
  for (const { name, decks } of courses) {
    if (!decks.length) continue;
    const html = firstSlidesPage(decks);
    const known = taken.get(name);
    if (known?.html === html) pictures.set(name, known.pictures);
    else wanted.push({ name, html, decks });
  }
  if (!wanted.length) return pictures;
  await browser.withPage(async (page) => {
    await forPictures(page, { width: SLIDE.width, height: SLIDE.height, deviceScaleFactor: 0.5 });
    for (const { name, html, decks } of wanted) {
      await showHtml(page, html);
      const jpeg = await page.screenshot({ type: 'jpeg', quality: 80, clip: { x: 0, y: 0, width: SLIDE.width, height: SLIDE.height * decks.length } });
      const made = { strip: `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`, keys: decks.map((d) => d.key) };
      pictures.set(name, made);
      taken.set(name, { html, pictures: made });
    }
  });
  return pictures;
}

/**
 * The last pictures taken of each course, with the page they were taken of: `estrade dev` exports
 * a course each time the teacher pauses, most often with its first slides unchanged.
 */
const taken = new Map<string, { html: string; pictures: FirstSlides }>();
