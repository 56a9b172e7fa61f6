// Looks at a built deck the way a student at the back of the room would: in real Chromium.
// For each slide: does it overflow, does a box clip, how small is its text, what does it say.
// Also records every request the page makes, and images that failed to load.
import { pathToFileURL } from 'node:url';
import { withPage } from '../../scripts/render/browser.ts';
import { measureSlides, overflows, type SlideMeasure } from '../../scripts/render/measure.ts';

export interface DeckInspection {
  slides: SlideMeasure[];
  lang: string | null;
  title: string;
  requests: string[];
  brokenImages: string[];
  /** Slides that overflow or clip, by 1-based number. */
  overflowing: number[];
  minFontPx: number;
  text: string;
}

export async function inspectDeck(htmlFile: string): Promise<DeckInspection> {
  return withPage(async (page) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    const slides = await measureSlides(page);
    const { lang, title, brokenImages } = await page.evaluate(`({
      lang: document.documentElement.getAttribute('lang'),
      title: document.title,
      brokenImages: [...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src.slice(0, 80)),
    })`) as { lang: string | null; title: string; brokenImages: string[] };
    return {
      slides,
      lang,
      title,
      requests,
      brokenImages,
      overflowing: slides.flatMap((s, i) => (overflows(s) ? [i + 1] : [])),
      minFontPx: Math.min(...slides.map((s) => s.minFontPx).filter((px) => px > 0)),
      text: slides.map((s) => s.text).join('\n'),
    };
  });
}

/** The words a reader would look for: letters and digits, lower-cased, accents kept. */
export function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** Words of the source Markdown (syntax, comments, front matter and image paths removed). */
export function sourceWords(markdown: string): string[] {
  const text = markdown
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    // A mermaid diagram's first line names its kind (graph LR); the rest are labels shown in the SVG.
    .replace(/^```mermaid\n.*$/gm, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^```.*$/gm, ' ')
    .replace(/\$\$?[^$]*\$\$?/g, ' ');
  return wordsOf(text);
}

/** Source words that appear on no slide. */
export function lostWords(markdown: string, slidesText: string): string[] {
  const shown = new Set(wordsOf(slidesText));
  return [...new Set(sourceWords(markdown))].filter((w) => !shown.has(w));
}
