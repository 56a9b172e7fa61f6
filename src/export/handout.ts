// Student handouts: N slides a page on A4 or Letter, ruled lines for the student's notes (never the
// teacher's speaker notes: handouts are given to students), course and section in the header, page numbers in the footer. Chromium prints
// the pages with a hole for each slide; the slides PDF's pages are drawn into the holes, and the
// ruled lines where Chromium laid them out (assemble.ts): everything stays vector and searchable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tab } from '../render/devtools.ts';
import { printPdf, showHtml } from '../render/browser.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { escapeHtml } from '../render/page.ts';
import { slideSvgs } from '../render/slide-svgs.ts';
import { PACKAGE_THEMES } from '../render/themes.ts';
import type { Hole, PdfMetadata, Rule } from './assemble.ts';
import { holeLabel } from './placeholder.ts';

export type Paper = 'a4' | 'letter';

const PAPER: Record<Paper, { format: 'A4' | 'Letter'; widthMm: number; heightMm: number }> = {
  a4: { format: 'A4', widthMm: 210, heightMm: 297 },
  letter: { format: 'Letter', widthMm: 215.9, heightMm: 279.4 },
};
const inches = (mm: number) => mm / 25.4;
const MARGIN = { top: 18, bottom: 16, side: 14 };
// Ruled lines (8 mm apart) that fill the note space beside or under the slides, with a few to spare:
// every line is an element Chromium lays out and prints, so there are no more than needed.
const RULED_LINES: Record<number, number> = { 1: 22, 3: 12 };

let sheetCss: string | undefined;
const handoutCss = () => (sheetCss ??= readFileSync(join(PACKAGE_THEMES, 'handout.css'), 'utf8'));

// Dark and coloured slides are reprinted in light colours with less ink (handout.css); the others
// look on the sheet exactly as in the slides PDF, which is drawn into their places afterwards.
const REPRINTED = new Set(['title', 'section', 'invert']);
const slideClasses = (svg: string) => (/<section\b[^>]*\sclass="([^"]*)"/.exec(svg)?.[1] ?? '').split(/\s+/);
const reprintedLight = (svg: string) => slideClasses(svg).some((c) => REPRINTED.has(c));

const isAnswer = (svg: string) => slideClasses(svg).includes('answer');

/** A dark slide as its light version: the section without the `invert` class (the theme's light palette). */
const lightened = (svg: string) => svg.replace(/(<section\b[^>]*\sclass=")([^"]*)"/, (_m, head: string, classes: string) => `${head}${classes.split(/\s+/).filter((c) => c !== 'invert').join(' ')}"`);

/** An empty slide: the same box, for the slides PDF's page to be drawn into. Its placeholder figure
 *  (a blank the slide covers) marks where the slide's tags go among the sheet's (tags.ts). */
const hole = (deck: number, slide: number) =>
  `<svg data-marpit-svg="" viewBox="0 0 1280 720" class="hole" data-deck="${deck}" data-slide="${slide}" role="img" aria-label="${holeLabel(slide)}"><rect width="1280" height="720" fill="#fff"/></svg>`;

export interface HandoutOptions {
  perPage: number;
  paper: Paper;
  course: string;
  section: string;
  meta: PdfMetadata;
  /** Answer slides too; without, a question is printed with no answer (the students answer it). */
  answers?: boolean;
}

// Where Chromium's header and footer templates put their line, which these pages draw themselves:
// the top of the line box, in points from the top of the page and from its bottom.
const HEADER_TOP = 14.73;
const FOOTER_TOP_FROM_BOTTOM = 22.41;
const POINTS_PER_MM = 72 / 25.4;

/** The slides a handout prints, with their place in the deck: answer slides only if asked for. */
const handoutSlides = (deck: RenderedDeck, options: HandoutOptions) =>
  slideSvgs(deck.html)
    .map((svg, i) => ({ svg, i }))
    .filter(({ svg }) => options.answers || !isAnswer(svg));

function handoutPages(deck: RenderedDeck, d: number, options: HandoutOptions, holes: boolean): string[] {
  const { perPage } = options;
  const svgs = handoutSlides(deck, options).map(({ svg, i }) => (holes && !reprintedLight(svg) ? hole(d, i) : reprintedLight(svg) ? lightened(svg) : svg));
  const count = Math.ceil(svgs.length / perPage);
  const pages: string[] = [];
  for (let i = 0; i < svgs.length; i += perPage) {
    const cells = svgs.slice(i, i + perPage).map((svg) => {
      const lines = RULED_LINES[perPage] ? `<div class="lines">${'<i></i>'.repeat(RULED_LINES[perPage])}</div>` : '';
      return `<div class="cell"><div class="slide"><div class="marpit">${svg}</div></div>${lines}</div>`;
    });
    pages.push(`<div class="page" data-deck="${d}"><div class="head" aria-hidden="true"><span>${escapeHtml(options.course)}</span><span>${escapeHtml(options.section)}</span></div>
