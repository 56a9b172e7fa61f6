// Reads a real PDF with pdf.js: pages, sizes, outline, metadata, text.
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfFacts {
  pages: number;
  sizes: { width: number; height: number }[];
  outline: string[];
  info: Record<string, unknown>;
  text: string[];
}

export async function readPdf(input: string | Uint8Array): Promise<PdfFacts> {
  const data = typeof input === 'string' ? new Uint8Array(readFileSync(input)) : new Uint8Array(input);
  const doc = await getDocument({ data, verbosity: 0 }).promise;
  try {
    const sizes = [];
    const text = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [, , width, height] = page.view as [number, number, number, number];
      sizes.push({ width: Math.round(width), height: Math.round(height) });
      const content = await page.getTextContent();
      text.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    const flatten = (items: { title: string; items: unknown[] }[] | null): string[] =>
      (items ?? []).flatMap((o) => [o.title, ...flatten(o.items as { title: string; items: unknown[] }[])]);
    const outline = flatten((await doc.getOutline()) as { title: string; items: unknown[] }[] | null);
    const { info } = await doc.getMetadata();
    return { pages: doc.numPages, sizes, outline, info: info as Record<string, unknown>, text };
  } finally {
    await doc.destroy();
  }
}

export interface OutlineItem {
  title: string;
  /** 0-based page the bookmark opens. */
  page: number;
  items: OutlineItem[];
}

/** A PDF's bookmarks as a tree, each with the page it opens. */
export async function outlineTree(input: string): Promise<OutlineItem[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(input)), verbosity: 0 }).promise;
  try {
    type Raw = { title: string; dest: unknown[] | string | null; items: Raw[] };
    const walk = async (items: Raw[] | null): Promise<OutlineItem[]> =>
      Promise.all((items ?? []).map(async (o) => {
        const dest = typeof o.dest === 'string' ? await doc.getDestination(o.dest) : o.dest;
        const page = dest ? await doc.getPageIndex(dest[0] as { num: number; gen: number }) : -1;
        return { title: o.title, page, items: await walk(o.items) };
      }));
    return await walk((await doc.getOutline()) as Raw[] | null);
  } finally {
    await doc.destroy();
  }
}
