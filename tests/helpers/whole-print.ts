// The ruler for printing each slide once: Chromium printing a deck, or a deck's handout, whole and
// in one go, as Estrade did before it put PDFs together from layers.
import { handoutHtml, type HandoutOptions } from '../../src/export/handout.ts';
import { printPdf, showHtml } from '../../src/render/browser.ts';
import type { RenderedDeck } from '../../src/render/marp.ts';
import { slidesPage } from '../../src/render/page.ts';
import { estradeBrowser } from './estrade-browser.ts';

export function slidesPrintedWhole(deck: RenderedDeck, lang: string): Promise<Uint8Array> {
  return estradeBrowser().withPage(async (page) => {
    await showHtml(page, slidesPage(deck, lang, '', 'section { font-variant-ligatures: none; }'));
    return printPdf(page, { preferCSSPageSize: true, printBackground: true });
  });
}

export function handoutPrintedWhole(deck: RenderedDeck, options: HandoutOptions): Promise<Uint8Array> {
  const inches = options.paper === 'a4' ? { paperWidth: 210 / 25.4, paperHeight: 297 / 25.4 } : { paperWidth: 8.5, paperHeight: 11 };
  return estradeBrowser().withPage(async (page) => {
    await showHtml(page, handoutHtml(deck, options));
    return printPdf(page, { ...inches, preferCSSPageSize: true, printBackground: true });
  });
}
