// Slides PDFs and handouts put together from pages Chromium printed once (see slide-layers.ts):
// each page is a slide's body with its deck's frame drawn over it; handouts draw the same two
// layers, scaled, into the holes of their printed sheets. Everything stays vector and searchable.
import { deflateSync, inflateSync } from 'node:zlib';
import {
  beginMarkedContent,
  clip,
  endPath,
  fill,
  concatTransformationMatrix,
  drawObject,
  endMarkedContent,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFNull,
  PDFObjectCopier,
  PDFRawStream,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
  type PDFOperator,
  type PDFPage,
  PDFRef,
} from 'pdf-lib';
import { Tags } from './tags.ts';
import type { Heading } from './slide-layers.ts';

/** Where a slide's body was printed: page `page` of `pdf`. */
export interface BodyPage {
  pdf: PDFDocument;
  page: number;
  headings: Heading[];
}

export interface Bookmark {
  title: string;
  level: number;
  page: number;
  /** From the top of the page, in points. */
  top: number;
}

/** A hole of a printed handout sheet where a slide goes, in points from the sheet's bottom left. */
export interface Hole {
  sheet: number;
  slide: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A ruled line of a handout page (handout.ts), drawn with the slides, in points from the bottom left. */
export interface Rule {
  sheet: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** sRGB, 0 to 1. */
  color: [number, number, number];
}

export interface PdfMetadata {
  title: string;
  author?: string;
  subject: string;
  lang: string;
  keywords?: string[];
}

// pdf-lib stops for a timer (a millisecond or more, longer while other work is queued) every 100
// objects it reads and every 50 it writes, to keep a browser tab responsive: putting the Docker
// course's PDFs together took twice as long. A build answers Chromium between files.
export const OBJECTS_PER_PAUSE = 5000;

export const loadPdf = (bytes: Uint8Array) => PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: OBJECTS_PER_PAUSE });

