// The project reads nothing outside its own folder: a teacher's clone has nothing beside it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
}

const TEXT = /\.(ts|mjs|cjs|js|json|md|css|sh|ya?ml)$|^\.ci\/|^\.[a-z]+rc/;
const outside = (path: string) => relative(root, path).startsWith('..');

/** Relative paths that climb out of the repository, from the file's folder and from the project's. */
export function pathsOutside(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![\w/%.])((?:\.\.\/)+)([\w@.-][\w@./-]*)/g)) {
    const path = match[0];
    if (outside(resolve(root, dirname(file), path)) && outside(resolve(root, path))) found.push(path);
    // A folder of our CI checkout's, whichever way it is reached.
    else if (/^(\.\.\/)+shared\//.test(path)) found.push(path);
  }
  return found;
}

describe('the project is self-contained', () => {
  it('spots a path out of the repository (the ruler itself)', () => {
    // Spelt in pieces, so that this file does not itself mention them.
    const up = '..' + '/';
    expect(pathsOutside('tests/x.test.ts', `readFileSync(new URL('${up}${up}shared/seed/docker-cours.md'))`)).toEqual([`${up}${up}shared/seed/docker-cours.md`]);
    expect(pathsOutside('tests/x.test.ts', `const SEED = '${up}shared/seed/docker-cours.md';`)).toEqual([`${up}shared/seed/docker-cours.md`]);
    expect(pathsOutside('README.md', 'npm run bench -- ../other/*.md')).toEqual(['../other/']);
    expect(pathsOutside('tests/x.test.ts', "import { a } from '../src/cli.ts'")).toEqual([]);
  });

  it('no tracked file mentions a path outside the repository', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(20);
    const offenders = files
      .filter((f) => TEXT.test(f) && f !== 'package-lock.json' && existsSync(join(root, f)))
      .flatMap((f) => pathsOutside(f, readFileSync(join(root, f), 'utf8')).map((p) => `${f}: ${p}`));
    expect(offenders).toEqual([]);
  });

  it('keeps the seed exactly as the teacher handed it over (mis-encoded, byte for byte)', () => {
    const seed = readFileSync(join(root, 'tests/fixtures/docker-cours.md'));
    // "√©" is "é" read as Mac Roman: the damage the course arrived with.
    expect(seed.toString('utf8')).toContain('√©');
    // The SHA-256 of the file as received, taken when it was copied in.
    expect(createHash('sha256').update(seed).digest('hex')).toBe('d83a23cb7cd4989d52f82ccf912d1b0db3a7b45250ccf052282d8fec09ce7f86');
  });
});
