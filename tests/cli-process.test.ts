// The command a teacher types, as a process of its own (scripts/compiled/estrade.js, compiled by npm's prepare script), with the
// opt-in formats: handouts on Letter two a page, slide images and PowerPoint.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../scripts/export/manifest.ts';
import { readPdf } from './helpers/pdf.ts';
import { tempDir } from './helpers/temp.ts';

const run = promisify(execFile);

describe('estrade build, as a process', () => {
  it('writes every requested format for every deck', async () => {
    const out = tempDir('estrade-process-');
    const { stdout } = await run('node', ['scripts/compiled/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--out', out, '--handout', '2', '--paper', 'letter', '--images', '--pptx']);
    expect(stdout).toMatch(/built 1 course: 1 section deck \(\d+ slides\) and the whole course \(\d+ slides\) into/);
    const dir = join(out, 'short-course');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    for (const deck of [...manifest.decks, manifest.full!]) {
      const handout = await readPdf(join(dir, deck.handout!));
      expect(handout.pages).toBe(Math.ceil(deck.slides / 2));
      expect(handout.sizes[0]).toEqual({ width: 612, height: 792 });
      const images = readdirSync(join(dir, deck.html.replace(/\.html$/, '')));
      expect(images).toHaveLength(deck.slides);
      expect(readFileSync(join(dir, deck.html.replace(/\.html$/, ''), images[0]!)).subarray(1, 4).toString()).toBe('PNG');
      const pptx = readFileSync(join(dir, deck.pptx!)).toString('latin1');
      expect(pptx.startsWith('PK')).toBe(true);
      expect(new Set(pptx.match(/ppt\/slides\/slide\d+\.xml/g)).size).toBe(deck.slides);
    }
  }, 180_000);
});
