// What Chromium sees on each slide: does its content stay inside the slide box, does any inner
// box clip, how small is the smallest text. Fitting's measure; the tests measure with a ruler of their own.
import type { Tab } from './devtools.ts';

export interface SlideMeasure {
  /** The content goes below the slide's content area (into the footer zone or past the edge). */
  overflowY: boolean;
  overflowX: boolean;
  /** How far the content goes below the content area, in slide pixels (negative: room left). */
  excessY: number;
  /** Boxes inside the slide whose own content is cut (e.g. a code block with hidden overflow). */
  clipped: string[];
  /** Smallest computed font size (px, in slide units) of any visible text. */
  minFontPx: number;
  /** Smallest text of a drawing (a diagram) as drawn, in slide pixels; 0 without one. */
  minDiagramPx: number;
  text: string;
}

// A plain script string: functions handed to page.evaluate from TypeScript may carry the
// compiler's helpers, which do not exist in the page.
const MEASURE = `(() => {
  const sections = [...document.querySelectorAll('div.marpit > svg > foreignObject > section, div.bespoke-marp-parent > svg > foreignObject > section, svg[data-marpit-svg] > foreignObject > section')];
  const seen = new Set();
  // Text of every node, visible or not (the presenter template hides the slides it is not showing).
  const textOf = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    while (walker.nextNode()) if (!walker.currentNode.parentElement.closest('.katex-mathml')) parts.push(walker.currentNode.textContent);
    return parts.join(' ').replace(/\\s+/g, ' ').trim();
  };
  return sections.filter((s) => !seen.has(s) && seen.add(s)).map((section) => {
    const box = section.getBoundingClientRect();
    const scale = box.width / section.offsetWidth || 1;
    const style = getComputedStyle(section);
    const limitBottom = section.offsetHeight - parseFloat(style.paddingBottom) + 2;
    const limitRight = section.offsetWidth - parseFloat(style.paddingRight) + 2;
    let bottom = 0, right = 0;
    const clipped = [];
    const slideSvg = section.closest('svg');
    let minFontPx = Infinity;
    for (const child of section.children) {
      if (child.matches('header, footer')) continue;
      const r = child.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      bottom = Math.max(bottom, (r.bottom - box.top) / scale);
      right = Math.max(right, (r.right - box.left) / scale);
    }
    for (const el of section.querySelectorAll('*')) {
      const cs = getComputedStyle(el);
      if (el.closest('header, footer') || el.closest('svg') !== slideSvg) continue;
      if (el.closest('.katex-mathml')) continue;
      const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && /[\\p{L}\\p{N}\\p{P}\\p{S}]/u.test(n.textContent));
      if (hasText && cs.visibility !== 'hidden' && cs.display !== 'none') {
        const rect = el.getBoundingClientRect();
        if (rect.width && rect.height) minFontPx = Math.min(minFontPx, parseFloat(cs.fontSize));
      }
      const clips = /(hidden|clip|auto|scroll)/.test(cs.overflowX + cs.overflowY);
      if (clips && (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2)) clipped.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''));
    }
    // A drawing's text is sized in its own units, then scaled to fit its box both ways.
    let minDiagramPx = Infinity;
    for (const drawing of section.querySelectorAll('svg')) {
      if (drawing === slideSvg || drawing.parentElement.closest('svg') !== slideSvg) continue;
      const vb = drawing.viewBox && drawing.viewBox.baseVal;
      const r = drawing.getBoundingClientRect();
      if (!vb || !vb.width || !vb.height || !r.width || !r.height) continue;
      const ratio = Math.min(r.width / vb.width, r.height / vb.height) / scale;
      for (const el of drawing.querySelectorAll('*')) {
        if ([...el.childNodes].some((n) => n.nodeType === 3 && /\\S/.test(n.textContent))) minDiagramPx = Math.min(minDiagramPx, parseFloat(getComputedStyle(el).fontSize) * ratio);
      }
    }
    return {
      minDiagramPx: minDiagramPx === Infinity ? 0 : minDiagramPx,
      overflowY: bottom > limitBottom,
      excessY: bottom - limitBottom,
      overflowX: right > limitRight,
      clipped,
      minFontPx: minFontPx === Infinity ? 0 : minFontPx,
      text: textOf(section),
    };
  });
})()`;

/** The script that measures every slide of the page, as an expression: for a pass in one round trip. */
export const MEASURE_SCRIPT = MEASURE;

export async function measureSlides(page: Tab): Promise<SlideMeasure[]> {
  await page.evaluate('document.fonts.ready.then(() => 0)');
  return (await page.evaluate(MEASURE)) as SlideMeasure[];
}

export const overflows = (m: SlideMeasure) => m.overflowY || m.overflowX || m.clipped.length > 0;
