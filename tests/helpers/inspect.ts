// Looks at a built deck the way a student at the back of the room would: in real Chromium.
// For each slide: does anything drawn leave the slide or reach the footer, does a box clip, how
// small is its text, what does it say. Also records every request the page makes, and images that
// failed to load. This is the tests' own ruler: it shares no code with fitting (render/measure.ts),
// so that a mistake in measuring cannot hide itself.
import { pathToFileURL } from 'node:url';
import { withTestPage } from './browser.ts';

export interface SlideMeasure {
  /** What is drawn outside the slide, or below the top of its footer: `tag "text…"` each. */
  outside: string[];
  /** Boxes whose own content is cut off (overflow hidden, scrolled or clipped). */
  clipped: string[];
  /** Smallest text outside drawings, in slide pixels. */
  minFontPx: number;
  /** Smallest text of a drawing (a diagram), in slide pixels as drawn. */
  minDiagramPx: number;
  text: string;
}

const overflows = (m: SlideMeasure) => m.outside.length > 0 || m.clipped.length > 0;

// Every element and every line of text inside a slide, as drawn, against two lines: the slide's
// own box and the top of its footer (or the bottom of the slide when it has none).
const RULER = `(() => {
  const slides = [...new Set(document.querySelectorAll('svg[data-marpit-svg] > foreignObject > section'))];
  const describe = (node) => {
    const el = node.nodeType === 3 ? node.parentElement : node;
    return el.tagName.toLowerCase() + ' "' + (node.textContent || '').trim().slice(0, 30) + '"';
  };
  return slides.map((section) => {
    const box = section.getBoundingClientRect();
    const scale = box.width / section.offsetWidth || 1;
    const footer = section.querySelector(':scope > footer');
    const footerTop = footer && footer.textContent.trim() ? (footer.getBoundingClientRect().top - box.top) / scale : section.offsetHeight;
    const outside = [];
    const clipped = [];
    let minFontPx = Infinity, minDiagramPx = Infinity;
    const slideSvg = section.closest('svg');
    const check = (node, rects) => {
      for (const r of rects) {
        if (!r.width || !r.height) continue;
        const top = (r.top - box.top) / scale, bottom = (r.bottom - box.top) / scale;
        const left = (r.left - box.left) / scale, right = (r.right - box.left) / scale;
        if (left < -1 || top < -1 || right > section.offsetWidth + 1 || bottom > footerTop + 1) {
          outside.push(describe(node));
          return;
        }
      }
    };
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.nodeType === 3 ? node.parentElement : node;
      if (el.closest('header, footer, .katex-mathml, style, script')) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none') continue;
      if (node.nodeType === 3) {
        texts.push(node.textContent);
        if (!/[\\p{L}\\p{N}\\p{P}\\p{S}]/u.test(node.textContent) || cs.visibility === 'hidden') continue;
        // Word by word: spaces that hang past the end of a line (white-space: pre-wrap) draw nothing.
        const range = document.createRange();
        for (const word of node.textContent.matchAll(/\\S+/g)) {
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          check(node, range.getClientRects());
        }
        // Text of a drawing (a diagram's SVG) is sized in the drawing's units: scaled to slide pixels.
        const drawing = el.closest('svg');
        if (drawing && drawing !== slideSvg) {
          // Drawn to fit its box both ways (preserveAspectRatio meet): the smaller of the two scales.
          const vb = drawing.viewBox && drawing.viewBox.baseVal;
          const drawn = drawing.getBoundingClientRect();
          const ratio = vb && vb.width && vb.height ? Math.min(drawn.width / vb.width, drawn.height / vb.height) / scale : 1;
          minDiagramPx = Math.min(minDiagramPx, parseFloat(cs.fontSize) * ratio);
        } else minFontPx = Math.min(minFontPx, parseFloat(cs.fontSize));
      } else {
        if (cs.visibility !== 'hidden' && el.tagName !== 'svg' && !el.closest('svg')) check(el, [el.getBoundingClientRect()]);
        if (/(hidden|clip|auto|scroll)/.test(cs.overflowX + cs.overflowY) && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) clipped.push(describe(el));
      }
    }
    return { outside, clipped, minFontPx: minFontPx === Infinity ? 0 : minFontPx, minDiagramPx: minDiagramPx === Infinity ? 0 : minDiagramPx, text: texts.join(' ').replace(/\\s+/g, ' ').trim() };
  });
})()`;

async function measureSlides(page: import('puppeteer-core').Page): Promise<SlideMeasure[]> {
  // The presenter template lays out only the current slide: every slide is laid out to be looked at.
  await page.addStyleTag({ content: 'svg[data-marpit-svg] { display: block !important; content-visibility: visible !important; }' });
  await page.evaluate('document.fonts.ready');
  return (await page.evaluate(RULER)) as SlideMeasure[];
}

export interface DeckInspection {
  slides: SlideMeasure[];
  lang: string | null;
  title: string;
  requests: string[];
  brokenImages: string[];
  /** Slides that overflow or clip, by 1-based number. */
  overflowing: number[];
  minFontPx: number;
  /** Smallest diagram text on any slide (0 when no slide has a diagram). */
  minDiagramPx: number;
  text: string;
}

