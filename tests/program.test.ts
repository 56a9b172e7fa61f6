// The compiled program (lib/, made by `npm test` and `npm install`): what a build loads
// before its first step is time spent at every start, with Chromium waiting.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const COMPILED = 'lib';
const source = (file: string) => readFileSync(join(COMPILED, file), 'utf8');

/** The files a start loads: the entry and every file it imports statically, transitively. */
function loadedAtStart(entry = 'estrade.js'): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, imported] of source(file).matchAll(/^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"/gm)) visit(imported!);
    // bin.ts loads the command line with `await import` before anything runs: part of every start.
    for (const [, imported] of source(file).matchAll(/^(?:var|const) \{[^}]*\} = await import\("\.\/([^"]+)"\)/gm)) visit(imported!);
  };
  visit(entry);
  return [...seen];
}

describe('the compiled program', () => {
  it('is found by this ruler: its start loads the command line and the pipe to Chromium', () => {
    const files = loadedAtStart();
    expect(files.length).toBeGreaterThan(3);
    expect(files.some((f) => /function main\(/.test(source(f)))).toBe(true);
    expect(files.some((f) => source(f).includes('--remote-debugging-pipe'))).toBe(true);
  });

  it('loads pdf-lib only when a build prints, not at its start', () => {
    const all = readdirSync(COMPILED).filter((f) => f.endsWith('.js'));
    expect(all.some((f) => source(f).includes('node_modules/pdf-lib/'))).toBe(true);
    expect(loadedAtStart().filter((f) => source(f).includes('node_modules/pdf-lib/'))).toEqual([]);
  });

  it('carries no Puppeteer: a build speaks the DevTools protocol to Chromium itself (a third of a second to load, more to connect)', () => {
    const all = readdirSync(COMPILED).filter((f) => f.endsWith('.js'));
    expect(all.filter((f) => /node_modules\/(puppeteer-core|@puppeteer\/browsers|chromium-bidi|ws)\//.test(source(f)))).toEqual([]);
    // The WebSocket library only for a Chromium that cannot take a pipe, loaded then.
    expect(loadedAtStart().filter((f) => /\bfrom\s*"ws"/.test(source(f)))).toEqual([]);
    expect(all.some((f) => /import\("ws"\)/.test(source(f)))).toBe(true);
    expect(all.filter((f) => /\bfrom\s*"puppeteer-core"|import\("puppeteer-core"\)/.test(source(f)))).toEqual([]);
    expect(all.some((f) => source(f).includes('Page.printToPDF'))).toBe(true);
  });

  it("imports markdown-it as Marp does (its CommonJS build), never a second copy through its ES module entry", () => {
    const all = readdirSync(COMPILED).filter((f) => f.endsWith('.js'));
    expect(all.filter((f) => /\bfrom\s*"markdown-it"|import\("markdown-it"\)/.test(source(f)))).toEqual([]);
  });

  it('is what the package ships, with the themes, the README and the licence: no source, test or tool', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as [{ files: { path: string }[] }];
    const tops = new Set(packed.files.map((f) => f.path.split('/')[0]));
    expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'lib', 'package.json', 'themes']);
    expect(packed.files.some((f) => f.path === 'lib/estrade.js')).toBe(true);
    expect(packed.files.filter((f) => f.path.endsWith('.ts'))).toEqual([]);
  });
});
