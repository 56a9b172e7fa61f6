// Every way a teacher's input can go wrong: one clear line, the right exit code, no stack trace,
// and the previous output left exactly as it was.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/build.ts';
import { fingerprint } from './helpers/fingerprint.ts';
import { tempDir } from './helpers/temp.ts';

const fixtures = 'tests/fixtures/errors';

function previousOutput(): string {
  // In a folder of its own: the build stages beside its output, and only this test's staging is looked at.
  const dir = join(tempDir('estrade-previous-'), 'dist');
  mkdirSync(join(dir, 'docker'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<p>previous build</p>');
  writeFileSync(join(dir, 'docker', 'manifest.json'), '{"course":"docker"}');
  return dir;
}

const cases = [
  { name: 'invalid YAML front matter', input: `${fixtures}/bad-yaml.md`, message: /^tests\/fixtures\/errors\/bad-yaml\.md:2: error: the front matter cannot be read: a quote or bracket is never closed — write one "key: value" per line between the --- lines$/ },
  { name: 'an unknown theme', input: `${fixtures}/unknown-theme.md`, message: /unknown-theme\.md:2: error: unknown theme "inexistant" — use one of: default, gaia, uncover, docker, estrade, .*themes are looked for in Estrade's themes\/, the project's themes\/ and a themes\/ folder beside the course/ },
  { name: 'a missing input', input: `${fixtures}/nowhere.md`, message: /nowhere\.md: error: no such file or folder/ },
  { name: 'an empty file', input: `${fixtures}/empty.md`, message: /empty\.md:1: error: the file is empty/ },
  { name: 'a binary file', input: `${fixtures}/binary.md`, message: /binary\.md:2: error: this is a binary file, not Markdown text/ },
  { name: 'a folder with no course', input: `${fixtures}/no-course`, message: /no-course: error: this folder has no course/ },
  { name: 'a missing image', input: `${fixtures}/missing-image.md`, message: /missing-image\.md:6: error: image "absent\.png" not found — check the path/ },
];

describe.each(cases)('a build given $name', ({ input, message }) => {
  it('says what and where in one line, exits 1, and leaves the previous output as it was', async () => {
    const out = previousOutput();
    const before = fingerprint(out);
    const run = await runCli(['build', input, '--out', out, '--no-pdf']);
    expect(run.code).toBe(1);
    expect(run.err.some((line) => message.test(line)), run.err.join('\n')).toBe(true);
    expect(run.err.join('\n')).not.toMatch(/\n\s+at /);
    expect(fingerprint(out)).toEqual(before);
    expect(readdirSync(join(out, '..')).filter((n) => n.startsWith('.estrade-'))).toEqual([]);
  });
});

describe('the output folder', () => {
  it('reports an output that cannot be written, exit 1', async () => {
    const parent = tempDir('estrade-unwritable-');
    writeFileSync(join(parent, 'a-file'), 'not a folder');
    const run = await runCli(['build', 'slides/docker.md', '--out', join(parent, 'a-file', 'dist'), '--no-pdf']);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/a-file\/dist: error: cannot write the output \(E\w+\) — choose a writable folder with --out/);
  });
});

describe('usage', () => {
  it.each([
    [['build', '--handout', '5'], /--handout takes 1, 2, 3, 4 or 6/],
    [['build', '--paper', 'a3'], /--paper takes a4 or letter/],
    [['build', '--frobnicate'], /"estrade build" has no option --frobnicate$/m],
    [['build', '--nopdf'], /"estrade build" has no option --nopdf — did you mean --no-pdf\?/],
    [['dev', '--no-opne'], /"estrade dev" has no option --no-opne — did you mean --no-open\?/],
    [['publish'], /unknown command "publish"/],
    [['present', '--minutes', 'une'], /--minutes takes the minutes of the lesson, such as 55, not "une"/],
    [['present', '--port', 'x'], /--port takes a port number, not "x"/],
    [['biuld'], /unknown command "biuld" — did you mean "build"\?/],
    [['doctor', '--pptx'], /"estrade doctor" has no option --pptx/],
    [[], /usage: estrade build/],
  ])('exits 2 with the usage line for %j', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect([...run.err, ...run.out].join('\n')).toMatch(message);
    expect([...run.err, ...run.out].join('\n')).toMatch(/usage: estrade (build|dev|present|doctor)/);
  });

  it('shows the stack trace with --debug', async () => {
    const run = await runCli(['build', `${fixtures}/nowhere.md`, '--debug', '--no-pdf']);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/\n\s+at /);
  });
});

describe('building one course into an output that has others', () => {
  it('keeps the other courses on the index', async () => {
    const out = tempDir('estrade-two-');
    expect((await runCli(['build', 'tests/fixtures/small/short-course.md', '--out', out, '--no-pdf'])).code).toBe(0);
    expect((await runCli(['build', 'tests/fixtures/dark/dark-room.md', '--out', out, '--no-pdf'])).code).toBe(0);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('href="short-course/index.html"');
    expect(index).toContain('href="dark-room/index.html"');
  });
});

describe('a course file that cannot be read', () => {
  it('is one line with the file and what to do, from build and from doctor, never a stack', async () => {
    const dir = tempDir('estrade-unreadable-');
    const file = join(dir, 'cours.md');
    writeFileSync(file, '# Cours\n\n## 1. Partie\n\nTexte.\n');
    // A dangling link: the name is there, the file behind it is not (works as root, unlike chmod).
    const link = join(dir, 'lien.md');
    (await import('node:fs')).symlinkSync(join(dir, 'absent.md'), link);
    for (const command of ['build', 'doctor']) {
      const run = await runCli([command, link, ...(command === 'build' ? ['--no-pdf', '--out', join(dir, 'dist')] : [])]);
      expect(run.code, command).toBe(1);
      expect(run.err.join('\n'), command).toMatch(/lien\.md(:\d+)?: error: (cannot read the file \(it no longer exists\)|no such file or folder) — /);
      expect(run.err.join('\n'), command).not.toMatch(/internal error|\n\s+at /);
    }
  });
});
