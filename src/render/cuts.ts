// Where a slide that does not fit is cut, from the measured height of each of its pieces: the
// choices a teacher would make. Pure: numbers in, cuts out; fit.ts confirms them in Chromium.
//
// - Parts are as even as the pieces allow (not a full slide followed by a line).
// - A cut falls after a whole paragraph, list item, row or line, not inside a sentence run.
// - A heading or a lead-in ("Exemples :") stays with what follows it.
// - A table, code block or list that fits on a slide of its own is moved there whole, never cut.
// - A table or code block of 6 rows or more that must be cut keeps at least 3 on each side; a
//   shorter one is cut only when taller than a slide, never leaving a line alone.
import type { Piece } from '../course/blocks.ts';
import { diagrams } from '../course/fences.ts';
import type { SlideLayout } from './layout.ts';

export interface Cuts {
  /** Exclusive end of each part, in pieces: [3, 7] is pieces 0–2 then 3–6. */
  ends: number[];
  /** Some piece is taller than a slide on its own. */
  unfit: boolean;
}

const MIN_SIDE = 3;
const SPLITTABLE_GROUP = 6;

/** The opening line of a Mermaid diagram. */

/** A Mermaid diagram: one to a slide, never squeezed beside another. */
export const isDiagram = (piece: Piece) => piece.kind === 'block' && diagrams(piece.text).length > 0;

/**
 * A slide whose diagram is drawn too small beside the rest, cut so that the diagram has a slide of
 * its own (with the heading or lead-in that announces it): what comes before, the diagram, what
 * comes after. Undefined when the slide holds nothing but the diagram, or more than one.
 */
export function aroundDiagram(pieces: Piece[]): Piece[][] | undefined {
  const drawn = pieces.map((p, k) => (isDiagram(p) ? k : -1)).filter((k) => k >= 0);
  if (drawn.length !== 1 || pieces.length < 2) return undefined;
  let from = drawn[0]!;
  while (from > 0 && (isLeadIn(pieces[from - 1]!) || !pieces[from - 1]!.boundary)) from--;
  const runs = [pieces.slice(0, from), pieces.slice(from, drawn[0]! + 1), pieces.slice(drawn[0]! + 1)].filter((run) => run.length);
  return runs.length > 1 ? runs : undefined;
}

