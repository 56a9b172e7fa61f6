// Where a slide is cut, from measured heights (pure): the splits a teacher would make.
import { describe, expect, it } from 'vitest';
import { slicePieces } from '../src/course/blocks.ts';
import { aroundDiagram, isLeadIn, planCuts } from '../src/render/cuts.ts';
import type { SlideLayout } from '../src/render/layout.ts';

/** A layout of the pieces stacked from y = 100, each `h(piece)` tall, groups 20 px apart; a table
 *  or code block has a 40 px header or padding above its first row and 10 px below its last. */
function stacked(body: string, h: (text: string, kind: string) => number, limit = 600) {
  const pieces = slicePieces(body);
  const boxes: SlideLayout['pieces'] = [];
  const groups: SlideLayout['groups'] = [];
  let y = 100;
  let g = -1;
  let groupStart = 0;
  for (const [i, p] of pieces.entries()) {
    const framed = p.kind === 'row' || p.kind === 'line';
    if (p.group !== g) {
      if (i) y += 20;
      groupStart = boxes.length;
      g = p.group;
      if (framed) y += 40;
    }
    boxes.push({ top: y, bottom: y + h(p.text, p.kind) });
    y += h(p.text, p.kind);
    const lastOfGroup = pieces[i + 1]?.group !== p.group;
    if (lastOfGroup) {
      const top = boxes[groupStart]!.top - (framed ? 40 : 0);
      const bottom = y + (framed ? 10 : 0);
      for (let k = groupStart; k <= i; k++) groups[k] = { top, bottom };
      y = bottom;
    }
  }
  return { pieces, layout: { contentTop: 100, limit, pieces: boxes, groups } };
}

const parts = (body: string, h: (t: string, k: string) => number, limit?: number) => {
  const { pieces, layout } = stacked(body, h, limit);
  const { ends } = planCuts(pieces, layout);
  return ends.map((end, i) => pieces.slice(i ? ends[i - 1] : 0, end).map((p) => p.text));
};

const table = (rows: number) => ['| A | B |', '|---|---|', ...Array.from({ length: rows }, (_, i) => `| r${i + 1} | x |`)].join('\n');
const code = (lines: number) => ['```sh', ...Array.from({ length: lines }, (_, i) => `echo ${i + 1}`), '```'].join('\n');

describe('cutting a slide that does not fit', () => {
  it('moves a 7-row table that fits on a slide of its own whole, instead of cutting it 1 + 6', () => {
    const body = `Un paragraphe d'introduction.\n\nUn deuxième paragraphe.\n\n${table(7)}`;
    const cut = parts(body, (_t, k) => (k === 'row' ? 50 : 150));
    expect(cut.map((p) => p.length)).toEqual([2, 7]);
  });

  it('keeps at least 3 rows on each side when a long table must be cut, and balances it', () => {
    const cut = parts(`Intro.\n\n${table(14)}`, (_t, k) => (k === 'row' ? 50 : 60));
    const rows = cut.map((p) => p.filter((t) => t.startsWith('| r')).length);
    expect(rows.reduce((a, b) => a + b)).toBe(14);
    for (const n of rows) expect(n).toBeGreaterThanOrEqual(3);
    expect(Math.max(...rows) - Math.min(...rows)).toBeLessThanOrEqual(2);
  });

  it('cuts a 30-line code block into even parts, none of a single line', () => {
    const cut = parts(code(30), () => 30);
    const lines = cut.map((p) => p.length);
    expect(lines.reduce((a, b) => a + b)).toBe(30);
    expect(Math.min(...lines)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...lines) - Math.min(...lines)).toBeLessThanOrEqual(1);
  });

  it('never ends a part on a heading or a lead-in: they go with what they announce', () => {
    const body = `Premier paragraphe assez long.\n\nDeuxième paragraphe.\n\n#### Composants\n\nExemples :\n\n- un\n- deux\n- trois`;
    const cut = parts(body, (t) => (t.startsWith('Premier') ? 200 : 100), 560);
    for (const part of cut.slice(0, -1)) expect(part.at(-1), JSON.stringify(cut)).not.toMatch(/^####|:$/);
    expect(cut.flat()).toHaveLength(7);
  });

  it('takes a paragraph in bold alone ("**Objectifs**") for a heading: it goes with what it announces', () => {
    for (const title of ['**Ressources annexes**', '__Objectifs__', '**Méthodes :**', '*Remarque*']) {
      const body = `Premier paragraphe assez long.\n\nDeuxième paragraphe.\n\n${title}\n\n- un\n- deux\n- trois\n- quatre`;
      const cut = parts(body, (t) => (t.startsWith('Premier') ? 200 : 100), 560);
      expect(cut.length, title).toBeGreaterThanOrEqual(2);
      for (const part of cut.slice(0, -1)) expect(part.at(-1), JSON.stringify(cut)).not.toBe(title);
    }
    // Bold inside a sentence is not a heading.
    expect(isLeadIn(slicePieces('Le mot **important** est là.')[0]!)).toBe(false);
  });

  it('evens out the last two parts of a long list (16 points: 8 + 8)', () => {
    const items = Array.from({ length: 16 }, (_, i) => `- point ${i + 1}`).join('\n');
    expect(parts(items, () => 50).map((p) => p.length)).toEqual([8, 8]);
  });

  it('gives a piece taller than a slide a part of its own, and says it does not fit', () => {
    const { pieces, layout } = stacked('Court.\n\nTrès long paragraphe.\n\nCourt encore.', (t) => (t.startsWith('Très') ? 700 : 50));
    const cuts = planCuts(pieces, layout);
    expect(cuts.unfit).toBe(true);
    expect(cuts.ends).toEqual([1, 2, 3]);
  });
});

