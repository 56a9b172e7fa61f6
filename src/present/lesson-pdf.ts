// The lesson as taught: the slides shown in class (or all of them), in the order the parts were
// taken, with the teacher's ink drawn over each page as vectors and the whiteboard pages in place;
// and its handout, three pages a sheet. The slides' text stays text (pages are copied, not drawn).
import { Tags } from '../export/tags.ts';
import { LineCapStyle, PDFDocument, rgb, StandardFonts, type PDFPage } from 'pdf-lib';
import type { Board, Stroke } from './ink.ts';

export interface LessonPart {
  id: string;
  title: string;
  /** The part's slides PDF, as the class saw them (no answer slides). */
  pdf: Uint8Array;
}

export interface LessonInk {
  strokesOn(page: string): Stroke[];
  readonly boards: Board[];
  readonly shown: Set<string>;
}

const SLIDE_WIDTH = 1280;
const colour = (hex: string) => rgb(parseInt(hex.slice(1, 3), 16) / 255, parseInt(hex.slice(3, 5), 16) / 255, parseInt(hex.slice(5, 7), 16) / 255);
const pathData = (p: number[]) => (p.length === 2 ? `M${p[0]} ${p[1]} l0.1 0` : `M${p[0]} ${p[1]} L${p.slice(2).join(' ')}`);

/** Draws a page's strokes over it, in the slide's units scaled to the page. */
export function drawStrokes(page: PDFPage, strokes: Stroke[]): void {
  const { width, height } = page.getSize();
  for (const s of strokes) {
    if (s.points.length < 2 || s.tool === 'laser') continue;
    page.drawSvgPath(pathData(s.points), {
      x: 0,
      y: height,
      scale: width / SLIDE_WIDTH,
      borderColor: colour(s.color),
      borderWidth: s.width,
      borderOpacity: s.tool === 'highlighter' ? 0.38 : 1,
      borderLineCap: LineCapStyle.Round,
    });
  }
}

/** Which pages of which parts the lesson holds: `deck#n` or `deck#b<board>`, in order. */
export function lessonPages(parts: { id: string; slides: number }[], ink: LessonInk, all: boolean): { part: string; slide: number; board?: string }[] {
  const order = [...new Set([...ink.shown].map((page) => page.slice(0, page.lastIndexOf('#'))))];
  const taken = all ? parts.map((p) => p.id) : order.filter((id) => parts.some((p) => p.id === id));
  const out: { part: string; slide: number; board?: string }[] = [];
  for (const id of taken) {
    const count = parts.find((p) => p.id === id)!.slides;
    for (let slide = 1; slide <= count; slide++) {
      const page = `${id}#${slide}`;
      if (all || ink.shown.has(page) || ink.strokesOn(page).length) out.push({ part: id, slide });
      for (const board of ink.boards.filter((b) => b.deck === id && b.after === slide)) out.push({ part: id, slide, board: board.id });
    }
  }
  return out;
}

export async function lessonPdf(parts: LessonPart[], ink: LessonInk, options: { all?: boolean; title: string; lang: string }): Promise<Uint8Array> {
  const sources = new Map<string, PDFDocument>();
  for (const part of parts) sources.set(part.id, await PDFDocument.load(part.pdf, { updateMetadata: false }));
  const out = await PDFDocument.create();
  out.setTitle(options.title);
  out.setLanguage(options.lang);
  out.setProducer('Estrade');
  const pages = lessonPages(parts.map((p) => ({ id: p.id, slides: sources.get(p.id)!.getPageCount() })), ink, options.all ?? false);
  // The slides' tags (headings, lists, tables, figures) come with them: the lesson is read aloud too.
  const tags = new Tags(out);
  for (const at of pages) {
    const source = sources.get(at.part)!;
    let page: PDFPage;
    if (at.board) {
      const { width, height } = source.getPage(0).getSize();
      page = out.addPage([width, height]);
      page.drawRectangle({ x: 0, y: 0, width, height, color: rgb(1, 1, 1) });
      drawStrokes(page, ink.strokesOn(`${at.part}#b${at.board}`));
    } else {
      page = out.addPage((await out.copyPages(source, [at.slide - 1]))[0]!);
      tags.copy(source, at.slide - 1, page);
      drawStrokes(page, ink.strokesOn(`${at.part}#${at.slide}`));
    }
  }
  tags.finish();
  return out.save();
}

/** The lesson's handout: three pages of it a sheet of A4, one under the other, numbered. */
export async function lessonHandout(lesson: Uint8Array, options: { title: string; lang: string }): Promise<Uint8Array> {
  const source = await PDFDocument.load(lesson);
  const out = await PDFDocument.create();
  out.setTitle(options.title);
  out.setLanguage(options.lang);
  out.setProducer('Estrade');
  const font = await out.embedFont(StandardFonts.Helvetica);
  const embedded = source.getPageCount() ? await out.embedPages(source.getPages()) : [];
  const [A4w, A4h] = [595.28, 841.89];
  const margin = 40;
  const sheets = Math.ceil(embedded.length / 3);
  for (let s = 0; s < sheets; s++) {
    const sheet = out.addPage([A4w, A4h]);
    const cell = (A4h - 2 * margin - 30) / 3;
    embedded.slice(s * 3, s * 3 + 3).forEach((page, i) => {
      const scale = Math.min((A4w - 2 * margin) / page.width, (cell - 14) / page.height);
      const w = page.width * scale;
      const h = page.height * scale;
      sheet.drawPage(page, { x: (A4w - w) / 2, y: A4h - margin - 20 - i * cell - h, width: w, height: h });
      sheet.drawRectangle({ x: (A4w - w) / 2, y: A4h - margin - 20 - i * cell - h, width: w, height: h, borderColor: rgb(0.75, 0.78, 0.82), borderWidth: 0.6 });
    });
    // WinAnsi cannot draw every character of a title: what it cannot is left out of the header.
    const title = [...options.title].filter((c) => font.getCharacterSet().includes(c.codePointAt(0)!)).join('');
    sheet.drawText(title, { x: margin, y: A4h - margin + 8, size: 9, font, color: rgb(0.3, 0.33, 0.38) });
    sheet.drawText(`${s + 1} / ${sheets}`, { x: A4w - margin - 30, y: margin - 20, size: 9, font, color: rgb(0.3, 0.33, 0.38) });
  }
  return out.save();
}
