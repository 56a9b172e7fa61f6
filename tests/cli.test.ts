// The command line as the tools teachers already use: --help on each command, --version, the nearest
// option suggested, and the README and --help naming the same options.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/export/manifest.ts';
import { runCli } from './helpers/build.ts';
import { tempDir } from './helpers/temp.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const packageVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The options the README documents for a command: the `--x` in its section of "Commands". */
function readmeOptions(command: string): string[] {
  const section = readme.split(/^### /m).find((s) => s.startsWith(`\`estrade ${command} `));
  if (!section) throw new Error(`the README has no section for estrade ${command}`);
  return [...new Set(section.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [])].sort();
}

/** The options `estrade <command> --help` lists, read from its output. */
async function helpOptions(command: string): Promise<{ options: string[]; text: string }> {
  const run = await runCli([command, '--help']);
  expect(run.code).toBe(0);
  const text = run.out.join('\n');
  const options = text.split('\n').filter((l) => /^\s+(-\w, )?--/.test(l)).map((l) => /--[a-z-]+/.exec(l)![0]);
  return { options: [...new Set(options)].sort(), text };
}

describe.each(['build', 'dev', 'doctor'])('estrade %s --help', (command) => {
  it('explains every option, each on its own line with what it does', async () => {
    const { text } = await helpOptions(command);
    const rows = text.split('\n').filter((l) => /^\s+(-\w, )?--/.test(l));
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row.replace(/^\s+(-\w, )?--\S+( \S+)?\s+/, '').split(' ').length, row).toBeGreaterThan(2);
  });

  it('names the same options as the README, and the README the same as --help', async () => {
    const { options } = await helpOptions(command);
    const documented = readmeOptions(command);
    expect(documented.filter((o) => !options.includes(o)), 'in the README, not in --help').toEqual([]);
    expect(options.filter((o) => !documented.includes(o) && o !== '--help'), 'in --help, not in the README').toEqual([]);
  });
});

describe('estrade --version', () => {
  it("prints the package's version and exits 0", async () => {
    const run = await runCli(['--version']);
    expect(run).toEqual({ code: 0, out: [packageVersion], err: [] });
  });
});

describe('counts', () => {
  it('agree everywhere: the build message, the manifest, the index and the course page', async () => {
    const out = join(tempDir('estrade-counts-'), 'dist');
    const run = await runCli(['build', 'slides/docker.md', '--no-pdf', '--out', out]);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'docker', 'manifest.json'), 'utf8')) as Manifest;
    const sections = manifest.decks.reduce((n, d) => n + d.slides, 0);
    expect(run.out.join('\n')).not.toMatch(/rendering/);
    expect(run.out.at(-1)).toMatch(new RegExp(`^built 1 course: ${manifest.decks.length} section decks \\(${sections} slides\\) and the whole course \\(${manifest.full!.slides} slides\\) into`));
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain(`${manifest.decks.length} parties · ${sections} diapositives · Tout le cours\u00a0: ${manifest.full!.slides} diapositives`);
    const page = readFileSync(join(out, 'docker', 'index.html'), 'utf8');
    for (const d of manifest.decks) expect(page).toContain(`${d.slides} diapositives`);
    expect(page).toContain(`${manifest.full!.slides} diapositives`);
  });
});
