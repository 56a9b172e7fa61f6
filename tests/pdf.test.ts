// Integration: the PDFs of a real build, opened with pdf.js.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoutHtml, handoutPdf } from '../scripts/export/handout.ts';
import type { Manifest } from '../scripts/export/manifest.ts';
import { disposeBrowser, showHtml, withPage } from '../scripts/render/browser.ts';
import { createEngine, renderDeck } from '../scripts/render/marp.ts';
import { buildInto } from './helpers/build.ts';
import { readPdf, type PdfFacts } from './helpers/pdf.ts';

afterAll(disposeBrowser);

describe('the Docker course in PDF', () => {
  let dir = '';
  let manifest: Manifest;
  const pdfs = new Map<string, PdfFacts>();

  beforeAll(async () => {
    ({ dir } = await buildInto(['slides/docker.md']));
    manifest = JSON.parse(readFileSync(join(dir, 'docker', 'manifest.json'), 'utf8')) as Manifest;
    for (const d of [...manifest.decks, manifest.full!]) {
      pdfs.set(d.pdf!, await readPdf(join(dir, 'docker', d.pdf!)));
      pdfs.set(d.handout!, await readPdf(join(dir, 'docker', d.handout!)));
    }
  });

  it('lists a slides PDF and a handout for every deck in the manifest', () => {
    for (const d of [...manifest.decks, manifest.full!]) {
      expect(d.pdf).toBe(d.html.replace(/\.html$/, '.pdf'));
      expect(d.handout).toBe(d.html.replace(/\.html$/, '-handout.pdf'));
    }
  });

  it('prints one 16:9 page per slide, with bookmarks, metadata and searchable text', () => {
    for (const d of manifest.decks) {
      const pdf = pdfs.get(d.pdf!)!;
      expect(pdf.pages, d.pdf).toBe(d.slides);
      for (const size of pdf.sizes) expect(size.width / size.height).toBeCloseTo(16 / 9, 2);
      expect(pdf.outline.length, d.pdf).toBeGreaterThanOrEqual(2);
      expect(pdf.info).toMatchObject({ Title: `${manifest.title} — ${d.title}`, Subject: `${d.index}. ${d.title}`, Language: 'fr' });
      expect(pdf.text.join(' ')).toContain(manifest.title);
    }
    const intro = pdfs.get(manifest.decks[0]!.pdf!)!;
    expect(intro.outline).toContain('Définition');
    expect(intro.text.join(' ')).toContain('Docker est une plateforme de conteneurisation');
  });

  it('prints handouts three slides a page on A4 portrait by default', () => {
    for (const d of [...manifest.decks, manifest.full!]) {
      const pdf = pdfs.get(d.handout!)!;
      expect(pdf.pages, d.handout).toBe(Math.ceil(d.slides / 3));
      expect(pdf.sizes[0]).toEqual({ width: 595, height: 842 });
      expect(pdf.text[0]).toContain(manifest.title);
      expect(pdf.text.at(-1)).toContain(`${pdf.pages} / ${pdf.pages}`);
    }
  });
});

describe('handout layouts', () => {
  const engine = createEngine([readFileSync('themes/docker.css', 'utf8')]);
  const slides = Array.from({ length: 7 }, (_, i) => `## Diapositive ${i + 1}\n\nTexte numéro ${i + 1}\n\n<!-- note ${i + 1} -->`);
  const deck = renderDeck(engine, `---\nmarp: true\ntheme: docker\n---\n\n${slides.join('\n\n---\n\n')}`);
  const meta = { title: 'Essai', subject: 'Essai', lang: 'fr' };

  it.each([1, 2, 3, 4, 6])('prints %i slides a page: ceil(7 / N) A4 pages', async (perPage) => {
    const pdf = await readPdf(await withPage((page) => handoutPdf(page, deck, { perPage, paper: 'a4', course: 'Cours', section: 'Partie', meta })));
    expect(pdf.pages).toBe(Math.ceil(7 / perPage));
    expect(pdf.sizes.every((s) => s.width === 595 && s.height === 842)).toBe(true);
    expect(pdf.text.join(' ')).toContain('Diapositive 7');
    if (perPage === 1) expect(pdf.text[2]).toContain('note 3');
  });

  it('prints on Letter paper when asked', async () => {
    const pdf = await readPdf(await withPage((page) => handoutPdf(page, deck, { perPage: 3, paper: 'letter', course: 'Cours', section: 'Partie', meta })));
    expect(pdf.sizes[0]).toEqual({ width: 612, height: 792 });
  });

  it.each([
    [1, 'a4'],
    [3, 'a4'],
    [1, 'letter'],
    [3, 'letter'],
  ] as const)('rules lines down to the bottom of the note space (%i a page, %s)', async (perPage, paper) => {
    const gaps = await withPage(async (page) => {
      await showHtml(page, handoutHtml(deck, perPage, paper, 'fr', 'Essai'));
      // Distance from the last drawn line to the bottom of its box, in millimetres, for every cell.
      return page.$$eval('.lines', (boxes) =>
        boxes.map((box) => {
          const bottom = box.getBoundingClientRect().bottom;
          const drawn = [...box.children].map((line) => line.getBoundingClientRect().bottom).filter((b) => b <= bottom + 0.5);
          return ((bottom - Math.max(...drawn)) * 25.4) / 96;
        }),
      );
    });
    expect(gaps).toHaveLength(7);
    for (const gap of gaps) expect(gap).toBeLessThan(8);
  });
});