<div class="sheet per-${perPage}">${cells.join('')}</div><div class="foot" aria-hidden="true"><span></span><span>${pages.length + 1} / ${count}</span></div></div>`);
  }
  return pages;
}

/** Handout pages of one or more decks (of one course: the same theme), one after the other. */
function handoutsHtml(decks: { deck: RenderedDeck; options: HandoutOptions }[], holes: boolean): string {
  const { paper, meta } = decks[0]!.options;
  const { widthMm, heightMm } = PAPER[paper];
  const size = `:root{--page-width:${widthMm}mm;--page-height:${heightMm}mm;--margin:${MARGIN.top}mm ${MARGIN.side}mm ${MARGIN.bottom}mm;--side:${MARGIN.side}mm;
--sheet-height:${heightMm - MARGIN.top - MARGIN.bottom - 1}mm;--sheet-width:${widthMm - 2 * MARGIN.side}mm;
--head-top:${HEADER_TOP}pt;--foot-top:${heightMm * POINTS_PER_MM - FOOTER_TOP_FROM_BOTTOM}pt}@page{size:${PAPER[paper].format} portrait;margin:0}`;
  const css = [...new Set(decks.map((d) => d.deck.css))].map((c) => `<style>${c}</style>`).join('');
  return `<!DOCTYPE html><html lang="${meta.lang}"><head><meta charset="utf-8"><title>${escapeHtml(meta.title)}</title>
${css}<style>${handoutCss()}</style><style>${size}</style></head>
<body class="handout">${decks.flatMap((d, i) => handoutPages(d.deck, i, d.options, holes)).join('\n')}</body></html>`;
}

/** One deck's handout pages, slides and ruled lines included, as Chromium would print them whole. */
export const handoutHtml = (deck: RenderedDeck, options: HandoutOptions) => handoutsHtml([{ deck, options }], false);

function printPages(page: Tab, paper: Paper): Promise<Uint8Array> {
  return printPdf(page, { paperWidth: inches(PAPER[paper].widthMm), paperHeight: inches(PAPER[paper].heightMm), preferCSSPageSize: true, printBackground: true, generateTaggedPDF: true });
}

export interface PrintedHandouts {
  pdf: Uint8Array;
  /** For each deck, its pages in the PDF, and the holes of its slides and its ruled lines (`sheet`
   *  counts its own pages). */
  decks: { pages: number[]; holes: Hole[]; rules: Rule[] }[];
}

// Ruled lines are many small boxes, half of what Chromium spends printing a handout: it lays them
// out (hidden, so that they take their room) and they are drawn afterwards, where it put them.
const HIDDEN_RULES = '<style>.lines i { visibility: hidden; }</style>';

interface Box {
  deck: number;
  page: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The handouts of decks of one course in one print, with a hole where each slide goes (see assemble.ts). */
export async function handoutSheets(page: Tab, decks: { deck: RenderedDeck; options: HandoutOptions }[]): Promise<PrintedHandouts> {
  const found = await showHtml<{ holes: (Box & { slide: number })[]; rules: (Box & { color: string })[] }>(page, handoutsHtml(decks, true).replace('</head>', `${HIDDEN_RULES}</head>`), `(() => {
    const pages = [...document.querySelectorAll('.page')];
    const box = (element, clip) => {
      const sheet = element.closest('.page'), origin = sheet.getBoundingClientRect(), b = element.getBoundingClientRect();
      const bottom = Math.min(b.bottom, clip ? clip.bottom : b.bottom);
      return { deck: Number(sheet.dataset.deck), page: pages.indexOf(sheet), left: b.left - origin.left, top: b.top - origin.top, width: b.width, height: bottom - b.top };
    };
    // A slide starts on a whole pixel of the page, as Chromium paints an <svg>.
    const snapped = (b) => ({ ...b, left: Math.round(b.left), top: Math.round(b.top) });
    const holes = [...document.querySelectorAll('svg.hole')].map((hole) => ({ ...snapped(box(hole)), slide: Number(hole.dataset.slide) }));
    const rules = [...document.querySelectorAll('.lines i')].flatMap((line) => {
      const clip = line.parentElement.getBoundingClientRect(), b = line.getBoundingClientRect();
      const style = getComputedStyle(line), width = parseFloat(style.borderBottomWidth);
      if (b.bottom - width >= clip.bottom) return [];
      // Chromium puts a box's edges on whole pixels of the page and its border inside: so do these.
      const ruled = box(line, clip);
      const origin = b.top - ruled.top;
      const lineBottom = Math.round(b.bottom - origin), top = lineBottom - width, bottom = Math.min(lineBottom, Math.round(clip.bottom - origin));
      return bottom > top ? [{ ...ruled, top, height: bottom - top, color: style.borderBottomColor }] : [];
    });
    return { holes, rules };
  })()`);
  const pdf = await printPages(page, decks[0]!.options.paper);
  const paperHeight = PAPER[decks[0]!.options.paper].heightMm * POINTS_PER_MM;
  const points = (b: Box, first: number) => ({
    sheet: b.page - first,
    x: (b.left * 3) / 4,
    y: paperHeight - ((b.top + b.height) * 3) / 4,
    width: (b.width * 3) / 4,
    height: (b.height * 3) / 4,
  });
  let first = 0;
  const out = decks.map((d, i) => {
    const count = Math.ceil(handoutSlides(d.deck, d.options).length / d.options.perPage);
    const pages = Array.from({ length: count }, (_, k) => first + k);
    const holes = found.holes.filter((f) => f.deck === i).map((f): Hole => ({ ...points(f, first), slide: f.slide }));
    const rules = found.rules.filter((f) => f.deck === i).map((f): Rule => ({ ...points(f, first), color: rgb(f.color) }));
    first += count;
    return { pages, holes, rules };
  });
  return { pdf, decks: out };
}

const rgb = (css: string): [number, number, number] => {
  const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number);
  return [r / 255, g / 255, b / 255];
};
