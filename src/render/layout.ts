// Where each piece of a slide ends, read from one layout of the whole slide in Chromium: the list
// items, table rows, code lines, sentences and blocks of its body, in slide pixels. Fitting plans
// its cuts from these numbers instead of rendering every prefix of the slide.
import type { Piece } from '../course/blocks.ts';

export interface PieceBox {
  top: number;
  bottom: number;
}

export interface SlideLayout {
  /** Where the body starts (below the title) and the lowest it may reach. */
  contentTop: number;
  limit: number;
  pieces: PieceBox[];
  /** Per piece: the top and bottom of the element of its group (a table with its header, a code
   *  block with its padding), to know what a part that cuts the group costs above and below. */
  groups: PieceBox[];
}

/** What the page needs to find the pieces: one entry per group, in order. */
export interface GroupSpec {
  kind: Piece['kind'];
  count: number;
  /** Sentences: the last word of each, to find where it ends in the paragraph's text. */
  ends?: string[];
  /** Items: per list item, the length of each of its pieces (one piece, or a long item's lines). */
  items?: number[][];
  /** Groups inside one blockquote (a box) share it: their elements are that blockquote's children. */
  quote?: number;
  /** Groups inside one <details> share it: their elements are its children after its summary. */
  details?: number;
}

export function groupSpecs(pieces: Piece[]): GroupSpec[] {
  const groups: GroupSpec[] = [];
  let last: number | undefined;
  for (const p of pieces) {
    if (p.group !== last) groups.push({ kind: p.kind, count: 0, ...(p.kind === 'sentence' ? { ends: [] } : {}), ...(p.kind === 'item' ? { items: [] } : {}), ...(p.quote !== undefined ? { quote: p.quote } : {}), ...(p.wrap ? { details: p.wrap.id } : {}) });
    last = p.group;
    const g = groups.at(-1)!;
    g.count++;
    if (p.kind === 'sentence') g.ends!.push(p.text.match(/[\p{L}\p{N}]+/gu)?.at(-1) ?? '');
    if (p.kind === 'item') {
      if (!p.continued || !g.items!.length) g.items!.push([]);
      g.items!.at(-1)!.push(Math.max(1, p.text.trim().length));
    }
  }
  return groups;
}