describe('a diagram drawn too small beside other blocks', () => {
  const diagram = '```mermaid\ngraph LR\n  A-->B\n```';
  const texts = (runs: ReturnType<typeof aroundDiagram>) => runs?.map((run) => run.map((p) => p.text.split('\n')[0]));
  it('is cut out with what announces it: before, the diagram, after', () => {
    expect(texts(aroundDiagram(slicePieces(`Un texte.\n\nVoici le schéma :\n\n${diagram}\n\n- un point`)))).toEqual([['Un texte.'], ['Voici le schéma :', '```mermaid'], ['- un point']]);
    expect(texts(aroundDiagram(slicePieces(`${diagram}\n\nAprès.`)))).toEqual([['```mermaid'], ['Après.']]);
  });
  it('is left alone when the slide holds nothing else, or two diagrams', () => {
    expect(aroundDiagram(slicePieces(diagram))).toBeUndefined();
    expect(aroundDiagram(slicePieces(`Texte.\n\n${diagram}\n\n${diagram}`))).toBeUndefined();
  });
});

describe('cutting around what draws nothing', () => {
  it('never makes a part of an anchor alone (<a name="intro"></a>)', () => {
    const { pieces, layout } = stacked(`Un long paragraphe.\n\n<a name='intro'></a>\n\nUn autre long paragraphe.`, (t) => (t.startsWith('<a') ? 0 : 300));
    const { ends } = planCuts(pieces, layout);
    const runs = ends.map((end, i) => pieces.slice(i ? ends[i - 1] : 0, end).map((p) => p.text));
    for (const run of runs) expect(run.some((t) => !t.startsWith('<a')), JSON.stringify(runs)).toBe(true);
  });
});

describe('a code block or table is never cut to leave a line alone (generated slides)', () => {
  // Paragraphs of various heights before and after a code block or table of 2 to 9 lines: wherever
  // the cut falls, a block that fits on a slide of its own stays whole, and a longer one keeps at
  // least 3 of its lines on each side.
  const cases: { body: string; h: (t: string, k: string) => number }[] = [];
  // With or without a lead-in ("Voici un exemple :") that goes with the block, even when the two
  // together do not fit on a slide (the block is then cut after all, as evenly as these rules allow).
  for (const before of [1, 2, 3, 5])
    for (const after of [0, 1, 3])
      for (const lines of [2, 3, 4, 5, 6, 7, 9])
        for (const tall of [70, 130, 190])
          for (const lead of [false, true])
            for (const block of [code, table]) {
              const paragraphs = (k: number, tag: string) => Array.from({ length: k }, (_, i) => `${tag} ${i + 1}.`);
              const body = [...paragraphs(before, 'Avant'), ...(lead ? ['Voici un exemple :'] : []), block(lines), ...paragraphs(after, 'Après')].join('\n\n');
              cases.push({ body, h: (t, k) => (k === 'row' || k === 'line' ? 45 : t.startsWith('|') || t.startsWith('```') ? 45 : tall) });
            }

  it(`holds on ${cases.length} slides`, () => {
    let cutSome = 0;
    for (const { body, h } of cases) {
      const { pieces, layout } = stacked(body, h);
      const { ends } = planCuts(pieces, layout);
      const part = (i: number) => ends.findIndex((end) => i < end);
      const groups = new Map<number, number[]>();
      pieces.forEach((p, i) => {
        if (p.kind === 'line' || p.kind === 'row') groups.set(p.group, [...(groups.get(p.group) ?? []), i]);
      });
      for (const members of groups.values()) {
        const sides = new Map<number, number>();
        for (const i of members) sides.set(part(i), (sides.get(part(i)) ?? 0) + 1);
        if (sides.size < 2) continue;
        cutSome++;
        const size = members.length;
        const fitsAlone = 40 + size * 45 + 10 <= layout.limit - layout.contentTop - 1;
        expect(size >= 6 || !fitsAlone, `${body}\n→ ${[...sides.values()]}`).toBe(true);
        for (const n of sides.values()) expect(n, `${body}\n→ ${[...sides.values()]}`).toBeGreaterThanOrEqual(Math.min(3, Math.floor(size / 2)));
      }
    }
    expect(cutSome).toBeGreaterThan(0);
  });
});

describe('even runs, for a slide whose layout cannot be read', () => {
  it('cuts into the asked number of runs of about the same length, never after a lead-in nor inside a short code block', async () => {
    const { evenRuns } = await import('../src/render/fit.ts');
    const items = Array.from({ length: 30 }, (_, i) => `${i + 1}. Partie ${i + 1}`).join('\n');
    for (const count of [2, 3, 4, 7]) {
      const runs = evenRuns(slicePieces(items), count)!;
      expect(runs).toHaveLength(count);
      expect(runs.flat()).toHaveLength(30);
      const sizes = runs.map((r) => r.length);
      expect(Math.max(...sizes) - Math.min(...sizes), String(sizes)).toBeLessThanOrEqual(1);
    }
    const body = `Avant.\n\nExemples :\n\n${code(4)}\n\nAprès.\n\nEncore une phrase.`;
    for (const count of [2, 3]) {
      for (const run of evenRuns(slicePieces(body), count) ?? []) {
        expect(isLeadIn(run.at(-1)!)).toBe(false);
        const lines = run.filter((p) => p.kind === 'line').length;
        expect([0, 4]).toContain(lines);
      }
    }
    expect(evenRuns(slicePieces('Une seule phrase.'), 2)).toBeUndefined();
  });
});