/** `opened`: every <details> open, as PDFs and handouts print them (and a teacher opens them in class). */
export async function inspectDeck(htmlFile: string, options: { opened?: boolean } = {}): Promise<DeckInspection> {
  return withTestPage(async (page) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    if (options.opened) await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
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
      minDiagramPx: Math.min(Infinity, ...slides.map((s) => s.minDiagramPx).filter((px) => px > 0)),
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
    // A mermaid diagram's first line names its kind (graph LR); the rest are labels shown in the SVG,
    // each once however many edges name it.
    .replace(/^```mermaid\n.*\n([\s\S]*?)^```$/gm, (_m, body: string) => ` ${[...new Set(wordsOf(body))].join(' ')} `)
    // Numbers of ordered lists and numbered headings are drawn by the list, or as "Partie N".
    .replace(/^(#{1,6}\s+|\s*)\d+[.)]\s/gm, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^```.*$/gm, ' ')
    // HTML tags are markup, not words (the tests check elsewhere that none is shown as text).
    .replace(/<\/?[a-z][^>\n]*>/gi, ' ')
    .replace(/\$\$?[^$]*\$\$?/g, ' ')
    // Maths written the LaTeX way, and HTML entities (&nbsp; &#8239;): not words either.
    .replace(/\\{1,2}\(([\s\S]+?)\\{1,2}\)|\\{1,2}\[([\s\S]+?)\\{1,2}\]/g, ' ')
    .replace(/&(#\d+|#x[\da-f]+|[a-z]+);/gi, ' ');
  return wordsOf(text);
}

/** The teacher's words in a dialect course: the syntax removed, the titles they wrote kept (the test's own ruler). */
export const withoutSyntax = (text: string) => text
  // LaTeX's environments, written with no dollars, are maths, as $$ blocks are (no words counted).
  .replace(/\\begin\{([\w*]+)\}[\s\S]*?\\end\{\1\}/g, ' ')
  .replace(/^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+\s*(?:"([^"]*)")?\s*$/gm, (_m, title?: string) => title ?? '')
  .replace(/^\s*:{3,}.*?(?:title="([^"]*)")?.*$/gm, (_m, title?: string) => title ?? '')
  // A diagram (a Mermaid fence, or a Quarto or MyST chunk of it) is drawn: the labels of its boxes are
  // shown, each once, not its kind (graph LR) nor the names it gives the boxes.
  .replace(/^```(?:mermaid|\{mermaid\}).*\n[^\n]*\n([\s\S]*?)^```$/gm, (_m, body: string) => ` ${[...new Set([...body.matchAll(/[[({]+([^\])}]+)[\])}]+/g)].map((m) => m[1]!))].join(' ')} `)
  .replace(/^\s*```\{([\w-]+)\}(.*)$/gm, (_m, kind: string, args: string) => (/^(code-cell|code|image|figure|math)$/.test(kind) ? '' : args))
  // A fence's language is not shown, in a box (a quote) either.
  .replace(/^[\s>]*(`{3,}|~{3,})[\w-]*\s*$/gm, '')
  .replace(/^\s*:[\w-]+:.*$/gm, '')
  .replace(/^\+\+\+.*$|^\([\w-]+\)=$/gm, '')
  // Obsidian: a comment (the teacher's, never shown), a picture embedded, a link shown as its text,
  // a callout's kind (its title is shown).
  .replace(/%%[\s\S]*?%%/g, ' ')
  .replace(/!\[\[[^\]]*\]\]/g, ' ')
  .replace(/\[\[([^\]|#]*)(?:#([^\]|]*))?(?:\|([^\]]*))?\]\]/g, (_m, page: string, part?: string, shown?: string) => ` ${shown ?? `${page} ${part ?? ''}`} `)
  .replace(/\[![\w-]+\][+-]?/g, ' ')
  // A chunk's options (Quarto): for the renderer, not the class.
  .replace(/^\s*#\|.*$/gm, '')
  // Footnotes' labels: a note is shown with its number.
  .replace(/\[\^[^\]\s]+\]:?/g, ' ')
  .replace(/\{:?[^}\n]*\}/g, ' ')
  .replace(/\{\{<\s*\/?\s*[\w-]+\s*([^>]*?)\s*>\}\}/g, (_m, args: string) => ` ${args.replace(/^(info|warning)$/, '')} `);

const counts = (words: string[]) => words.reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());

/** Source words shown fewer times on the slides than written: `word (written n, shown m)`. A word
 *  is counted, not just looked for, so a dropped slide of common words is noticed. */
export function lostWords(markdown: string, slidesText: string): string[] {
  const shown = counts(wordsOf(slidesText));
  return [...counts(sourceWords(markdown))].filter(([w, n]) => (shown.get(w) ?? 0) < n).map(([w, n]) => `${w} (written ${n}, shown ${shown.get(w) ?? 0})`);
}
