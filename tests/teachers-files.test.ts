// The course as the teacher handed it over, and `estrade doctor` on real files.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCourse } from '../src/course/course.ts';
import { frenchTypography } from '../src/course/typography.ts';
import { emptySections, headingJumps } from '../src/doctor.ts';
import type { Manifest } from '../src/export/manifest.ts';
import { buildInto, runCli } from './helpers/build.ts';
import { tempDir } from './helpers/temp.ts';

const SEED = 'tests/fixtures/docker-cours.md';

describe('the seed as received', () => {
  it('builds the same slides as slides/docker.md, with one warning about the repaired encoding', async () => {
    const received = await buildInto([SEED], ['--no-pdf']);
    const repaired = await buildInto(['slides/docker.md'], ['--no-pdf']);
    const warnings = received.run.err.filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/docker-cours\.md: UTF-8 text had been decoded as Mac Roman; it was repaired/);
    expect(repaired.run.err).toEqual([]);
    const a = JSON.parse(readFileSync(join(received.dir, 'docker-cours', 'manifest.json'), 'utf8')) as Manifest;
    const b = JSON.parse(readFileSync(join(repaired.dir, 'docker', 'manifest.json'), 'utf8')) as Manifest;
    expect(a.decks).toEqual(b.decks);
    for (const d of a.decks) {
      expect(readFileSync(join(received.dir, 'docker-cours', d.html), 'utf8')).toBe(readFileSync(join(repaired.dir, 'docker', d.html), 'utf8'));
    }
  });
});

/** The characters of a text that no installed font has, as fontconfig says (the test's own ruler): on
 *  a machine without emoji or CJK fonts, `estrade doctor` rightly reports them. */
const undrawable = (text: string) =>
  [...new Set(text.match(/[^\x00-\x7f]/gu) ?? [])].filter((ch) => execFileSync('fc-list', [`:charset=${ch.codePointAt(0)!.toString(16)}`], { encoding: 'utf8' }).trim() === '');

/** What doctor says once nothing is left to fix but the characters no font draws. */
function allWellBut(run: { code: number; out: string[]; err: string[] }, missing: string[]): void {
  expect(run.err.filter((l) => !/no installed font can draw/.test(l))).toEqual([]);
  expect(run.err.filter((l) => /no installed font can draw/.test(l))).toHaveLength(missing.length);
  expect(run.code).toBe(missing.length ? 1 : 0);
}

describe('estrade doctor', () => {
  it('reports the damaged encoding with its line and exits 1', async () => {
    const run = await runCli(['doctor', SEED]);
    expect(run.code).toBe(1);
    expect(run.err).toContainEqual(expect.stringMatching(/docker-cours\.md:1: warning: encoding: UTF-8 text had been decoded as Mac Roman/));
    expect(run.out).toContainEqual(expect.stringMatching(/docker-cours\.md:\d+: info: French spacing/));
    // Dozens of lines need it: one line says so.
    expect(run.out.filter((l) => /French spacing/.test(l))).toHaveLength(1);
  });

  it('repairs the source with --fix, keeping the original as .bak, after which all is well', async () => {
    const dir = tempDir('estrade-doctor-');
    const file = join(dir, 'docker.md');
    copyFileSync(SEED, file);
    const fix = await runCli(['doctor', file, '--fix']);
    expect(fix.out).toContainEqual(expect.stringMatching(/repaired the encoding \(.+\) and wrote French spacing on \d+ lines \(the original is kept as .*docker\.md\.bak\)$/));
    expect(readFileSync(`${file}.bak`)).toEqual(readFileSync(SEED));
    expect(readFileSync(file, 'utf8')).toBe(frenchTypography(readFileSync('slides/docker.md', 'utf8')));
    const again = await runCli(['doctor', file]);
    const missing = undrawable(readFileSync(file, 'utf8'));
    allWellBut(again, missing);
    expect(again.out.at(-1)).toBe(missing.length ? `${missing.length} thing${missing.length > 1 ? 's' : ''} to look at` : 'nothing to fix');
    // --fix again: the file settles, and no second backup is made.
    const fixed = readFileSync(file);
    const twice = await runCli(['doctor', file, '--fix']);
    expect(twice.out.at(-1)).toBe(again.out.at(-1));
    expect(readFileSync(file)).toEqual(fixed);
    expect(readdirSync(dir).sort()).toEqual(['docker.md', 'docker.md.bak']);
  });

  it('lists the slides it splits, with their lines', async () => {
    const run = await runCli(['doctor', 'tests/fixtures/stress/stress.md']);
    allWellBut(run, undrawable(readFileSync('tests/fixtures/stress/stress.md', 'utf8')));
    expect(run.out).toContainEqual(expect.stringMatching(/stress\.md:73: info: slide "Un long Dockerfile" does not fit on one slide; Estrade splits it into [3-9] slides/));
  });

  it('finds headings that skip a level and empty sections', () => {
    const text = '# Cours\n### Trop profond\n## 1. Vide\n## 2. Plein\n### a\nx\n```\n#### pas un titre\n```\n';
    expect(headingJumps(text, 'c.md').map((d) => [d.line, d.message.slice(0, 30)])).toEqual([[2, 'heading level 3 follows level ']]);
    expect(emptySections(parseCourse(text, 'c.md').course).map((d) => d.line)).toEqual([3]);
  });
});

describe('estrade doctor on fonts', () => {
  it('reports, once and with its line, a character no installed font can draw; French, CJK and emoji are drawn', async () => {
    // The test's own ruler: fontconfig names a character that no installed font has.
    const candidates = ['ᚠ', '𓀀', '\u{1FBC5}', '\u{16FE4}', '\u{1E4D0}'];
    const absent = candidates.find((ch) => execFileSync('fc-list', [`:charset=${ch.codePointAt(0)!.toString(16)}`], { encoding: 'utf8' }).trim() === '');
    expect(absent, 'every candidate character has a font on this machine').toBeDefined();
    const dir = tempDir('estrade-glyphs-');
    const file = join(dir, 'runes.md');
    writeFileSync(file, `# Écritures\n\n## 1. Alphabets\n\nÉlève, 中文, 日本語, 🐳.\n\nUn signe ${absent}, encore ${absent}.\n`);
    const run = await runCli(['doctor', file]);
    const code = (ch: string) => ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    // On a machine without CJK or emoji fonts (the README's Quick start does not list them), those
    // are reported too, each once, as fontconfig says; the absent character always is.
    const drawable = (ch: string) => execFileSync('fc-list', [`:charset=${ch.codePointAt(0)!.toString(16)}`], { encoding: 'utf8' }).trim() !== '';
    const missing = [...new Set([...'Élève中文日本語🐳'])].filter((ch) => !drawable(ch));
    expect(run.err.filter((l) => /no installed font/.test(l))).toEqual([
      ...missing.map((ch) => expect.stringContaining(`runes.md:5: warning: no installed font can draw "${ch}" (U+${code(ch)})`)),
      expect.stringContaining(`runes.md:7: warning: no installed font can draw "${absent}" (U+${code(absent!)})`),
    ]);
  });
});