/** A heading (or a paragraph in bold alone), or a paragraph or item that announces what follows ("Composants :"). */
export function isLeadIn(piece: Piece): boolean {
  if (piece.kind === 'block' && /^#{1,6}\s/.test(piece.text)) return true;
  if (piece.kind !== 'sentence' && piece.kind !== 'block' && piece.kind !== 'item') return false;
  if (piece.kind === 'sentence' && !piece.boundary) return false;
  // A paragraph that is nothing but bold or italic words ("**Objectifs**") is a heading as written.
  if (piece.kind !== 'item' && !piece.joiner && /^\s*(\*\*|__|\*|_)(?=\S)[^*_\n]{1,80}(?<=\S)\1\s*:?\s*$/.test(piece.text)) return true;
  return /:\s*$/.test(piece.text.replace(/<[^>]+>/g, '').replace(/[*_`\s]+$/, ''));
}

export function planCuts(pieces: Piece[], layout: SlideLayout, budget?: number): Cuts {
  const n = pieces.length;
  const available = layout.limit - layout.contentTop - 1;
  const first: number[] = [];
  const last: number[] = [];
  for (let i = 0; i < n; i++) first[i] = i > 0 && pieces[i - 1]!.group === pieces[i]!.group ? first[i - 1]! : i;
  for (let i = n - 1; i >= 0; i--) last[i] = i < n - 1 && pieces[i + 1]!.group === pieces[i]!.group ? last[i + 1]! : i;
  const box = layout.pieces;
  const group = layout.groups;
  // A part that starts inside a group repeats what is above its first piece (a table's header, a
  // code block's padding); one that ends inside a group keeps what is below its last piece.
  const height = (s: number, e: number) => {
    const top = first[s] === s ? group[s]!.top : box[s]!.top - (box[first[s]!]!.top - group[s]!.top);
    const bottom = last[e] === e ? group[e]!.bottom : box[e]!.bottom + (group[e]!.bottom - box[last[e]!]!.bottom);
    return bottom - top;
  };
  const groupSize = (i: number) => last[i]! - first[i]! + 1;
  /** What a part repeats when it cuts the largest group from piece s on (a header, a padding). */
  const repeated = (s: number) => {
    let biggest = s;
    for (let i = s; i < n; i = last[i]! + 1) if (groupSize(i) > groupSize(biggest)) biggest = i;
    const g = first[biggest]!;
    return box[g]!.top - group[g]!.top + (group[g]!.bottom - box[last[g]!]!.bottom);
  };
  const framed = (i: number) => pieces[i]!.kind === 'row' || pieces[i]!.kind === 'line';
  /** A table or code block long enough to keep at least 3 of its rows on each side of a cut. */
  const long = (i: number) => framed(i) && groupSize(i) >= SPLITTABLE_GROUP;
  /** May a part start at piece c? Inside a table or code block: a long one, 3 rows on each side;
   *  a short one only when it cannot fit on a slide of its own, half of it on each side. */
  const cutInside = (c: number) => {
    if (first[c] === c || !framed(c)) return true;
    if (!long(c) && height(first[c]!, last[c]!) <= available) return false;
    const side = long(c) ? MIN_SIDE : Math.floor(groupSize(c) / 2);
    return c - first[c]! >= side && last[c]! - c + 1 >= side;
  };

  /** Fills parts in turn; given a number of parts, each takes about its share of what is left. */
  const greedy = (capacity: number, parts?: number): Cuts => {
    const ends: number[] = [];
    let unfit = false;
    for (let s = 0; s < n; ) {
      let e = s;
      let diagrams = isDiagram(pieces[s]!) ? 1 : 0;
      while (e + 1 < n && height(s, e + 1) <= capacity && !(diagrams && isDiagram(pieces[e + 1]!))) {
        e++;
        if (isDiagram(pieces[e]!)) diagrams++;
      }
      const reach = e;
      if (parts && parts > ends.length + 1 && e < n - 1) {
        // Each part that cuts a table or code block repeats its header or padding: counted in the share.
        const left = parts - ends.length;
        const share = (height(s, n - 1) + (left - 1) * repeated(s)) / left;
        // The cut closest to the share, after a whole paragraph when one is in reach.
        const closest = (allowed: (k: number) => boolean) => {
          let best = -1;
          for (let k = s; k <= e; k++) if (allowed(k) && (best < 0 || Math.abs(height(s, k) - share) < Math.abs(height(s, best) - share))) best = k;
          return best;
        };
        const onBoundary = closest((k) => pieces[k]!.boundary);
        e = onBoundary >= 0 ? onBoundary : closest(() => true);
      }
      if (height(s, e) > available) unfit = true;
      if (e < n - 1) {
        const chosen = e;
        // After a whole paragraph rather than between two of its sentences.
        while (e > s && !pieces[e]!.boundary) e--;
        if (!pieces[e]!.boundary) e = chosen;
        const g0 = first[e + 1] === e + 1 ? -1 : first[e]!;
        if (g0 > s && last[e] !== e && height(g0, last[e]!) <= available) {
          // The cut falls inside a block that fits on a slide of its own: move the block whole.
          e = g0 - 1;
        } else if (last[e] !== e && long(e)) {
          // A long table or code block: at least 3 of its rows on each side of the cut.
          if (e - first[e]! + 1 < MIN_SIDE && first[e]! > s) e = first[e]! - 1;
          else if (last[e]! - e < MIN_SIDE && last[e]! - MIN_SIDE >= Math.max(s, first[e]! + MIN_SIDE - 1)) e = last[e]! - MIN_SIDE;
        } else if (last[e] !== e && framed(e) && height(s, last[e]!) <= available) {
          // A short one that the part began with: the part takes it whole, as the slide has room.
          e = last[e]!;
        }
        // A heading or lead-in does not end a part: it goes with what it announces.
        while (e > s && isLeadIn(pieces[e]!)) e--;
        // Unless the part would hold nothing else: then the block it announces is cut after all,
        // leaving at least 3 of a long table's or code block's rows to the next part too.
        if (e === s && isLeadIn(pieces[s]!) && reach > e) {
          for (e = reach; e > s && isLeadIn(pieces[e]!); ) e--;
          if (last[e] !== e && long(e) && last[e]! - e < MIN_SIDE && last[e]! - MIN_SIDE > s) e = Math.max(last[e]! - MIN_SIDE, first[e]! + MIN_SIDE - 1);
        }
      }
      ends.push(e + 1);
      s = e + 1;
    }
    return { ends, unfit };
  };

  const most = Math.min(budget ?? available, available);
  const plain = greedy(most);
  if (plain.ends.length < 2) return plain;
  const even = greedy(most, plain.ends.length);
  const cuts = even.ends.length <= plain.ends.length ? even : plain;
  // Filling parts in turn leaves the last one the shortest: pieces move back to it, one at a time,
  // while the two get closer in height and the cut stays where a cut may fall.
  const k = cuts.ends.length;
  const start = k > 2 ? cuts.ends[k - 3]! : 0;
  let cut = cuts.ends[k - 2]!;
  const ok = (c: number) => pieces[c - 1]!.boundary && !isLeadIn(pieces[c - 1]!) && cutInside(c);
  for (let c = cut - 1; c > start; c--) {
    if (isDiagram(pieces[c]!) && pieces.slice(c + 1).some(isDiagram)) break;
    if (!ok(c)) continue;
    if (height(c, n - 1) > most) break;
    if (Math.abs(height(start, c - 1) - height(c, n - 1)) < Math.abs(height(start, cut - 1) - height(cut, n - 1))) cut = c;
  }
  cuts.ends[k - 2] = cut;
  // A part that would draw nothing (an anchor, an empty block) joins the one before it.
  const joined: number[] = [];
  cuts.ends.forEach((end, i) => {
    const empty = height(i ? cuts.ends[i - 1]! : 0, end - 1) <= 1;
    if (empty && joined.length) joined[joined.length - 1] = end;
    else if (!empty || i === cuts.ends.length - 1) joined.push(end);
  });
  cuts.ends = joined;
  return cuts;
}
