// Property-based: courses generated from what teachers really write (numbered and plain headings,
// lists, tables, code, maths, notes, HTML, CRLF, a BOM, Windows-1252) are built and looked at in
// Chromium. Whatever the course: the build does not crash, no word is lost, nothing overflows.
// ESTRADE_PROPERTY_RUNS=200 npm test -- tests/property.test.ts runs it longer than CI does.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/export/manifest.ts';
import { runCli } from './helpers/build.ts';
import { inspectDeck, lostWords, withoutSyntax } from './helpers/inspect.ts';
import { bytesOf, course } from './helpers/generated-course.ts';
import { tempDir } from './helpers/temp.ts';

const RUNS = Number(process.env.ESTRADE_PROPERTY_RUNS ?? 5);

describe('any course made of what teachers write', () => {
  it(`builds without crashing, loses no word and overflows nowhere (${RUNS} courses)`, async () => {
    await fc.assert(
      fc.asyncProperty(course, async (c) => {
        const { text, bytes } = bytesOf(c);
        const dir = tempDir('estrade-property-');
        writeFileSync(join(dir, 'cours.md'), bytes);
        const run = await runCli(['build', join(dir, 'cours.md'), '--no-pdf', '--out', join(dir, 'dist')]);
        expect(run.code, run.err.join('\n')).toBe(0);
        expect(run.err.join('\n')).not.toMatch(/internal error|\n\s+at /);
        const manifest = JSON.parse(readFileSync(join(dir, 'dist', 'cours', 'manifest.json'), 'utf8')) as Manifest;
        let shown = '';
        for (const deck of manifest.decks) {
          const inspection = await inspectDeck(join(dir, 'dist', 'cours', deck.html));
          expect(inspection.overflowing, `${deck.html}\n${text}`).toEqual([]);
          expect(inspection.minFontPx).toBeGreaterThanOrEqual(16);
          // A diagram is drawn at 12 px at least, or said to be too small, with its line.
          if (inspection.minDiagramPx > 0 && inspection.minDiagramPx < 12) expect(run.err.join('\n'), text).toMatch(/cours\.md:\d+: warning: slide .*diagram's text is drawn at/);
          // No dialect's syntax and no HTML tag drawn as text.
          expect(inspection.text, text).not.toMatch(/!!!|\?\?\?|:::|\{note\}|<\/?(p|b)>|\[\^|==|^\| |\{[:.#]|\+---|------ |\[\[|%%|\[!/m);
          // A diagram is drawn, not shown as its source.
          expect(inspection.text, text).not.toMatch(/\bgraph (TD|LR)\b|-->/);
          shown += `\n${inspection.text}`;
        }
        expect(lostWords(withoutSyntax(text), shown), text).toEqual([]);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 300_000);
});
