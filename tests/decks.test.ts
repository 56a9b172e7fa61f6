// Integration: the Docker course and a stress fixture built through the CLI, then opened in Chromium.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/course/types.ts';
import type { Manifest } from '../src/export/manifest.ts';
import { exportCourses, fitCourse, openWorkbench, planCourse, renderPlanned } from '../src/build.ts';
import { renderDeck } from '../src/render/marp.ts';
import { Superseded } from '../src/render/fit.ts';
import { RebuildQueue } from '../src/dev/queue.ts';
import { themeFor } from '../src/render/themes.ts';
import { Browser } from '../src/render/browser.ts';
import { estradeBrowser } from './helpers/estrade-browser.ts';
import { withTestPage } from './helpers/browser.ts';
import { buildInto } from './helpers/build.ts';
import { checkContrast } from './helpers/contrast.ts';
import { differingShare, urlPicture } from './helpers/pictures.ts';
import { inspectDeck, lostWords, type DeckInspection } from './helpers/inspect.ts';
import { tempDir } from './helpers/temp.ts';

// The Docker course as a teacher would show it in a dark room: its own theme, `class: invert`.
// Written when its tests run (a run that filters them all out would leave the folder behind).
const DARK = 'dark docker';
const darkDocker = () => {
  const file = join(tempDir('estrade-dark-docker-'), 'docker-dark.md');
  writeFileSync(file, `---\ntheme: docker\nclass: invert\n---\n${readFileSync('slides/docker.md', 'utf8')}`);
  return file;
};

const cases = [
  { name: 'the Docker course', input: 'slides/docker.md', course: 'docker', sections: 5, lang: 'fr' },
  { name: 'the stress fixture', input: 'tests/fixtures/stress/stress.md', course: 'stress', sections: 2, lang: 'fr' },
  { name: 'a dark-room course (class: invert)', input: 'tests/fixtures/dark/dark-room.md', course: 'dark-room', sections: 2, lang: 'en' },
  { name: 'an English course in the house theme', input: 'tests/fixtures/house/networks.md', course: 'networks', sections: 2, lang: 'en' },
  { name: 'the Docker course in its dark variant', input: DARK, course: 'docker-dark', sections: 5, lang: 'fr' },
  { name: 'a course whose title slide has a subtitle and a lead with bold, code and a link', input: 'tests/fixtures/title/lead.md', course: 'lead', sections: 1, lang: 'fr' },
];

/** A course's text planned and fitted as a build does, with what fitting cost and said. */
async function fitText(text: string, name: string) {
  const bench = await openWorkbench(estradeBrowser());
  const planned = await planCourse(text, name, name, bench, []);
  const diagnostics: Diagnostic[] = [];
  await fitCourse(bench.fitter, planned, diagnostics);
  await bench.fitter.dispose();
  return { planned, diagnostics, cost: bench.fitter.cost };
}