/** A PDF's bytes; without object streams, which pdf-lib would compress, a slow step in JavaScript. */
export const pdfBytes = (doc: PDFDocument) => doc.save({ useObjectStreams: false, objectsPerTick: OBJECTS_PER_PAUSE });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Pages of other PDFs as drawings (form XObjects) of one PDF. Chromium writes a page as one
 * compressed stream: it becomes the form as it is, where pdf-lib's embedPage would inflate and
 * deflate it again (most of the time of putting a course's PDFs together).
 */
class Drawings {
  private readonly copiers = new Map<PDFDocument, PDFObjectCopier>();
  private readonly forms = new Map<PDFDocument, Map<number, PDFRef>>();
  // What is drawn over each page, written as one plain stream at the end: pdf-lib would deflate
  // each page's few operators on saving, which took longer than the rest of the drawing.
  private readonly operators = new Map<PDFPage, (PDFOperator | Buffer)[]>();
  private inlined = 0;

  constructor(private readonly doc: PDFDocument) {}

  private add(page: PDFPage, ...operators: (PDFOperator | Buffer)[]): void {
    const list = this.operators.get(page) ?? [];
    list.push(...operators);
    this.operators.set(page, list);
  }

  /** A ruled line (a thin filled box) over a page, as an artifact. */
  rule(page: PDFPage, box: Box, color: [number, number, number]): void {
    this.add(page, beginMarkedContent('Artifact'), pushGraphicsState(), setFillingRgbColor(...color), rectangle(box.x, box.y, box.width, box.height), fill(), popGraphicsState(), endMarkedContent());
  }

  /** Adds what was drawn to the pages, after their own content, which is wrapped in q … Q so that
   *  its changes to the coordinates end with it. pdf-lib does the same when anything is drawn with
   *  its API, with two streams of its own that it deflates in JavaScript on saving: two letters,
   *  and a sixteenth of a second of a build (the compressor's code running cold). */
  finish(): void {
    const context = this.doc.context;
    const push = context.register(context.stream('q'));
    const pop = context.register(context.stream('Q'));
    for (const [page, operators] of this.operators) {
      const bytes = Buffer.concat(operators.map((o) => (o instanceof Buffer ? o : Buffer.from(`${o.toString()}\n`, 'latin1'))));
      // A slide drawn into the page is most of it: deflated by Node's zlib, which is native.
      const large = bytes.length > 4096;
      const drawn = context.register(PDFRawStream.of(context.obj(large ? { Filter: 'FlateDecode' } : {}), large ? deflateSync(bytes) : bytes));
      const contents = page.node.get(PDFName.of('Contents'));
      const found = contents && context.lookup(contents);
      const own = found instanceof PDFArray ? found.asArray() : contents ? [contents] : [];
      page.node.set(PDFName.of('Contents'), context.obj([push, ...own, pop, drawn]));
    }
    this.operators.clear();
  }

  /** A name for a drawing in a page's resources (pdf-lib's newXObject would wrap the page as above). */
  private xObject(page: PDFPage, ref: PDFRef): PDFName {
    const context = this.doc.context;
    let resources = page.node.Resources();
    if (!resources) page.node.set(PDFName.of('Resources'), (resources = context.obj({})));
    let drawings = resources.lookupMaybe(PDFName.of('XObject'), PDFDict);
    if (!drawings) resources.set(PDFName.of('XObject'), (drawings = context.obj({})));
    const name = drawings.uniqueKey('Page');
    drawings.set(name, ref);
    return name;
  }

  private async form(source: PDFDocument, index: number): Promise<PDFRef> {
    const known = this.forms.get(source)?.get(index);
    if (known) return known;
    const page = source.getPage(index);
    const contents = source.context.lookup(page.node.get(PDFName.of('Contents')));
    let ref: PDFRef;
    if (contents instanceof PDFRawStream) {
      const copier = this.copier(source);
      const dict = contents.dict.clone(this.doc.context);
      dict.set(PDFName.of('Type'), PDFName.of('XObject'));
      dict.set(PDFName.of('Subtype'), PDFName.of('Form'));
      dict.set(PDFName.of('BBox'), this.doc.context.obj([0, 0, page.getWidth(), page.getHeight()]));
      const resources = page.node.Resources();
      if (resources) dict.set(PDFName.of('Resources'), copier.copy(resources));
      ref = this.doc.context.register(PDFRawStream.of(dict, contents.contents));
    } else {
      ref = (await this.doc.embedPage(page)).ref;
    }
    if (!this.forms.has(source)) this.forms.set(source, new Map());
    this.forms.get(source)!.set(index, ref);
    return ref;
  }

  private copier(source: PDFDocument): PDFObjectCopier {
    let copier = this.copiers.get(source);
    if (!copier) this.copiers.set(source, (copier = PDFObjectCopier.for(source.context, this.doc.context)));
    return copier;
  }

  /**
   * Draws page `index` of `source` into a box of `page` as the page's own content: its resources
   * renamed, its marked-content ids moved up by `offset`. Its tags are then the page's, where
   * readers look for them (pdf.js and Chromium's viewer do not look for tags inside a drawing).
   * False when its content is encoded in a way this does not read: draw it as a drawing then.
   */
  inline(page: PDFPage, source: PDFDocument, index: number, box: Box, offset: number): boolean {
    const from = source.getPage(index);
    const contents = source.context.lookup(from.node.get(PDFName.of('Contents')));
    const parts: Buffer[] = [];
    for (const ref of contents instanceof PDFArray ? contents.asArray() : [contents]) {
      const stream = ref instanceof PDFRef ? source.context.lookup(ref) : ref;
      if (!(stream instanceof PDFRawStream) || stream.dict.has(PDFName.of('DecodeParms'))) return false;
      const filter = stream.dict.get(PDFName.of('Filter'));
      if (filter === undefined) parts.push(Buffer.from(stream.contents));
      else if (filter === PDFName.of('FlateDecode')) parts.push(inflateSync(stream.contents));
      else return false;
    }
    const prefix = `E${++this.inlined}`;
    const names = new Set<string>();
    const theirs = from.node.Resources();
    let resources = page.node.Resources();
    if (!resources) page.node.set(PDFName.of('Resources'), (resources = this.doc.context.obj({})));
    for (const [category] of theirs?.entries() ?? []) {
      const kind = theirs!.lookup(category);
      if (!(kind instanceof PDFDict)) continue;
      let mine = resources.lookupMaybe(category, PDFDict);
      if (!mine) resources.set(category, (mine = this.doc.context.obj({})));
      for (const [name, value] of kind.entries()) {
        names.add(name.decodeText());
        mine.set(PDFName.of(prefix + name.decodeText()), this.copier(source).copy(value));
      }
    }
    // Names are resources where an operator takes one (Chromium writes no inline pictures).
    const content = Buffer.concat(parts)
      .toString('latin1')
      .replace(/\/([^\s/<>[\]()%{}]+)(?=\s+(?:[-+\d.]+\s+)?(?:Tf|Do|gs|cs|CS|sh|scn|SCN|BDC)\b)/g, (m, name: string) => (names.has(name) ? `/${prefix}${name}` : m))
      .replace(/\/MCID\s+(\d+)/g, (_m, id: string) => `/MCID ${Number(id) + offset}`);
    this.add(
      page,
      pushGraphicsState(),
      concatTransformationMatrix(box.width / from.getWidth(), 0, 0, box.height / from.getHeight(), box.x, box.y),
      rectangle(0, 0, from.getWidth(), from.getHeight()),
      clip(),
      endPath(),
      Buffer.from(`${content}\n`, 'latin1'),
      popGraphicsState(),
    );
    return true;
  }

  /** Draws page `index` of `source` into a box of `page`; an artifact (not read aloud) when asked.
   *  Returns the drawing. */
  async draw(page: PDFPage, source: PDFDocument, index: number, box: Box, artifact = false): Promise<PDFRef> {
    const from = source.getPage(index);
    const form = await this.form(source, index);
    const name = this.xObject(page, form);
    this.add(
      page,
      ...(artifact ? [beginMarkedContent('Artifact')] : []),
      pushGraphicsState(),
      concatTransformationMatrix(box.width / from.getWidth(), 0, 0, box.height / from.getHeight(), box.x, box.y),
      drawObject(name),
      popGraphicsState(),
      ...(artifact ? [endMarkedContent()] : []),
    );
    return form;
  }
}

/** Where a slide's frame was printed: page `page` of `pdf`. */
export interface FramePage {
  pdf: PDFDocument;
  page: number;
}

async function copyPages(doc: PDFDocument, pages: { pdf: PDFDocument; page: number }[]): Promise<PDFPage[]> {
  // One copy per source: the fonts and pictures its pages share are copied once.
  const copied = new Map<{ pdf: PDFDocument; page: number }, PDFPage>();
  for (const source of new Set(pages.map((p) => p.pdf))) {
    const mine = pages.filter((p) => p.pdf === source);
    const out = await doc.copyPages(source, mine.map((p) => p.page));
    mine.forEach((p, i) => copied.set(p, out[i]!));
  }
  return pages.map((p) => doc.addPage(copied.get(p)!));
}

/** A deck's slides PDF: each slide's body, with its frame (header, footer, page number) over it. */
export async function slidesDocument(bodies: BodyPage[], frames: FramePage[] | undefined): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const pages = await copyPages(doc, bodies);
  const tags = new Tags(doc);
  bodies.forEach((body, i) => tags.copy(body.pdf, body.page, pages[i]!));
  tags.finish();
  if (frames) {
    const drawings = new Drawings(doc);
    for (const [i, page] of pages.entries()) {
      await drawings.draw(page, frames[i]!.pdf, frames[i]!.page, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() }, true);
    }
    drawings.finish();
  }
  writeBookmarks(doc, bodies.flatMap((b, page) => b.headings.map((h) => ({ title: h.text, level: h.level, page, top: (h.top * 3) / 4 }))));
  return doc;
}

