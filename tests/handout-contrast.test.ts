// Handouts print on white paper: every text on them meets WCAG AA, for light decks and for dark
// (`invert`) ones, checked the way the slides are (axe-core, print media, in Chromium).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbench, planCourse, renderPlanned } from '../src/build.ts';
import { handoutHtml } from '../src/export/handout.ts';
import { withTestPage } from './helpers/browser.ts';
import { checkContrast } from './helpers/contrast.ts';
import { tempDir } from './helpers/temp.ts';
import { estradeBrowser } from './helpers/estrade-browser.ts';

describe.each([
  ['a dark-room course (class: invert)', 'tests/fixtures/dark/dark-room.md'],
  ['the Docker course', 'slides/docker.md'],
  ['a course whose title slide has a subtitle and a lead with bold, code and a link', 'tests/fixtures/title/lead.md'],
])('the handout of %s', (_name, input) => {
  it('meets WCAG AA contrast on paper, every text of every slide', async () => {
    const bench = await openWorkbench(estradeBrowser());
    const planned = await planCourse(readFileSync(input, 'utf8'), input, input, bench, []);
    const dir = tempDir('estrade-handout-');
    for (const built of renderPlanned(bench.engine, planned).filter((b) => b.deck.index !== undefined)) {
      const file = join(dir, `${built.deck.name}.html`);
      writeFileSync(file, handoutHtml(built.rendered, { perPage: 3, paper: 'a4', course: planned.course.title, section: built.deck.title, meta: { title: built.deck.title, subject: built.deck.title, lang: built.deck.lang } }));
      const report = await checkContrast(file);
      expect(report.violations, file).toEqual([]);
      expect(report.passes, file).toBeGreaterThan(0);
      for (const u of report.undecided) expect(u.ratio, `${file} ${u.target}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe("the handout's title and section slides", () => {
  /** The theme's light palette, read from its CSS (the test's own ruler): `section { --name: value }`. */
  const lightToken = (css: string, name: string) => new RegExp(`^section \\{[^}]*--${name}:\\s*(#[0-9a-f]{6})`, 'm').exec(css)![1]!;
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

  it.each([
    ['light', ''],
    ['dark (class: invert)', 'class: invert\n'],
  ])("are printed on white in the course's own light colours, for a %s deck", async (_name, front) => {
    const theme = readFileSync('themes/estrade.css', 'utf8');
    const bench = await openWorkbench(estradeBrowser());
    const text = `---\nlang: fr\ntheme: estrade\n${front}---\n# Cours\n\n## 1. Partie\n\n### A\nun\n\n### B\ndeux\n\n### C\ntrois\n`;
    const planned = await planCourse(text, 'c.md', 'c.md', bench, []);
    // The whole course: its title slide, then each part's opening.
    const built = renderPlanned(bench.engine, planned).find((b) => b.deck.index === undefined)!;
    const html = handoutHtml(built.rendered, { perPage: 3, paper: 'a4', course: 'Cours', section: 'Partie', meta: { title: 'Partie', subject: 'Partie', lang: 'fr' } });
    const seen = await withTestPage(async (page) => {
      await page.setContent(html, { waitUntil: 'load' });
      return page.evaluate(() => {
        const title = document.querySelector('section.title')!;
        const section = document.querySelector('section.section')!;
        return {
          titleBackground: getComputedStyle(title).backgroundColor,
          titleHeading: getComputedStyle(title.querySelector('h1')!).color,
          band: getComputedStyle(section).borderLeftColor,
        };
      });
    });
    expect(seen.titleBackground).toBe('rgb(255, 255, 255)');
    expect(seen.titleHeading).toBe(rgb(lightToken(theme, 'heading')));
    expect(seen.band).toBe(rgb(lightToken(theme, 'accent-strong')));
  });
});
