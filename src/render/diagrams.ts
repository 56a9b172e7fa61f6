// Mermaid diagrams drawn by Mermaid itself (the reference implementation, from node_modules: no
// network) in the Chromium that Estrade already runs, once per diagram: results are kept by source,
// so `estrade dev` does not draw an unchanged diagram again. Slides get inline SVG (text stays
// text) whose colours and font are the slide theme's CSS variables, dark variant included.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Tab } from './devtools.ts';
import type { Browser } from './browser.ts';

export interface Diagram {
  svg?: string;
  /** Mermaid's own message, on one line, when it rejects the diagram. */
  error?: string;
}

const drawn = new Map<string, Diagram>();
const key = (code: string) => code.trim();

/** The drawing of a diagram source, if it was drawn (or rejected). */
export const diagramOf = (code: string): Diagram | undefined => drawn.get(key(code));

// Mermaid derives its colours from a few; each is given a colour of its own here, close to the
// light theme's, and then replaced in the SVG by the theme's variable (with that colour as fallback).
const PALETTE: Record<string, { hex: string; variable: string }> = {
  background: { hex: '#fefefe', variable: '--paper' },
  primaryColor: { hex: '#edf5f3', variable: '--tint' },
  primaryTextColor: { hex: '#1c2531', variable: '--ink' },
  primaryBorderColor: { hex: '#0f7a67', variable: '--accent' },
  lineColor: { hex: '#4a5564', variable: '--muted' },
  secondaryColor: { hex: '#c8ddd8', variable: '--rule' },
  tertiaryColor: { hex: '#fefeff', variable: '--paper' },
};
// The colour series of mind maps, timelines, git graphs and quadrants, and their labels: the
// theme's tint and ink too, so that they read in the dark variant as in the light one.
const SERIES = Object.fromEntries([
  ...Array.from({ length: 12 }, (_, i) => [`cScale${i}`, PALETTE.primaryColor!.hex]),
  ...Array.from({ length: 12 }, (_, i) => [`cScaleLabel${i}`, PALETTE.primaryTextColor!.hex]),
  ...Array.from({ length: 8 }, (_, i) => [`git${i}`, PALETTE.primaryBorderColor!.hex]),
  ...Array.from({ length: 8 }, (_, i) => [`gitBranchLabel${i}`, PALETTE.background!.hex]),
  ...[1, 2, 3, 4].flatMap((q) => [[`quadrant${q}Fill`, PALETTE.primaryColor!.hex], [`quadrant${q}TextFill`, PALETTE.primaryTextColor!.hex]]),
  ['quadrantPointFill', PALETTE.primaryBorderColor!.hex], ['quadrantPointTextFill', PALETTE.primaryTextColor!.hex],
  ['quadrantTitleFill', PALETTE.primaryTextColor!.hex], ['quadrantXAxisTextFill', PALETTE.primaryTextColor!.hex], ['quadrantYAxisTextFill', PALETTE.primaryTextColor!.hex],
  ['titleColor', PALETTE.primaryTextColor!.hex], ['textColor', PALETTE.primaryTextColor!.hex], ['taskTextColor', PALETTE.primaryTextColor!.hex],
  ['taskTextOutsideColor', PALETTE.primaryTextColor!.hex], ['sectionBkgColor', PALETTE.primaryColor!.hex], ['pieTitleTextColor', PALETTE.primaryTextColor!.hex],
  ['pieLegendTextColor', PALETTE.primaryTextColor!.hex], ['pieSectionTextColor', PALETTE.primaryTextColor!.hex],
]);
const FONT = "'Noto Sans', 'DejaVu Sans', sans-serif";

// Mermaid draws its text at 18 px; a diagram may grow with the slide up to this many times that.
const MOST_ZOOM = 1.8;

