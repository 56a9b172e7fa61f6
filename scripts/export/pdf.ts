// Slides PDF: 16:9, one page per slide, printed by Chromium from the same slides as the HTML, with
// bookmarks from the slide titles (Chromium's document outline) and metadata set with pdf-lib.
import { appendInfo } from './pdf-info.ts';
import type { Page } from 'puppeteer-core';
import type { RenderedDeck } from '../render/marp.ts';
import { printPdf, showHtml } from '../render/browser.ts';
import { slidesPage } from '../render/page.ts';

export interface PdfMetadata {
  title: string;
  author?: string;
  subject: string;
  lang: string;
  keywords?: string[];
}

const hasLanguage = (pdf: Uint8Array) => Buffer.from(pdf).includes('/Lang');

export async function withMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const info = {
    Title: meta.title,
    Author: meta.author,
    Subject: meta.subject,
    Keywords: meta.keywords?.join(', '),
    Creator: 'Estrade',
    Producer: 'Estrade (Chromium)',
  };
  // Chromium's tagged PDFs already carry the document language from <html lang>.
  const updated = hasLanguage(pdf) ? appendInfo(pdf, info) : undefined;
  if (updated) return updated;
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setLanguage(meta.lang);
  if (meta.keywords) doc.setKeywords(meta.keywords);
  doc.setCreator(info.Creator);
  doc.setProducer(info.Producer);
  return doc.save();
}

// Ligatures print as one glyph ("ﬁ") that PDF readers then fail to find when searching "fi".
const PRINT_CSS = `div.marpit > svg > foreignObject > section { font-variant-ligatures: none; }`;

export async function slidesPdf(page: Page, deck: RenderedDeck, meta: PdfMetadata): Promise<Uint8Array> {
  await showHtml(page, slidesPage(deck, meta.lang, meta.title, PRINT_CSS));
  const pdf = await printPdf(page, { preferCSSPageSize: true, printBackground: true, generateDocumentOutline: true, generateTaggedPDF: true });
  return withMetadata(pdf, meta);
}