/** A deck's handout: its printed pages, with each slide (body and frame) drawn into its hole and the ruled lines. */
export async function handoutDocument(sheets: { pdf: PDFDocument; pages: number[]; holes: Hole[]; rules: Rule[] }, bodies: BodyPage[], frames: FramePage[] | undefined): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const pages = await copyPages(doc, sheets.pages.map((page) => ({ pdf: sheets.pdf, page })));
  const drawings = new Drawings(doc);
  const tags = new Tags(doc);
  // Each slide's content follows its sheet's on the page, its marked-content ids after the sheet's.
  const nextId = sheets.pages.map((index) => tags.idsOf(sheets.pdf, index));
  const drawn = new Map<number, { offset: number } | { form: PDFRef }>();
  for (const hole of sheets.holes) {
    const page = pages[hole.sheet]!;
    const body = bodies[hole.slide]!;
    const offset = nextId[hole.sheet]!;
    if (drawings.inline(page, body.pdf, body.page, hole, offset)) {
      drawn.set(hole.slide, { offset });
      nextId[hole.sheet] = offset + tags.idsOf(body.pdf, body.page);
    } else {
      drawn.set(hole.slide, { form: await drawings.draw(page, body.pdf, body.page, hole) });
    }
    const frame = frames?.[hole.slide];
    if (frame) await drawings.draw(page, frame.pdf, frame.page, hole, true);
  }
  // The sheet's tags, each slide's in place of its hole's placeholder.
  const sheetOf = new Map(sheets.holes.map((h) => [h.slide, h.sheet]));
  sheets.pages.forEach((index, sheet) =>
    tags.copy(sheets.pdf, index, pages[sheet]!, {
      holes: (slide, parent) => {
        const how = drawn.get(slide);
        if (!how || sheetOf.get(slide) !== sheet) return [];
        return tags.copy(bodies[slide]!.pdf, bodies[slide]!.page, pages[sheet]!, { ...how, parent });
      },
    }),
  );
  tags.finish();
  for (const rule of sheets.rules) drawings.rule(pages[rule.sheet]!, rule, rule.color);
  drawings.finish();
  return doc;
}