function themed(svg: string): string {
  // The slide's CSS sizes the drawing (the space left on the slide); Mermaid's own width only caps it.
  const width = Number(/viewBox="[\d.-]+ [\d.-]+ ([\d.]+)/.exec(svg)?.[1] ?? 0);
  let out = svg
    .replace(/^<svg\b/, '<svg data-marp-mermaid')
    .replace(/ style="max-width: [\d.]+px;?"/, width ? ` style="max-width: ${Math.round(width * MOST_ZOOM)}px"` : '').replaceAll(FONT, 'var(--font)').replaceAll('"Noto Sans", "DejaVu Sans", sans-serif', 'var(--font)');
  for (const { hex, variable } of Object.values(PALETTE)) out = out.replace(new RegExp(hex, 'gi'), `var(${variable}, ${hex})`);
  return out;
}

// The quadrant chart's own sizes (12 px point labels by default) are read from its config, not the
// theme's fontSize: as big as the rest of the text, so that a square chart on a wide slide stays readable.
const QUADRANT = { pointLabelFontSize: 18, quadrantLabelFontSize: 20, xAxisLabelFontSize: 18, yAxisLabelFontSize: 18, titleFontSize: 22 };

/** Mermaid's pages, kept open by the browser: a second one draws half of a course with many diagrams, on the other core. */
function mermaidPage(browser: Browser, n = 0): Promise<Tab> {
  return browser.keptPage(`mermaid-${n}`, async (p) => {
    await p.setContent('<!DOCTYPE html><html><body></body></html>');
    await p.evaluate(`${readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8')}\n;0`);
    const themeVariables = { ...Object.fromEntries(Object.entries(PALETTE).map(([k, v]) => [k, v.hex])), ...SERIES, fontFamily: FONT, fontSize: '18px' };
    await p.evaluate(`mermaid.initialize(${JSON.stringify({ startOnLoad: false, securityLevel: 'strict', theme: 'base', themeVariables, fontFamily: FONT, htmlLabels: false, flowchart: { htmlLabels: false }, deterministicIds: true, quadrantChart: QUADRANT })})`);
  });
}

const DRAW = `(async (codes, first) => {
  const out = [];
  for (const [i, code] of codes.entries()) {
    try {
      await mermaid.parse(code);
      const { svg } = await mermaid.render('estrade-diagram-' + (first + i), code);
      out.push({ svg });
    } catch (e) {
      out.push({ error: String((e && e.message) || e) });
    } finally {
      document.querySelectorAll('[id^="destrade-diagram-"], [id^="estrade-diagram-"]').forEach((n) => n.remove());
    }
  }
  return out;
})`;

/** Mermaid's message on one line: what (its first line) and why (its last), without the excerpt. */
function oneLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l && !/^-*\^$/.test(l) && !l.startsWith('...'));
  const [first = 'Mermaid cannot read it', ...rest] = lines;
  return rest.length ? `${first} ${rest.at(-1)}` : first;
}

/** From this many diagrams to draw, a second page draws half of them. */
const SECOND_PAGE_FROM = 12;

/** Draws the diagrams not drawn yet. */
export async function drawDiagrams(codes: string[], browser: Browser): Promise<void> {
  const missing = [...new Set(codes.map(key))].filter((c) => !drawn.has(c));
  if (!missing.length) return;
  // Many diagrams: half on a second page, drawn at the same time (ids apart: one deck may show both halves).
  const halves = missing.length >= SECOND_PAGE_FROM ? [missing.slice(0, Math.ceil(missing.length / 2)), missing.slice(Math.ceil(missing.length / 2))] : [missing];
  const drawnHalves = await Promise.all(halves.map(async (codes, n) => (await mermaidPage(browser, n)).evaluate(`${DRAW}(${JSON.stringify(codes)}, ${n ? halves[0]!.length : 0})`) as Promise<Diagram[]>));
  const results = drawnHalves.flat();
  if (drawn.size > 1000) drawn.clear();
  missing.forEach((code, i) => {
    const r = results[i] ?? { error: 'not drawn' };
    drawn.set(code, r.svg ? { svg: themed(r.svg) } : { error: oneLine(r.error ?? '') });
  });
}
