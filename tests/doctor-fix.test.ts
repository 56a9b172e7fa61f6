// `estrade doctor --fix` changes only what it reports (the encoding, the spaces before French
// punctuation): line ends, the BOM or its absence and code blocks stay as written, the original is
// kept byte for byte, and an earlier backup is never overwritten.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFrenchSpacing } from '../src/course/typography.ts';
import { runCli } from './helpers/build.ts';
import { tempDir } from './helpers/temp.ts';

const lines = [
  '---',
  'author: Équipe réseau',
  '---',
  '# Réseaux : les bases',
  '',
  '## 1. Le modèle OSI',
  '',
  "Sept couches : de la physique à l'application !",
  '',
  '```sh',
  'echo "a : b ; c ?"',
  '```',
  '',
  '## 2. Adresses',
  '',
  'Pourquoi IPv6 ? Parce que « IPv4 » est épuisé.',
];

/** Windows-1252 bytes of text whose characters are all Latin-1 (the test's own encoder). */
const cp1252 = (text: string) => Buffer.from(text, 'latin1');
const NB = /[\u00a0\u202f]/;

async function fix(name: string, bytes: Buffer) {
  const dir = tempDir('estrade-fix-');
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const run = await runCli(['doctor', file, '--fix']);
  return { file, run, after: readFileSync(file) };
}

describe('estrade doctor --fix', () => {
  it('on a Windows-1252 file with CRLF: UTF-8, the same CRLF line ends, code untouched, the original as .bak', async () => {
    const original = cp1252(lines.join('\r\n') + '\r\n');
    const { file, run, after } = await fix('reseaux.md', original);
    expect(run.out.join('\n')).toMatch(/: repaired the encoding \(.+\) and wrote French spacing on \d+ lines \(the original is kept as .*\.bak\)$/m);
    expect(readFileSync(`${file}.bak`)).toEqual(original);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(after);
    expect(text.match(/\r\n/g)).toHaveLength(lines.length);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const fixed = text.split('\r\n');
    expect(fixed).toHaveLength(lines.length + 1);
    lines.forEach((line, i) => expect(fixed[i]!.replace(/[\u00a0\u202f]/g, ' '), `line ${i + 1}`).toBe(line));
    expect(fixed[3]).toMatch(/^# Réseaux\u00a0: les bases$/);
    expect(fixed[10]).toBe('echo "a : b ; c ?"');
    expect(fixed[15]).toMatch(NB);
    const build = await runCli(['build', file, '--no-pdf', '--out', join(tempDir('estrade-fix-out-'), 'dist')]);
    expect(build.code, build.err.join('\n')).toBe(0);
  });

  it('keeps a UTF-8 BOM, and LF files stay LF', async () => {
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n') + '\n', 'utf8')]);
    const { after } = await fix('bom.md', original);
    expect([...after.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(after.includes('\r')).toBe(false);
    expect(after.toString('utf8').split('\n')).toHaveLength(lines.length + 1);
  });

  it('never overwrites an earlier backup: a second run keeps the first original', async () => {
    const original = cp1252(lines.join('\r\n'));
    const { file } = await fix('twice.md', original);
    writeFileSync(file, Buffer.from(readFileSync(file, 'utf8').replace(/\u00a0:/, ' :'), 'utf8'));
    const second = await runCli(['doctor', file, '--fix']);
    expect(second.out.join('\n')).toMatch(/twice\.md\.[\dT-]+Z\.bak/);
    expect(readFileSync(`${file}.bak`)).toEqual(original);
  });

  it('keeps each line end as written, LF, CRLF or CR (pure step)', () => {
    expect(withFrenchSpacing('---\r\na: b\r\n---\r\nUn : deux\nTrois ?\rfin', 4)).toBe('---\r\na: b\r\n---\r\nUn\u00a0: deux\nTrois\u202f?\rfin');
  });
});