export function setMetadata(doc: PDFDocument, meta: PdfMetadata, now = new Date()): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setLanguage(meta.lang);
  if (meta.keywords) doc.setKeywords(meta.keywords);
  doc.setCreator('Estrade');
  doc.setProducer('Estrade (Chromium)');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
}

/** Bookmarks nested by heading level, as Chromium's document outline, replacing any the PDF had. */
export function writeBookmarks(doc: PDFDocument, bookmarks: Bookmark[]): void {
  const context = doc.context;
  const pages = doc.getPages();
  interface Node {
    ref: PDFRef;
    dict: PDFDict;
    level: number;
    children: Node[];
  }
  const root: Node = { ref: context.nextRef(), dict: context.obj({ Type: 'Outlines' }), level: 0, children: [] };
  const stack: Node[] = [root];
  for (const b of bookmarks) {
    while (stack.length > 1 && stack.at(-1)!.level >= b.level) stack.pop();
    const page = pages[b.page]!;
    const dest = context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNumber.of(Math.round(page.getHeight() - b.top)), PDFNull]);
    const dict = context.obj({ Title: PDFHexString.fromText(b.title), Dest: dest });
    const node: Node = { ref: context.nextRef(), dict, level: b.level, children: [] };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  }
  const link = (node: Node): number => {
    let count = 0;
    node.children.forEach((child, i) => {
      child.dict.set(PDFName.of('Parent'), node.ref);
      if (i > 0) child.dict.set(PDFName.of('Prev'), node.children[i - 1]!.ref);
      if (i < node.children.length - 1) child.dict.set(PDFName.of('Next'), node.children[i + 1]!.ref);
      count += 1 + link(child);
    });
    if (node.children.length) {
      node.dict.set(PDFName.of('First'), node.children[0]!.ref);
      node.dict.set(PDFName.of('Last'), node.children.at(-1)!.ref);
      node.dict.set(PDFName.of('Count'), PDFNumber.of(count));
    }
    context.assign(node.ref, node.dict);
    return count;
  };
  link(root);
  if (root.children.length) doc.catalog.set(PDFName.of('Outlines'), root.ref);
  else doc.catalog.delete(PDFName.of('Outlines'));
}
