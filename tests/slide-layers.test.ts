// Printing each slide once: which slides two decks share, the frame layer, and the bookmarks
// written by hand (read back with pdf.js).
import { PDFArray, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { loadPdf, pdfBytes, slidesDocument, writeBookmarks } from '../src/export/assemble.ts';
import { planSlides } from '../src/export/printed.ts';
import { frameOnly, slideKey } from '../src/export/slide-layers.ts';
import { outlineTree } from './helpers/pdf.ts';
import { tempDir } from './helpers/temp.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const slide = (id: number, body: string, footer = 'Cours · Partie', page = id) =>
  `<svg data-marpit-svg="" viewBox="0 0 1280 720"><foreignObject width="1280" height="720"><section id="${id}" data-paginate="true" data-footer="${footer}" data-theme="estrade" data-marpit-pagination="${page}" style="--paginate:true;--footer:${footer};--theme:estrade;" data-marpit-pagination-total="9">
<h2 id="t-${id}">Titre</h2>
${body}
<footer>${footer}</footer>
</section>
</foreignObject></svg>`;

describe('slideKey', () => {
  it('is the same for a slide in its section and in the whole course (other number, footer, ids)', () => {
    expect(slideKey(slide(3, '<p>Un conteneur</p>', 'Cours · Partie', 3))).toBe(slideKey(slide(14, '<p>Un conteneur</p>', 'Cours', 14)));
  });

  it('differs when anything the slide shows differs', () => {
    expect(slideKey(slide(3, '<p>Un conteneur</p>'))).not.toBe(slideKey(slide(3, '<p>Une image</p>')));
    const dark = slide(3, '<p>Un conteneur</p>').replace('<section ', '<section class="invert" ');
    expect(slideKey(dark)).not.toBe(slideKey(slide(3, '<p>Un conteneur</p>')));
    const styled = slide(3, '<p>Un conteneur</p>').replace('style="', 'style="background-color:red;');
    expect(slideKey(styled)).not.toBe(slideKey(slide(3, '<p>Un conteneur</p>')));
    // A directive a theme may draw from (section[data-…]), other than the frame's.
    const marked = slide(3, '<p>Un conteneur</p>').replace('<section ', '<section data-backgroundcolor="red" ');
    expect(slideKey(marked)).not.toBe(slideKey(slide(3, '<p>Un conteneur</p>')));
  });
});

describe('frameOnly', () => {
  it('keeps the section and its header and footer, and nothing of the slide', () => {
    const frame = frameOnly(slide(3, '<p>Un conteneur</p><header>En-tête</header>'));
    expect(frame).toContain('<footer>Cours · Partie</footer>');
    expect(frame).toContain('<header>En-tête</header>');
    expect(frame).toContain('data-marpit-pagination="3"');
    expect(frame).not.toContain('Un conteneur');
    expect(frame).not.toContain('<h2');
  });
});

describe('planSlides', () => {
  it('prints a slide two decks share once, and only what the whole course adds', () => {
    const sectionA = [slide(1, '<p>a1</p>'), slide(2, '<p>a2</p>')];
    const sectionB = [slide(1, '<p>b1</p>')];
    const whole = [slide(1, '<p>titre</p>', 'C'), ...[...sectionA, ...sectionB].map((s, i) => s.replace(/id="\d+"/, `id="${i + 2}"`))];
    const plan = planSlides([sectionA, sectionB, whole]);
    expect(plan.unique).toEqual([
      { job: 0, slide: 0 },
      { job: 0, slide: 1 },
      { job: 1, slide: 0 },
      { job: 2, slide: 0 },
    ]);
    expect(plan.pages).toEqual([[0, 1], [2], [3, 0, 1, 2]]);
  });
});

describe('writeBookmarks', () => {
  it('nests headings by level, each opening its page', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 4; i++) doc.addPage([960, 540]);
    writeBookmarks(doc, [
      { title: 'Cours et « connaissances »', level: 1, page: 0, top: 100 },
      { title: 'Sommaire', level: 2, page: 1, top: 40 },
      { title: 'Partie 1', level: 1, page: 2, top: 100 },
      { title: 'Détail', level: 2, page: 3, top: 40 },
      { title: 'Sous-détail', level: 3, page: 3, top: 200 },
    ]);
    const file = join(tempDir('estrade-bookmarks-'), 'b.pdf');
    writeFileSync(file, await doc.save());
    expect(await outlineTree(file)).toEqual([
      { title: 'Cours et « connaissances »', page: 0, items: [{ title: 'Sommaire', page: 1, items: [] }] },
      { title: 'Partie 1', page: 2, items: [{ title: 'Détail', page: 3, items: [{ title: 'Sous-détail', page: 3, items: [] }] }] },
    ]);
  });
});

