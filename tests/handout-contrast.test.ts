// Handouts print on white paper: every text on them meets WCAG AA, for light decks and for dark
// (`invert`) ones, checked the way the slides are (axe-core, print media, in Chromium).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbench, planCourse, renderPlanned } from '../scripts/build.ts';
import { handoutHtml } from '../scripts/export/handout.ts';
import { checkContrast } from './helpers/contrast.ts';
import { tempDir } from './helpers/temp.ts';

describe.each([
  ['a dark-room course (class: invert)', 'tests/fixtures/dark/dark-room.md'],
  ['the Docker course', 'slides/docker.md'],
])('the handout of %s', (_name, input) => {
  it('meets WCAG AA contrast on paper, every text of every slide', async () => {
    const bench = await openWorkbench();
    const planned = await planCourse(readFileSync(input, 'utf8'), input, input, bench.themes, []);
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
