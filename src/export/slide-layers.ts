// Each slide is printed once. A slide's page is two layers: its body (everything the teacher wrote,
// the background, the theme's drawings) and its frame (header, footer and page number), which is
// all that differs between the same slide in its section's deck and in the whole-course deck.
// Bodies are printed once per course and shared; frames are cheap to print for every deck.
import type { Tab } from '../render/devtools.ts';
import { printPdf, showHtml } from '../render/browser.ts';
import { slidesPage } from '../render/page.ts';

const SECTION = 'div.marpit > svg > foreignObject > section';
const FRAME = `${SECTION} > header, ${SECTION} > footer, ${SECTION}::after`;

// Ligatures print as one glyph ("ﬁ") that PDF readers then fail to find when searching "fi".
const NO_LIGATURES = `${SECTION} { font-variant-ligatures: none; }`;
const BODY_CSS = `${NO_LIGATURES} ${FRAME} { visibility: hidden !important; }`;
// `visibility` hides a box's own background and borders but lets a child show itself again.
const FRAME_CSS = `${NO_LIGATURES} html, body { background: transparent !important; }
${SECTION} { visibility: hidden !important; } ${FRAME} { visibility: visible !important; }`;

/**
 * What a slide looks like without its frame: two slides with the same key print the same body.
 * Leaves out the frame (header, footer, page number and their directives) and ids, which Marp
 * numbers through the deck (`id="3"`, `au-programme-2`) and which draw nothing.
 */
export function slideKey(svg: string): string {
  return svg
    .replace(/<(header|footer)>[\s\S]*?<\/\1>/g, '')
    .replace(/<section\b[^>]*>/, (tag) =>
      tag
        .replace(/\sdata-(paginate|header|footer|marpit-pagination|marpit-pagination-total)="[^"]*"/g, '')
        .replace(/--(paginate|header|footer):[^;"]*;/g, ''),
    )
    .replace(/\sid="[^"]*"/g, '');
}

export interface Heading {
  level: number;
  text: string;
  /** Distance from the top of the slide, in CSS pixels. */
  top: number;
}

export interface PrintedBodies {
  pdf: Uint8Array;
  /** The headings of each printed slide, in order: the bookmarks of the decks they go into. */
  headings: Heading[][];
}

/** Slides (of one theme: their decks' CSS), one page each, with their headings; without their
 *  frames when these are drawn over them afterwards. */
export async function bodiesPdf(page: Tab, svgs: string[], css: string, lang: string, withoutFrames: boolean): Promise<PrintedBodies> {
  // Headers, footers and page numbers are read once by the page, not on every slide: not tagged.
  const headings = await showHtml<Heading[][]>(page, slidesPage({ css, html: `<div class="marpit">${svgs.join('')}</div>` }, lang, '', withoutFrames ? BODY_CSS : NO_LIGATURES), `[...document.querySelectorAll('div.marpit > svg')].map((svg) => {
    svg.querySelectorAll(':scope > foreignObject > section > :is(header, footer)').forEach((e) => e.setAttribute('aria-hidden', 'true'));
    const top = svg.getBoundingClientRect().top;
    return [...svg.querySelectorAll('h1, h2, h3')].filter((h) => !h.closest('header, footer')).map((h) => ({
      level: Number(h.tagName[1]), text: h.innerText.replace(/\\s+/g, ' ').trim(), top: h.getBoundingClientRect().top - top,
    })).filter((h) => h.text);
  })`);
  const pdf = await printPdf(page, { preferCSSPageSize: true, printBackground: true, generateTaggedPDF: true });
  return { pdf, headings };
}

/** A slide with nothing in it but its header and footer: its frame, with little to lay out. */
export function frameOnly(svg: string): string {
  return svg.replace(/(<section\b[^>]*>)([\s\S]*)(<\/section>)/, (_, open: string, inside: string, close: string) =>
    `${open}${(inside.match(/<(header|footer)>[\s\S]*?<\/\1>/g) ?? []).join('')}${close}`);
}

/** The frames of slides on transparent pages: header, footer and page number. */
export async function framesPdf(page: Tab, svgs: string[], css: string, lang: string): Promise<Uint8Array> {
  await showHtml(page, slidesPage({ css, html: `<div class="marpit">${svgs.map(frameOnly).join('')}</div>` }, lang, '', FRAME_CSS));
  return printPdf(page, { preferCSSPageSize: true, printBackground: true });
}
