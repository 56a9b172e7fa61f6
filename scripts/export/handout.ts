// Student handouts: N slides a page on A4 or Letter, ruled lines for notes (speaker notes too when
// one slide a page), course and section in the header, page numbers in the footer. The slides stay
// vector text: Chromium prints the same SVG slides, scaled down.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { printPdf, showHtml } from '../render/browser.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { escapeHtml, slideSvgs } from '../render/page.ts';
import { PACKAGE_THEMES } from '../render/themes.ts';
import { withMetadata, type PdfMetadata } from './pdf.ts';

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


export function handoutHtml(deck: RenderedDeck, perPage: number, paper: Paper, lang: string, title: string): string {
  const svgs = slideSvgs(deck.html);
  const sheets: string[] = [];
  for (let i = 0; i < svgs.length; i += perPage) {
    const cells = svgs.slice(i, i + perPage).map((svg, k) => {
      const notes = perPage === 1 ? `<p class="notes">${escapeHtml((deck.notes[i + k] ?? []).join('\n\n'))}</p>` : '';
      const lines = RULED_LINES[perPage] ? `<div class="lines">${'<i></i>'.repeat(RULED_LINES[perPage])}</div>` : '';
      return `<div class="cell"><div class="slide"><div class="marpit">${svg}</div></div>${perPage === 1 ? `<div class="lines-box">${notes}</div>` : ''}${lines}</div>`;
    });
    sheets.push(`<div class="sheet per-${perPage}">${cells.join('')}</div>`);
  }
  const height = PAPER[paper].heightMm - MARGIN.top - MARGIN.bottom - 1;
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${deck.css}</style><style>${handoutCss()}</style><style>:root{--sheet-height:${height}mm}@page{size:${PAPER[paper].format} portrait;margin:${MARGIN.top}mm ${MARGIN.side}mm ${MARGIN.bottom}mm}</style></head>
<body class="handout">${sheets.join('\n')}</body></html>`;
}

const headerFooter = (text: string) =>
  `<div style="font:9px 'DejaVu Sans',sans-serif;color:#44526b;width:100%;padding:0 ${MARGIN.side}mm;display:flex;justify-content:space-between">${text}</div>`;

export async function handoutPdf(page: Page, deck: RenderedDeck, options: { perPage: number; paper: Paper; course: string; section: string; meta: PdfMetadata }): Promise<Uint8Array> {
  const { perPage, paper, meta } = options;
  await showHtml(page, handoutHtml(deck, perPage, paper, meta.lang, meta.title));
  const pdf = await printPdf(page, {
    paperWidth: inches(PAPER[paper].widthMm),
    paperHeight: inches(PAPER[paper].heightMm),
    preferCSSPageSize: true,
    printBackground: true,
    generateTaggedPDF: true,
    displayHeaderFooter: true,
    headerTemplate: headerFooter(`<span>${escapeHtml(options.course)}</span><span>${escapeHtml(options.section)}</span>`),
    footerTemplate: headerFooter(`<span></span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span>`),
    marginTop: inches(MARGIN.top),
    marginBottom: inches(MARGIN.bottom),
    marginLeft: inches(MARGIN.side),
    marginRight: inches(MARGIN.side),
  });
  return withMetadata(pdf, meta);
}
