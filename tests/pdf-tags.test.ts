// Integration: the PDFs are tagged (a structure tree a screen reader follows), read with pdf.js's
// structure tree API: headings, lists, tables, figures with their text, in reading order, on every
// page of the slides PDFs and the handouts, the layered ones (a course of several decks) included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Manifest } from '../src/export/manifest.ts';
import { buildInto } from './helpers/build.ts';

interface Tagged {
  role: string;
  alt?: string;
  /** The text of its own marked content and its children's (read from the page's content). */
  text: string;
  depth: number;
}

interface TaggedPdf {
  marked: boolean;
  lang: unknown;
  /** Each page's elements, depth first: the order a screen reader reads them in. */
  pages: (Tagged[] | null)[];
}

type Node = { role?: string; alt?: string; type?: string; id?: string; children?: Node[] };

async function readTags(path: string): Promise<TaggedPdf> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
  try {
    const pages: (Tagged[] | null)[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const tree = (await page.getStructTree()) as Node | null;
      const content = await page.getTextContent({ includeMarkedContent: true });
      const byId = new Map<string, string>();
      let open: string[] = [];
      for (const item of content.items as { type?: string; id?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') open.push(item.id ?? '');
        else if (item.type === 'endMarkedContent') open = open.slice(0, -1);
        else if (item.str !== undefined && open.at(-1)) byId.set(open.at(-1)!, (byId.get(open.at(-1)!) ?? '') + item.str);
      }
      if (!tree) {
        pages.push(null);
        continue;
      }
      const out: Tagged[] = [];
      const walk = (node: Node, depth: number): string => {
        if (node.type === 'content') return byId.get(node.id!) ?? '';
        const mine: Tagged = { role: node.role!, alt: node.alt, text: '', depth };
        out.push(mine);
        mine.text = (node.children ?? []).map((c) => walk(c, depth + 1)).join(' ').replace(/\s+/g, ' ').trim();
        return mine.text;
      };
      walk(tree, 0);
      pages.push(out);
    }
    return { marked: !!(await doc.getMarkInfo())?.Marked, lang: ((await doc.getMetadata()).info as Record<string, unknown>).Language, pages };
  } finally {
    await doc.destroy();
  }
}

const roles = (page: Tagged[] | null) => (page ?? []).map((t) => t.role);
const find = (page: Tagged[] | null, role: string) => (page ?? []).filter((t) => t.role === role);

describe('tagged PDFs', () => {
  const pdfs = new Map<string, TaggedPdf>();
  let manifest: Manifest;

  beforeAll(async () => {
    const { dir } = await buildInto(['tests/fixtures/tagged/reading.md']);
    const course = join(dir, 'reading');
    manifest = JSON.parse(readFileSync(join(course, 'manifest.json'), 'utf8')) as Manifest;
    for (const d of [...manifest.decks, manifest.full!]) {
      pdfs.set(d.pdf!, await readTags(join(course, d.pdf!)));
      pdfs.set(d.handout!, await readTags(join(course, d.handout!)));
    }
  }, 120_000);

  it('marks every PDF as tagged, in the course language, with a tree on every page', () => {
    expect(pdfs.size).toBe(6);
    for (const [name, pdf] of pdfs) {
      expect(pdf.marked, name).toBe(true);
      expect(pdf.lang, name).toBe('en');
      pdf.pages.forEach((page, i) => {
        expect(page, `${name} page ${i + 1}`).not.toBeNull();
        expect(roles(page)[0], name).toBe('Root');
        expect(roles(page)[1], name).toBe('Document');
      });
    }
  });

  it('tags a slide as a teacher wrote it: heading, then list, table or figure with its text', () => {
    for (const deck of [manifest.decks[0]!.pdf!, manifest.full!.pdf!]) {
      const pages = pdfs.get(deck)!.pages;
      const withHeading = (text: string) => pages.find((p) => find(p, 'H2').some((h) => h.text === text)) ?? null;

      const steps = withHeading('Steps of a build');
      expect(steps, deck).not.toBeNull();
      const list = find(steps, 'L')[0]!;
      expect(find(steps, 'LI').map((li) => li.text)).toEqual(['Parse the source', 'Fit the slides', 'Print the handouts']);
      expect(roles(steps).indexOf('H2')).toBeLessThan(steps!.indexOf(list));

      const table = withHeading('A table of layers');
      expect(find(table, 'Table')).toHaveLength(1);
      expect(find(table, 'TH').map((th) => th.text)).toEqual(['Layer', 'Content']);
      expect(find(table, 'TD').map((td) => td.text)).toContain('Dependencies');

      const picture = withHeading('A picture');
      expect(find(picture, 'Figure').map((f) => f.alt)).toEqual(['Diagram of the three stages']);

      // The title slide reads as the course's title; the footer is not read on every slide.
      expect(find(pages[0]!, 'H1').map((h) => h.text)).toHaveLength(1);
      for (const page of pages) expect((page ?? []).map((t) => t.text).join(' '), deck).not.toContain('Footer words');
    }
  });

  it('reads each handout page as its slides, in their order, and no placeholder is left', () => {
    for (const d of [...manifest.decks, manifest.full!]) {
      const handout = pdfs.get(d.handout!)!;
      const all = handout.pages.flatMap((p) => p ?? []);
      expect(all.filter((t) => t.alt?.startsWith('estrade-slide')), d.handout).toEqual([]);
      // Each slide has one heading: the handout's headings are its slides, one each.
      expect(all.filter((t) => /^H[1-3]$/.test(t.role)).length, d.handout).toBe(d.slides);
      const first = d === manifest.full || d === manifest.decks[0];
      expect(all.filter((t) => t.role === 'Figure').map((f) => f.alt), d.handout).toEqual(first ? ['Diagram of the three stages'] : []);
      expect(all.some((t) => t.role === 'Table'), d.handout).toBe(first);
    }
  });
});