describe.each(cases)('$name', ({ input: given, course, sections, lang }) => {
  let dir = '';
  let input = given;
  let manifest: Manifest;
  const decks = new Map<string, DeckInspection>();

  beforeAll(async () => {
    if (given === DARK) input = darkDocker();
    ({ dir } = await buildInto([input], ['--no-pdf']));
    manifest = JSON.parse(readFileSync(join(dir, course, 'manifest.json'), 'utf8')) as Manifest;
    for (const file of [...manifest.decks.map((d) => d.html), manifest.full!.html]) decks.set(file, await inspectDeck(join(dir, course, file)));
  });

  it('lists one deck per numbered section, titled after it', () => {
    const headings = [...readFileSync(input, 'utf8').matchAll(/^## \d+[.)]\s+(.*)$/gm)].map((m) => m[1]);
    expect(manifest.decks.map((d) => d.title)).toEqual(headings);
    expect(manifest.decks).toHaveLength(sections);
    expect(manifest.decks.map((d) => d.index)).toEqual(headings.map((_, i) => i + 1));
    // A course outside the project is published by its file name alone.
    expect(manifest).toMatchObject({ course, lang, source: input.startsWith('/') ? basename(input) : input });
  });

  it('counts in the manifest exactly the slides of each HTML deck', () => {
    for (const d of manifest.decks) expect(decks.get(d.html)?.slides.length, d.html).toBe(d.slides);
    expect(decks.get(manifest.full!.html)?.slides.length).toBe(manifest.full!.slides);
  });

  it('shows every word of the course on some slide of the section decks', () => {
    const text = manifest.decks.map((d) => decks.get(d.html)!.text).join('\n');
    expect(lostWords(readFileSync(input, 'utf8'), text)).toEqual([]);
  });

  it('never overflows or clips, and no text is under 16 px', () => {
    for (const [file, deck] of decks) {
      expect(deck.overflowing, file).toEqual([]);
      expect(deck.minFontPx, file).toBeGreaterThanOrEqual(16);
    }
  });

  it('opens offline: no request outside file: and data:, no broken image, the course language', () => {
    for (const [file, deck] of decks) {
      expect(deck.requests.filter((u) => !/^(file|data):/.test(u)), file).toEqual([]);
      expect(deck.brokenImages, file).toEqual([]);
      expect(deck.lang, file).toBe(lang);
      expect(deck.title, file).toContain(manifest.title);
    }
  });

  it('meets WCAG AA contrast on every slide', async () => {
    for (const file of decks.keys()) {
      const report = await checkContrast(join(dir, course, file));
      expect(report.violations, file).toEqual([]);
      expect(report.passes, file).toBeGreaterThan(0);
      for (const u of report.undecided) {
        expect(u.ratio, `${file} ${u.target}`).toBeGreaterThanOrEqual(4.5);
        expect(u.ratio, `${file} ${u.target}: no colour found behind it`).toBeLessThan(Infinity);
      }
      for (const ratio of report.pageNumbers) expect(ratio, `${file} page number`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('never carries the dev server\'s live-reload client', () => {
    for (const file of [...decks.keys(), 'index.html']) {
      expect(readFileSync(join(dir, course, file), 'utf8'), file).not.toMatch(/EventSource|estrade-overlay|__estrade/);
    }
  });

  it('has a course page with a picture and links for every deck, and a site index', () => {
    const page = readFileSync(join(dir, course, 'index.html'), 'utf8');
    for (const d of manifest.decks) expect(page).toContain(`href="${d.html}"`);
    // One picture of every first slide, each card showing its slice.
    expect(page.match(/data:image\/jpeg;base64,/g)).toHaveLength(1);
    expect(page.match(/<div class="picture" role="img" aria-label="[^"]+"/g)).toHaveLength(manifest.decks.length);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain(`href="${course}/index.html"`);
  });

  it('fits the course page and the site index on a phone, without scrolling sideways', async () => {
    const widths = await withTestPage(async (tab) => {
      await tab.setViewport({ width: 360, height: 740 });
      const out = [];
      for (const file of [join(dir, course, 'index.html'), join(dir, 'index.html')]) {
        await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        out.push(await tab.evaluate('document.documentElement.scrollWidth'));
      }
      return out;
    });
    expect(widths).toEqual([360, 360]);
  });

  it("shows on the course page each deck's own first slide", async () => {
    // What a student sees on each card, one screen pixel a picture pixel, in one column.
    const { shown, firsts } = await withTestPage(async (tab) => {
      await tab.setViewport({ width: 1280, height: 720 });
      await tab.goto(pathToFileURL(join(dir, course, 'index.html')).href, { waitUntil: 'load' });
      await tab.addStyleTag({ content: 'main { grid-template-columns: 640px !important; } .card { overflow: visible !important; } .card .picture { width: 640px; height: 360px; aspect-ratio: auto; border: 0 !important; }' });
      const shown = [];
      for (const card of await tab.$$('.card .picture')) shown.push(await urlPicture(tab, `data:image/png;base64,${await card.screenshot({ encoding: 'base64' })}`));
      // The ruler: each deck's HTML, opened as a teacher would, photographed on its first slide.
      await tab.setViewport({ width: 1280, height: 720, deviceScaleFactor: 0.5 });
      const firsts = [];
      for (const d of manifest.decks) {
        await tab.goto(pathToFileURL(join(dir, course, d.html)).href, { waitUntil: 'load' });
        // Without the template's on-screen buttons, which are not part of the slide.
        await tab.addStyleTag({ content: '.bespoke-marp-osc { display: none !important; }' });
        firsts.push(await urlPicture(tab, `data:image/png;base64,${await tab.screenshot({ encoding: 'base64' })}`));
      }
      return { shown, firsts };
    });
    expect(shown.map((p) => [p.width, p.height])).toEqual(manifest.decks.map(() => [640, 360]));
    shown.forEach((picture, i) => {
      const own = differingShare(picture, firsts[i]!);
      expect(own, `deck ${i + 1}`).toBeLessThan(0.002);
      // The ruler tells decks apart: the first slide of the deck before (another title) differs more.
      if (i > 0) expect(differingShare(picture, firsts[i - 1]!), `deck ${i + 1} against deck ${i}`).toBeGreaterThan(Math.max(0.002, own * 4));
    });
  });
});

describe('fitting the stress fixture', () => {
  it('split the long slides into continuation slides titled "(suite)"', async () => {
    const { dir } = await buildInto(['tests/fixtures/stress/stress.md'], ['--no-pdf']);
    const deck = await inspectDeck(join(dir, 'stress', '02-code-texte-et-images.html'));
    const titles = deck.slides.map((s) => s.text.split(' ').slice(0, 5).join(' '));
    expect(titles.filter((t) => t.startsWith('Un long Dockerfile (suite)')).length).toBeGreaterThanOrEqual(2);
    expect(titles.filter((t) => t.startsWith('Un long paragraphe (suite)')).length).toBeGreaterThanOrEqual(1);
    // The code keeps its highlighting on continuation slides.
    const html = readFileSync(join(dir, 'stress', '02-code-texte-et-images.html'), 'utf8');
    expect(html.match(/class="shiki marp-shiki"/g)!.length).toBeGreaterThanOrEqual(3);
  });
});

describe('splitting a list too long for one slide', () => {
  const itemsOn = async (count: number) => {
    const items = Array.from({ length: count }, (_, i) => `- Point numéro ${i + 1} de la longue liste`).join('\n');
    const { planned } = await fitText(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Liste\n${items}\n`, 'liste.md');
    const parts = planned.decks[0]!.slides.filter((s) => s.title?.startsWith('Liste'));
    return { titles: parts.map((s) => s.title), items: parts.map((s) => s.body.match(/Point numéro \d+/g) ?? []) };
  };

  it('shares the points evenly between the slides instead of leaving the last one short', async () => {
    const { titles, items } = await itemsOn(16);
    expect(titles).toEqual(['Liste', 'Liste (suite)']);
    expect(items.map((i) => i.length)).toEqual([8, 8]);
    expect(items.flat()).toEqual(Array.from({ length: 16 }, (_, i) => `Point numéro ${i + 1}`));
  });

  it('shares 25 points between three slides as evenly as they go, none left short', async () => {
    const { items } = await itemsOn(25);
    const counts = items.map((i) => i.length);
    expect(counts.length).toBe(3);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(items.flat()).toEqual(Array.from({ length: 25 }, (_, i) => `Point numéro ${i + 1}`));
  });
});

describe('splitting real-world slides, measured once', () => {
  const fitted = async (body: string) => {
    const { planned, diagnostics, cost } = await fitText(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Long\n${body}\n`, 'long.md');
    return { parts: planned.decks[0]!.slides.filter((s) => s.title?.startsWith('Long')), cost, diagnostics };
  };

  it('fits a 200-line code block from one layout, not by measuring every prefix, in even parts of 3 lines or more', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `echo "ligne ${i + 1}"`);
    const { parts, cost, diagnostics } = await fitted(['```sh', ...lines, '```'].join('\n'));
    const counts = parts.map((p) => (p.body.match(/^echo/gm) ?? []).length);
    expect(counts.reduce((a, b) => a + b)).toBe(200);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...counts) - Math.min(...counts), JSON.stringify(counts)).toBeLessThanOrEqual(2);
    // Measuring every prefix took thousands of slide measurements; one layout and a confirmation take a few dozen.
    expect(cost.measured).toBeLessThan(parts.length * 3 + 10);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('lays every slide out once: one that runs over is cut from the first pass, then its parts are confirmed (two passes)', async () => {
    const slides = Array.from({ length: 6 }, (_, n) => `### Programme ${n + 1}\n\n\`\`\`python\n${Array.from({ length: 30 + n * 7 }, (_, l) => `x_${l} = calcul(${n}, ${l})`).join('\n')}\n\`\`\``).join('\n\n');
    const { planned, cost } = await fitText(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n${slides}\n`, 'une-fois.md');
    const parts = planned.decks[0]!.slides.filter((s) => s.title?.startsWith('Programme'));
    expect(parts.length).toBeGreaterThanOrEqual(12);
    // The first pass measures each slide once and reads where its pieces end; the second confirms the parts.
    expect(cost.passes).toBe(2);
    // Measured: the slides as written (the six programmes among them), then each part of theirs once.
    const written = new Set([...planned.decks, planned.whole!].flatMap((d) => d.slides.filter((s) => !s.title?.startsWith('Programme')).map((s) => s.body))).size + 6;
    expect(cost.measured).toBeLessThanOrEqual(written + parts.length);
  });

  it('cuts a glossary (a definition list longer than a slide) between its terms, from its layout', async () => {
    const terms = Array.from({ length: 16 }, (_, n) => `Terme ${n + 1}\n: La définition du terme ${n + 1}, sur une ligne assez longue pour compter.`).join('\n\n');
    const { parts, cost, diagnostics } = await fitted(terms);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    // Each term once, with its definition, in order; no part without a term.
    const shown = parts.flatMap((p) => [...p.body.matchAll(/^Terme (\d+)\n: La définition du terme \1,/gm)].map((m) => Number(m[1])));
    expect(shown).toEqual(Array.from({ length: 16 }, (_, n) => n + 1));
    // Cut from one layout and confirmed, not by measuring every prefix; and said as a split, not as a block too big.
    expect(cost.passes).toBeLessThanOrEqual(3);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('cuts a slide of boxes (admonitions) and <details> blocks from its layout, between and inside the boxes', async () => {
    const box = (n: number) => `#### Exemple ${n}\n\n!!! note "Requête ${n}"\n    Une phrase qui explique la requête numéro ${n}.\n\n    \`\`\`sql\n    SELECT nom FROM eleve WHERE id = ${n};\n    \`\`\`\n\n    - le résultat ${n}\n    - une remarque ${n}`;
    const details = (n: number) => `<details>\n<summary>Équivalent Java ${n}</summary>\n\n\`\`\`java\nint x = ${n};\n\`\`\`\n\n</details>`;
    const body = Array.from({ length: 12 }, (_, i) => `${box(i + 1)}\n\n${i % 4 === 0 ? details(i + 1) : ''}`).join('\n\n');
    const { parts, cost, diagnostics } = await fitted(body);
    expect(parts.length).toBeGreaterThan(3);
    for (let n = 1; n <= 12; n++) expect(parts.filter((p) => p.body.includes(`WHERE id = ${n};`)), `requête ${n}`).toHaveLength(1);
    // Every part that holds a piece of a box holds it inside a box.
    for (const p of parts) for (const line of p.body.split('\n')) if (/SELECT|le résultat|une remarque/.test(line)) expect(line).toMatch(/^> /);
    // One layout and a few confirmations, not a measure of every prefix (this slide took hundreds).
    expect(cost.passes).toBeLessThanOrEqual(6);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('splits thirty overflowing slides together, in a few passes for the whole course', async () => {
    const slides = Array.from({ length: 30 }, (_, n) => `### Programme ${n + 1}\n\n\`\`\`python\n${Array.from({ length: 25 }, (_, l) => `x_${l} = calcul(${n}, ${l})`).join('\n')}\n\`\`\``).join('\n\n');
    const { planned, diagnostics, cost } = await fitText(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n${slides}\n`, 'trente.md');
    const parts = planned.decks[0]!.slides.filter((s) => s.title?.startsWith('Programme'));
    expect(parts.length).toBeGreaterThanOrEqual(60);
    for (let n = 1; n <= 30; n++) expect(parts.filter((p) => p.title === `Programme ${n} (suite)`).length, `Programme ${n}`).toBeGreaterThanOrEqual(1);
    // One pass to measure, one to lay out every slide to cut, a few to confirm every part (the
    // 30-entry agenda, in two columns, takes the most): not two or more per slide (62 and up).
    expect(cost.passes).toBeLessThanOrEqual(12);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('splits 150 overflowing slides of different lengths in as few passes, each slide laid out in its own run', async () => {
    // Enough slides for a pass to go in runs (Chromium measures one while Node renders the next):
    // a layout read for the wrong slide would plan wrong cuts, and confirming them take many passes.
    const slide = (n: number) => `### Programme ${n + 1}\n\n\`\`\`python\n${Array.from({ length: 16 + (n % 23) }, (_, l) => `x_${l} = calcul(${n}, ${l})`).join('\n')}\n\`\`\``;
    // Ten parts of fifteen: agendas of a few entries, the cost here is the code.
    const parts = Array.from({ length: 10 }, (_, p) => `## ${p + 1}. Partie ${p + 1}\n\n${Array.from({ length: 15 }, (_, k) => slide(p * 15 + k)).join('\n\n')}`).join('\n\n');
    const { planned, diagnostics, cost } = await fitText(`---\nlang: fr\n---\n# Cours\n\n${parts}\n`, 'cent.md');
    for (let n = 1; n <= 150; n++) {
      const mine = planned.decks.flatMap((d) => d.slides).filter((s) => s.title === `Programme ${n}` || s.title === `Programme ${n} (suite)`);
      const lines = mine.map((s) => (s.body.match(/^x_\d+ = /gm) ?? []).length);
      expect(lines.reduce((a, b) => a + b), `Programme ${n}`).toBe(16 + ((n - 1) % 23));
      for (const count of lines) expect(count, `Programme ${n}: ${lines}`).toBeGreaterThanOrEqual(3);
    }
    expect(cost.passes).toBeLessThanOrEqual(12);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  }, 120_000);

  it('moves a 7-row table to a slide of its own instead of cutting it', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => `| Commande ${i + 1} | Ce qu'elle fait, en quelques mots |`);
    const intro = Array.from({ length: 6 }, (_, i) => `Une phrase d'introduction numéro ${i + 1}, assez longue pour prendre une ligne entière ici.`).join('\n\n');
    const { parts } = await fitted(`${intro}\n\n| Commande | Rôle |\n|---|---|\n${rows.join('\n')}`);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const withRows = parts.filter((p) => /Commande \d/.test(p.body));
    expect(withRows).toHaveLength(1);
    expect(withRows[0]!.body.match(/Commande \d/g)).toHaveLength(7);
  });
});

describe('slides Estrade writes itself', () => {
  it('splits the agenda of a 16-section course into "Table des matières (suite)" slides that fit, in order', async () => {
    const sections = Array.from({ length: 16 }, (_, i) => `## ${i + 1}. Une partie au titre assez long numéro ${i + 1}\n\nTexte.\n`).join('\n');
    const { planned, diagnostics } = await fitText(`---\nlang: fr\n---\n# Cours\n\n${sections}`, 'long.md');
    const agenda = planned.whole!.slides.filter((s) => s.kind === 'agenda');
    expect(agenda.length).toBeGreaterThanOrEqual(2);
    expect(agenda[1]!.title).toMatch(/\(suite\)$/);
    const numbers = agenda.flatMap((s) => [...s.body.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1])));
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

describe('a course of many parts', () => {
  it('splits its contents slide (120 entries in two columns) into slides that fit, in order, in a bounded number of passes', async () => {
    // Two columns are what the fast layout cannot read: such a slide went part by part, prefix by
    // prefix (26 passes for 150 entries); even cuts of every count are tried at once instead.
    const sections = Array.from({ length: 120 }, (_, i) => `## ${i + 1}. Partie ${i % 3 ? 'courte' : 'au titre nettement plus long que les autres'} ${i + 1}\n\nTexte.\n`).join('\n');
    const { planned, diagnostics, cost } = await fitText(`---\nlang: fr\n---\n# Cours\n\n${sections}`, 'parties.md');
    const contents = planned.whole!.slides.filter((s) => s.kind === 'agenda');
    expect(contents.length).toBeGreaterThanOrEqual(4);
    const numbers = contents.flatMap((s) => [...s.body.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1])));
    expect(numbers).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    // Even: no slide of the contents holds less than half of the fullest.
    const sizes = contents.map((s) => s.body.split('\n').length);
    expect(Math.min(...sizes) * 2, String(sizes)).toBeGreaterThanOrEqual(Math.max(...sizes));
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(cost.passes).toBeLessThanOrEqual(8);
  }, 120_000);
});

describe('themes', () => {
  it('gives a course the theme named after it, else the house theme; a theme of its own imports the house theme', async () => {
    expect(themeFor('docker', ['default', 'docker', 'estrade'])).toBe('docker');
    expect(themeFor('docker-cours', ['default', 'docker', 'estrade'])).toBe('docker');
    expect(themeFor('reseaux', ['default', 'docker', 'estrade'])).toBe('estrade');
    const bench = await openWorkbench(estradeBrowser());
    const css = (theme: string) => renderDeck(bench.engine, `---\nmarp: true\ntheme: ${theme}\n---\n\n# x\n`).css;
    expect(css('example-school')).toContain('#8a1c3c');
    // The school theme is the house theme's layout with its own colours.
    expect(css('example-school')).toContain('counter(list-item)');
    expect(css('estrade')).not.toMatch(/0 70%/);
  });
});

describe('a split slide in the presenter view', () => {
  it('carries the teacher\'s notes on every part, and a list item taller than a slide is cut between its lines', async () => {
    const lines = Array.from({ length: 24 }, (_, i) => `Ligne ${i + 1} d'un point très long écrit avec des retours à la ligne.`).join('\n');
    const { planned, diagnostics } = await fitText(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Long\n\n- ${lines}\n- Un dernier point.\n\n<!-- Penser à montrer le terminal. -->\n`, 'long.md');
    const parts = planned.decks[0]!.slides.filter((s) => s.title?.startsWith('Long'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const p of parts) expect(p.notes).toEqual(['Penser à montrer le terminal.']);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const text = parts.map((p) => p.body).join('\n');
    for (let i = 1; i <= 24; i++) expect(text).toContain(`Ligne ${i} d'un point`);
  });
});

describe('a long introduction without a heading', () => {
  it('is titled as the introduction, then "(suite)", never "(suite)" alone', async () => {
    const intro = Array.from({ length: 14 }, (_, i) => `Une phrase d'introduction numéro ${i + 1}, assez longue pour prendre une ligne.`).join('\n\n');
    const { planned } = await fitText(`---\nlang: fr\n---\n# Cours\n\n${intro}\n\n## 1. Partie\n\nTexte.\n`, 'intro.md');
    const opening = planned.decks[0]!.slides.filter((s) => s.kind === 'content' && /introduction/.test(s.body));
    expect(opening.length).toBeGreaterThanOrEqual(2);
    expect(opening.map((s) => s.title)).toEqual(['Introduction', ...opening.slice(1).map(() => 'Introduction (suite)')]);
  });
});

describe('Chromium quitting while the presenter HTML is made', () => {
  it('fails the export with its one error, and leaves no promise rejected unheard (Node would crash on it)', async () => {
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => void unheard.push(reason);
    process.on('unhandledRejection', listen);
    const browser = new Browser();
    try {
      const bench = await openWorkbench(browser);
      const planned = await planCourse('---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Une notion\n\nUn paragraphe.\n', 'cours.md', 'cours.md', bench, []);
      await fitCourse(bench.fitter, planned, []);
      await bench.fitter.dispose();
      const built = renderPlanned(bench.engine, planned);
      const log = { info: () => undefined, warn: () => undefined, progress: () => undefined };
      const exporting = exportCourses([planned], built, bench, { pdf: true, log });
      // Chromium goes while it prints and marp-cli (a few hundred milliseconds) makes the presenter HTML.
      const chromium = browser.pid!;
      await new Promise((done) => setTimeout(done, 50));
      process.kill(-chromium, 'SIGKILL'); // its process group: the browser under its launcher script
      await expect(exporting).rejects.toThrow();
      await new Promise((done) => setTimeout(done, 200));
      expect(unheard.map((r) => String((r as Error)?.stack ?? r).slice(0, 600))).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
      await browser.close();
    }
  }, 60_000);
});

describe("the deck's own controls", () => {
  const ENGLISH = /Previous slide|Next slide|Toggle fullscreen|Toggle overview|Open presenter view|Close overview|Bigger notes|Smaller notes|Current time|`Page \$/;

  it('speak the course language: French words for a French course, on the buttons and the page counter', async () => {
    const dir = tempDir('estrade-controls-');
    writeFileSync(join(dir, 'cours.md'), '---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Next\nUn titre anglais reste tel quel : « Next ».\n\n### Deux\nTexte.\n');
    const { dir: out } = await buildInto([join(dir, 'cours.md')], ['--no-pdf']);
    const html = readFileSync(join(out, 'cours', '01-partie.html'), 'utf8');
    expect(html).not.toMatch(ENGLISH);
    expect(html).toContain('title="Diapositive suivante"');
    // What the teacher wrote is left alone.
    expect(html).toMatch(/<h2[^>]*>Next<\/h2>/);
    const shown = await withTestPage(async (page) => {
      await page.setViewport({ width: 1280, height: 720 });
      await page.goto(pathToFileURL(join(out, 'cours', '01-partie.html')).href, { waitUntil: 'load' });
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-bespoke-marp-osc="page"]')?.textContent ?? ''));
      return page.$eval('[data-bespoke-marp-osc="page"]', (el) => el.textContent);
    });
    expect(shown).toMatch(/^Diapositive 1 sur \d+$/);
  });

  it('stay in English for an English course', async () => {
    const dir = tempDir('estrade-controls-');
    writeFileSync(join(dir, 'course.md'), '---\nlang: en\n---\n# Course\n\n## 1. Part\n\nText.\n');
    const { dir: out } = await buildInto([join(dir, 'course.md')], ['--no-pdf']);
    expect(readFileSync(join(out, 'course', '01-part.html'), 'utf8')).toContain('title="Next slide"');
  });
});

describe('an edit seen before Chromium measures it (estrade dev)', () => {
  it('shows an edited slide cut into as many parts as it was, with its new words, so the open deck is updated in place', async () => {
    const paragraphs = (word: string) => Array.from({ length: 9 }, (_, i) => `Paragraphe ${i + 1} : un conteneur isole un processus, ${word}, et son image en fixe le contenu couche après couche.`).join('\n\n');
    const course = (word: string) => `---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Court\n\nUn point.\n\n### Long\n\n${paragraphs(word)}\n\n### Fin\n\nDernier point.\n`;
    const bench = await openWorkbench(estradeBrowser());
    try {
      const first = await planCourse(course('avant'), 'edit.md', 'edit.md', bench, []);
      await fitCourse(bench.fitter, first, []);
      const parts = (deck: { slides: { title?: string }[] }) => deck.slides.filter((s) => s.title?.startsWith('Long')).length;
      expect(parts(first.decks[0]!)).toBeGreaterThanOrEqual(2);
      const edited = await planCourse(course('MOTNOUVEAU'), 'edit.md', 'edit.md', bench, []);
      const { decks, complete } = bench.fitter.guess([...edited.decks, edited.whole!], edited.theme);
      expect(complete).toBe(false);
      expect(decks[0]!.deck.slides.length).toBe(first.decks[0]!.slides.length);
      expect(parts(decks[0]!.deck)).toBe(parts(first.decks[0]!));
      const body = decks[0]!.deck.slides.filter((s) => s.title?.startsWith('Long')).map((s) => s.body).join('\n');
      expect(body.match(/MOTNOUVEAU/g)).toHaveLength(9);
      expect(body).not.toContain('avant');
      // Chromium's measure then says how it is really cut.
      await fitCourse(bench.fitter, edited, []);
      expect(parts(edited.decks[0]!)).toBeGreaterThanOrEqual(2);
    } finally {
      await bench.fitter.dispose();
    }
  });

  it('measures the slides without a diagram while the diagrams are drawn, and the others once they are', async () => {
    const graph = (n: number) => `\`\`\`mermaid\ngraph LR\n  A${n}[Étape ${n}] --> B${n}[Suite ${n}]\n\`\`\``;
    const text = `---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Un\n\nDu texte.\n\n### Schéma 1\n\n${graph(1)}\n\n### Deux\n\n- un point\n- un autre\n\n### Schéma 2\n\n${graph(2)}\n`;
    const bench = await openWorkbench(estradeBrowser());
    try {
      const planned = await planCourse(text, 'schemas.md', 'schemas.md', bench, [], { drawLater: true });
      let open = () => undefined as void;
      const gate = new Promise<void>((done) => (open = done));
      const decks = [...planned.decks, planned.whole!];
      const fitting = bench.fitter.fit(decks, planned.theme, undefined, Promise.all([planned.drawing, gate]).then(() => undefined));
      const plain = new Set(decks.flatMap((d) => d.slides).filter((s) => !s.body.includes('```mermaid')).map((s) => JSON.stringify([s.kind, s.title, s.body]))).size;
      await expect.poll(() => bench.fitter.cost.measured, { timeout: 20_000 }).toBe(plain);
      open();
      const fitted = await fitting;
      // Each slide with a diagram measured once, its diagram's text size read from that measure.
      expect(bench.fitter.cost.measured).toBe(plain + 2);
      const shown = renderPlanned(bench.engine, { ...planned, decks: fitted.slice(0, -1).map((f) => f.deck), whole: fitted.at(-1)!.deck });
      // Each diagram drawn (an SVG of Mermaid's), none shown as its source.
      const section = shown[0]!.rendered.html;
      expect(section.match(/<svg data-marp-mermaid/g) ?? []).toHaveLength(2);
      expect(section).not.toContain('graph LR');
    } finally {
      await bench.fitter.dispose();
    }
  });

  it("draws a course's diagrams in its order, a few first: the first sections need not wait for the last diagram", async () => {
    const graphs = Array.from({ length: 9 }, (_, n) => `### Schéma ${n + 1}\n\n\`\`\`mermaid\ngraph LR\n  A${n}[Étape ${n}] --> B${n}[Suite ${n}]\n\`\`\``).join('\n\n');
    const bench = await openWorkbench(estradeBrowser());
    const planned = await planCourse(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n${graphs}\n`, 'ordre.md', 'ordre.md', bench, [], { drawLater: true });
    const code = (n: number) => `graph LR\n  A${n}[Étape ${n}] --> B${n}[Suite ${n}]\n`;
    let all = false;
    void planned.drawing!.then(() => (all = true));
    // When the first diagram is drawn, the last is not yet: a section showing the first can be fitted.
    await planned.drawn!([code(0)]);
    expect(all).toBe(false);
    await planned.drawn!([code(8)]);
    await planned.drawing;
    expect(all).toBe(true);
  });

  it('splits the slides without a diagram that run over while the diagrams are still drawn', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `- point ${i + 1} : une ligne de la liste assez longue pour la remplir`).join('\n');
    const text = `---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Liste\n\n${long}\n\n### Schéma\n\n\`\`\`mermaid\ngraph LR\n  A[Un] --> B[Deux]\n\`\`\`\n`;
    const bench = await openWorkbench(estradeBrowser());
    try {
      const planned = await planCourse(text, 'liste.md', 'liste.md', bench, [], { drawLater: true });
      let open = () => undefined as void;
      const gate = new Promise<void>((done) => (open = done));
      const decks = [...planned.decks, planned.whole!];
      const fitting = bench.fitter.fit(decks, planned.theme, undefined, Promise.all([planned.drawing, gate]).then(() => undefined));
      // The list is cut and its parts confirmed with the diagram held back: the fitter knows it whole.
      const list = decks[0]!.slides.filter((slide) => slide.title?.startsWith('Liste'));
      await expect.poll(() => bench.fitter.guess([{ ...decks[0]!, slides: list }], planned.theme).complete, { timeout: 20_000 }).toBe(true);
      const parts = bench.fitter.guess([{ ...decks[0]!, slides: list }], planned.theme).decks[0]!.deck.slides.length;
      expect(parts).toBeGreaterThanOrEqual(2);
      open();
      const fitted = await fitting;
      expect(fitted[0]!.deck.slides.filter((slide) => slide.title?.startsWith('Liste'))).toHaveLength(parts);
    } finally {
      await bench.fitter.dispose();
    }
  });

  it('sends each run of a long pass to Chromium as soon as it is rendered, not after every run is', async () => {
    // 130 slides: a pass of two runs at least. Chromium must lay out the first while Node renders the next.
    const slides = Array.from({ length: 130 }, (_, i) => `### Diapo ${i + 1}\n\nUn paragraphe de la diapositive ${i + 1}.`).join('\n\n');
    const events: string[] = [];
    const browser = estradeBrowser();
    const take = browser.takePage.bind(browser);
    browser.takePage = async () => {
      const tab = await take();
      const evaluate = tab.evaluate.bind(tab);
      tab.evaluate = ((script: string) => {
        if (String(script).includes('document.body.innerHTML = html')) events.push('evaluate');
        return evaluate(script);
      }) as typeof tab.evaluate;
      return tab;
    };
    const bench = await openWorkbench(browser);
    try {
      const planned = await planCourse(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n${slides}\n`, 'runs.md', 'runs.md', bench, []);
      const render = bench.engine.render.bind(bench.engine);
      bench.engine.render = ((markdown: string) => (events.push('render'), render(markdown))) as typeof bench.engine.render;
      await bench.fitter.fit([...planned.decks, planned.whole!], planned.theme);
      const renders = events.filter((e) => e === 'render').length;
      expect(renders).toBeGreaterThanOrEqual(2);
      expect(events.slice(0, events.indexOf('evaluate'))).toEqual(['render']);
    } finally {
      await bench.fitter.dispose();
      browser.takePage = take;
    }
  });

  it('gives a fit up between two passes when the course was saved again, keeping nothing half done', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `- point ${i + 1} : une ligne de la liste assez longue pour la remplir`).join('\n');
    const bench = await openWorkbench(estradeBrowser());
    try {
      const planned = await planCourse(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Liste\n\n${long}\n`, 'vite.md', 'vite.md', bench, []);
      const decks = [...planned.decks, planned.whole!];
      let asked = 0;
      const passes = bench.fitter.cost.passes;
      await expect(bench.fitter.fit(decks, planned.theme, () => ++asked > 1)).rejects.toBeInstanceOf(Superseded);
      expect(bench.fitter.cost.passes - passes).toBe(1);
      expect(bench.fitter.guess(decks, planned.theme).complete).toBe(false);
      const fitted = await bench.fitter.fit(decks, planned.theme, () => false);
      expect(fitted[0]!.deck.slides.filter((s) => s.title?.startsWith('Liste')).length).toBeGreaterThanOrEqual(2);
    } finally {
      await bench.fitter.dispose();
    }
  });
});

describe('the rebuild queue', () => {
  it('tells a running rebuild that its course was changed again, and rebuilds it after', async () => {
    const seen: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const queue = new RebuildQueue<string>(async (items) => {
      seen.push([...items]);
      if (seen.length === 1) await gate;
    });
    void queue.add('a.md');
    expect(queue.has('a.md')).toBe(false);
    void queue.add('a.md');
    expect(queue.has('a.md')).toBe(true);
    expect(queue.has('b.md')).toBe(false);
    release();
    await queue.idle();
    expect(seen).toEqual([['a.md'], ['a.md']]);
    expect(queue.has('a.md')).toBe(false);
  });
});

describe('a code block cut between slides', () => {
  it('keeps at least three of its lines on each side, whichever way the slide was cut', async () => {
    const php = ['<?php', '// Déclarer une variable', '$nom = "Alice";', '', '// Afficher la variable', 'echo $nom;', '', '// Changer la variable', '$nom = "Bob";', '', '// Afficher encore', 'echo $nom;'];
    const java = ['public class Main {', '    public static void main(String[] args) {', '        // Déclarer une variable', '        String nom = "Alice";', '', '        // Afficher la variable', '        System.out.print(nom);', '', '        // Changer la variable', '        nom = "Bob";', '', '        // Afficher encore', '        System.out.print(nom);', '    }', '}'];
    const body = [
      'Les variables se déclarent avec le symbole `$`. Voici un exemple :',
      '', '```php', ...php, '```', '',
      '<details>', '<summary>Afficher l’équivalent en Java</summary>', '', '```java', ...java, '```', '', '</details>', '',
      '#### Types de données', '',
      'PHP est un langage à typage dynamique, ce qui signifie que vous n’avez pas besoin de déclarer le type des variables.',
    ].join('\n');
    const { planned } = await fitText(`---\nlang: fr\n---\n# Cours\n\n## 1. Partie\n\n### Les variables\n\n${body}\n`, 'variables.md');
    const parts = planned.decks[0]!.slides.filter((s) => s.title?.startsWith('Les variables'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const blocks = parts.flatMap((p) => [...p.body.matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.split('\n').length - 1));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const lines of blocks) expect(lines, String(blocks)).toBeGreaterThanOrEqual(3);
    // Every line of both blocks is on a slide.
    const shown = parts.map((p) => p.body).join('\n');
    for (const line of [...php, ...java].filter((l) => l.trim())) expect(shown).toContain(line);
  });
});