describe('reading and writing PDFs (loadPdf, pdfBytes)', () => {
  it('never stops for a timer, which pdf-lib does every 100 objects read and 50 written by default', async () => {
    const source = await PDFDocument.create();
    for (let i = 0; i < 300; i++) source.addPage([960, 540]).drawText(`page ${i + 1}`);
    const bytes = await source.save({ useObjectStreams: false });
    let timerRan = false;
    const timer = setTimeout(() => (timerRan = true), 0);
    const read = await loadPdf(bytes);
    const written = await pdfBytes(read);
    clearTimeout(timer);
    expect(read.getPageCount()).toBe(300);
    expect(read.context.enumerateIndirectObjects().length).toBeGreaterThan(600);
    expect(Buffer.from(written).toString('latin1').startsWith('%PDF-')).toBe(true);
    expect(timerRan).toBe(false);
    // The ruler can fail: pdf-lib's own defaults do stop for a timer on this document.
    let defaultsStopped = false;
    const other = setTimeout(() => (defaultsStopped = true), 0);
    await (await PDFDocument.load(bytes)).save();
    clearTimeout(other);
    expect(defaultsStopped).toBe(true);
  });
});

describe('putting a deck together (slidesDocument)', () => {
  /** Pages as Chromium prints them: each page one deflated content stream. */
  async function printedLayer(pages: number): Promise<PDFDocument> {
    const doc = await PDFDocument.create();
    for (let i = 0; i < pages; i++) {
      const page = doc.addPage([960, 540]);
      page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(`0 0 ${100 + i} 100 re f`)));
    }
    return loadPdf(await doc.save({ useObjectStreams: false }));
  }
  const deflated = (doc: PDFDocument) =>
    doc.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode')).length;

  it("compresses nothing itself (pdf-lib's compressor is JavaScript): only what Chromium printed is deflated", async () => {
    const bodies = await printedLayer(3);
    const frames = await printedLayer(3);
    const doc = await slidesDocument([0, 1, 2].map((page) => ({ pdf: bodies, page, headings: [] })), [0, 1, 2].map((page) => ({ pdf: frames, page })));
    const written = await loadPdf(await pdfBytes(doc));
    expect(written.getPageCount()).toBe(3);
    expect(deflated(written)).toBe(deflated(bodies) + deflated(frames));
    // Each page: its body wrapped in q … Q, then its frame drawn over it, in plain streams.
    for (const page of written.getPages()) {
      const contents = (page.node.Contents() as PDFArray).asArray().map((ref) => written.context.lookup(ref) as PDFRawStream);
      expect(contents).toHaveLength(4);
      const plain = (s: PDFRawStream) => (s.dict.get(PDFName.of('Filter')) ? '(deflated)' : Buffer.from(s.contents).toString('latin1').trim());
      expect([plain(contents[0]!), plain(contents[1]!), plain(contents[2]!)]).toEqual(['q', '(deflated)', 'Q']);
      expect(plain(contents[3]!)).toMatch(/\/Page-?\d* Do/);
    }
  });
});