// A plain script string (see measure.ts). Slide `index` of the page; undefined when the rendered
// elements do not match the groups one for one (the caller then measures the slow, sure way).
const LAYOUT = `((index, groups) => {
  const section = document.querySelectorAll('div.marpit > svg > foreignObject > section')[index];
  if (!section) return undefined;
  const box = section.getBoundingClientRect();
  const scale = box.width / section.offsetWidth || 1;
  const y = (v) => (v - box.top) / scale;
  const style = getComputedStyle(section);
  const limit = section.offsetHeight - parseFloat(style.paddingBottom);
  let children = [...section.children].filter((c) => !c.matches('header, footer'));
  let contentTop = parseFloat(style.paddingTop);
  // The elements the groups make at the top of the slide: one per group, one per box for those inside one.
  const boxOf = (g) => (g.quote !== undefined ? g.quote : g.details);
  const expected = groups.filter((g, k) => boxOf(g) === undefined || boxOf(g) !== boxOf(groups[k - 1] || {})).length;
  if (children[0] && /^H[1-6]$/.test(children[0].tagName) && children.length > expected) {
    const title = children.shift();
    contentTop = y(title.getBoundingClientRect().bottom) + parseFloat(getComputedStyle(title).marginBottom);
  }
  // Groups inside a box are the children of its blockquote (or <details>, after its summary), in order.
  const slots = [];
  let next = 0;
  for (let g = 0; g < groups.length; ) {
    const id = boxOf(groups[g]);
    if (id === undefined) { slots.push(children[next++]); g++; continue; }
    const box = children[next++];
    if (!box || box.tagName !== (groups[g].quote !== undefined ? 'BLOCKQUOTE' : 'DETAILS')) return undefined;
    const inner = [...box.children].filter((c) => c.tagName !== 'SUMMARY');
    let k = 0;
    for (; g < groups.length && boxOf(groups[g]) === id; g++) slots.push(inner[k++]);
    if (k !== inner.length) return undefined;
  }
  if (next !== children.length || slots.some((el) => !el)) return undefined;
  children = slots;
  // Something that draws nothing (an anchor <a name>, an empty block) sits where the last piece ended.
  let lastBottom = contentTop;
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return !r.width && !r.height ? { top: lastBottom, bottom: lastBottom } : { top: y(r.top), bottom: y(r.bottom) };
  };
  // The bottom of the text up to character offset n of an element (a line of code, a sentence).
  const textEnd = (el, n) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let seen = 0;
    while (walker.nextNode()) {
      const t = walker.currentNode;
      if (seen + t.length >= n) {
        const range = document.createRange();
        const at = Math.max(0, n - seen);
        range.setStart(t, Math.max(0, at - 1));
        range.setEnd(t, Math.max(at, 1) > t.length ? t.length : Math.max(at, 1));
        const rects = [...range.getClientRects()].filter((r) => r.height);
        if (rects.length) return y(rects[rects.length - 1].bottom);
      }
      seen += t.length;
    }
    return undefined;
  };
  const pieces = [], groupBoxes = [];
  for (let g = 0; g < groups.length; g++) {
    const spec = groups[g], el = children[g], whole = rect(el);
    let boxes;
    if (spec.kind === 'item') {
      if (!/^(UL|OL)$/.test(el.tagName)) return undefined;
      const items = [...el.children].filter((c) => c.tagName === 'LI');
      if (items.length !== spec.items.length) return undefined;
      // A long item cut between its lines: its height shared between them by their length.
      boxes = items.flatMap((li, k) => {
        const whole = rect(li), weights = spec.items[k], total = weights.reduce((a, b) => a + b, 0);
        let top = whole.top, seen = 0;
        return weights.map((w) => {
          seen += w;
          const b = { top, bottom: whole.top + (whole.bottom - whole.top) * seen / total };
          top = b.bottom;
          return b;
        });
      });
    } else if (spec.kind === 'term') {
      // A term of a definition list: from its <dt> to the end of its last <dd>.
      if (el.tagName !== 'DL') return undefined;
      boxes = [];
      for (const child of el.children) {
        const r = rect(child);
        if (child.tagName === 'DT') boxes.push({ top: r.top, bottom: r.bottom });
        else if (boxes.length) boxes[boxes.length - 1].bottom = Math.max(boxes[boxes.length - 1].bottom, r.bottom);
      }
    } else if (spec.kind === 'row') {
      if (el.tagName !== 'TABLE') return undefined;
      boxes = [...el.querySelectorAll(':scope > tbody > tr')].map(rect);
    } else if (spec.kind === 'line') {
      const code = el.querySelector('code') || el;
      if (!/PRE/.test(el.tagName)) return undefined;
      const text = code.textContent;
      const ends = [];
      let at = -1;
      for (let k = 0; k < spec.count; k++) {
        const next = text.indexOf('\\n', at + 1);
        ends.push(next < 0 ? text.length : next);
        at = next < 0 ? text.length : next;
      }
      const first = code.getBoundingClientRect();
      let previous = y(first.top);
      boxes = ends.map((end) => {
        const bottom = textEnd(code, end) ?? previous;
        const b = { top: previous, bottom: Math.max(previous, bottom) };
        previous = b.bottom;
        return b;
      });
    } else if (spec.kind === 'sentence') {
      const text = el.textContent;
      let from = 0, previous = whole.top;
      boxes = spec.ends.map((word, k) => {
        const found = word ? text.indexOf(word, from) : -1;
        const end = k === spec.ends.length - 1 ? text.length : found < 0 ? from : found + word.length;
        from = Math.max(from, end);
        const bottom = k === spec.ends.length - 1 ? whole.bottom : (textEnd(el, end) ?? previous);
        const b = { top: previous, bottom: Math.max(previous, bottom) };
        previous = b.bottom;
        return b;
      });
    } else {
      boxes = [whole];
    }
    if (boxes.length !== spec.count) return undefined;
    for (const b of boxes) { pieces.push(b); groupBoxes.push(whole); }
    lastBottom = Math.max(lastBottom, whole.bottom);
  }
  return { contentTop, limit, pieces, groups: groupBoxes };
})`;

/** The script that reads the layouts of several slides of the page, as an expression: null for a
 *  slide whose pieces cannot be told apart. */
export const layoutsScript = (slides: { index: number; groups: GroupSpec[] }[]) =>
  `((read, slides) => slides.map(([i, g]) => read(i, g) ?? null))(${LAYOUT}, ${JSON.stringify(slides.map((s) => [s.index, s.groups]))})`;

