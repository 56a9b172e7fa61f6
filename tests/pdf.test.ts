// Integration: the PDFs of a real build, opened with pdf.js.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fitCourse, openWorkbench, planCourse, renderPlanned } from '../src/build.ts';
import { handoutHtml, type Paper } from '../src/export/handout.ts';
import { planSlides, printAll } from '../src/export/printed.ts';
import { slideKey } from '../src/export/slide-layers.ts';
import type { RenderedDeck } from '../src/render/marp.ts';
import { slideSvgs } from '../src/render/slide-svgs.ts';
import { differingShare, pagePictures } from './helpers/pictures.ts';
import { handoutPrintedWhole, slidesPrintedWhole } from './helpers/whole-print.ts';
import type { Manifest } from '../src/export/manifest.ts';
import { withTestPage } from './helpers/browser.ts';
import { createEngine, renderDeck } from '../src/render/marp.ts';
import { buildInto } from './helpers/build.ts';
import { outlineTree, readPdf, type PdfFacts } from './helpers/pdf.ts';
import { estradeBrowser } from './helpers/estrade-browser.ts';

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

  it('prints each slide once, and every page looks as when Chromium printed each deck whole', async () => {
    // The ruler: Chromium printing the fitted decks in one go, as Estrade did before it printed
    // each slide once; poppler draws both PDFs.
    const bench = await openWorkbench(estradeBrowser());
    const planned = await planCourse(readFileSync('slides/docker.md', 'utf8'), 'slides/docker.md', 'slides/docker.md', bench, []);
    await fitCourse(bench.fitter, planned, []);
    const built = renderPlanned(bench.engine, planned);
    const plan = planSlides(built.map((b) => slideSvgs(b.rendered.html)));
    const total = built.reduce((n, b) => n + b.rendered.slides, 0);
    expect(plan.unique.length).toBe(new Set(built.flatMap((b) => slideSvgs(b.rendered.html).map(slideKey))).size);
    expect(plan.unique.length).toBeLessThan(total / 1.8);

    const whole = built.find((b) => b.deck.index === undefined)!;
    const section = built.find((b) => b.deck.index === 2)!;
    const meta = { title: 'x', subject: 'x', lang: 'fr' };
    for (const b of [whole, section]) {
      const expected = pagePictures(await slidesPrintedWhole(b.rendered, 'fr'));
      const got = pagePictures(readFileSync(join(dir, 'docker', `${b.deck.name}.pdf`)));
      expect(got).toHaveLength(expected.length);
      got.forEach((picture, i) => expect(differingShare(picture, expected[i]!), `${b.deck.name}.pdf page ${i + 1}`).toBeLessThan(0.001));
      // The same comparison tells two different slides apart.
      expect(differingShare(got[2]!, expected[3]!)).toBeGreaterThan(0.01);

      const options = { perPage: 3, paper: 'a4' as const, course: manifest.title, section: b.deck.index ? `${b.deck.index}. ${b.deck.title}` : '', meta };
      const handout = pagePictures(await handoutPrintedWhole(b.rendered, options));
      const printed = pagePictures(readFileSync(join(dir, 'docker', `${b.deck.name}-handout.pdf`)));
      expect(printed).toHaveLength(handout.length);
      printed.forEach((picture, i) => expect(differingShare(picture, handout[i]!), `${b.deck.name}-handout.pdf page ${i + 1}`).toBeLessThan(0.002));
    }
  });

  it('bookmarks every slide title, nested under its section, with the words as written', async () => {
    const wholePdf = pdfs.get(manifest.full!.pdf!)!;
    for (const d of manifest.decks) expect(wholePdf.outline).toContain(d.title);
    const nested = await outlineTree(join(dir, 'docker', manifest.full!.pdf!));
    const concepts = nested.find((o) => o.title === 'Concepts Clés')!;
    expect(concepts.items.map((o) => o.title)).toEqual(['Au programme', 'Image Docker', 'Container', 'Dockerfile', 'Docker Hub']);
    expect(wholePdf.text[concepts.page]).toContain('Concepts Clés');
    for (const item of concepts.items) expect(wholePdf.text[item.page]).toContain(item.title);
    expect(nested[0]!.title).toContain(manifest.title);
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

  /** A deck's handout, the way a build prints it. */
  const printHandout = async (rendered: RenderedDeck, perPage: number, paper: Paper) => {
    const job = { base: 'essai/essai', group: 'essai', deck: rendered, meta, course: 'Cours', section: 'Partie', handout: perPage, paper, pdf: true, images: false };
    const printed = await printAll([job], estradeBrowser(), () => undefined);
    return printed.find((p) => p.path === 'essai/essai-handout.pdf')!.contents;
  };

  it.each([1, 2, 3, 4, 6])('prints %i slides a page: ceil(7 / N) A4 pages', async (perPage) => {
    const pdf = await readPdf(await printHandout(deck, perPage, 'a4'));
    expect(pdf.pages).toBe(Math.ceil(7 / perPage));
    expect(pdf.sizes.every((s) => s.width === 595 && s.height === 842)).toBe(true);
    expect(pdf.text.join(' ')).toContain('Diapositive 7');
    // Handouts go to students: the teacher's notes are never printed, not even one slide a page.
    expect(pdf.text.join(' ')).not.toMatch(/note \d/);
  });

  it.each([
    [1, 'a4'],
    [6, 'a4'],
    [2, 'letter'],
  ] as const)('draws the slides and ruled lines where Chromium would print them (%i a page, %s)', async (perPage, paper) => {
    const expected = pagePictures(await handoutPrintedWhole(deck, { perPage, paper, course: 'Cours', section: 'Partie', meta }));
    const got = pagePictures(await printHandout(deck, perPage, paper));
    expect(got).toHaveLength(expected.length);
    got.forEach((picture, i) => expect(differingShare(picture, expected[i]!), `page ${i + 1}`).toBeLessThan(0.002));
  });

  it('prints on Letter paper when asked', async () => {
    const pdf = await readPdf(await printHandout(deck, 3, 'letter'));
    expect(pdf.sizes[0]).toEqual({ width: 612, height: 792 });
  });

  it.each([
    [1, 'a4'],
    [3, 'a4'],
    [1, 'letter'],
    [3, 'letter'],
  ] as const)('rules lines down to the bottom of the note space (%i a page, %s)', async (perPage, paper) => {
    const gaps = await withTestPage(async (page) => {
      await page.setContent(handoutHtml(deck, { perPage, paper, course: 'Cours', section: 'Partie', meta }), { waitUntil: 'load' });
      await page.evaluate('document.fonts.ready.then(() => 0)');
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

