// The source tree: no module imports one that imports it back, directly or not, types included
// (each layer reads as a whole, and a start loads no more than it needs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function modules(folder: string, out: string[] = []): string[] {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) modules(path, out);
    else if (name.endsWith('.ts')) out.push(resolve(path));
  }
  return out;
}

describe('the source tree', () => {
  it('has no import circle', () => {
    const files = modules('src');
    const imports = new Map(files.map((file) => {
      const text = readFileSync(file, 'utf8');
      const found = [...text.matchAll(/(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => resolve(dirname(file), m[1] ?? m[2]!));
      return [file, found.filter((f) => files.includes(f))];
    }));
    expect(files.length).toBeGreaterThan(50);
    expect([...imports.values()].flat().length).toBeGreaterThan(100);
    const circles: string[] = [];
    const path: string[] = [];
    const done = new Set<string>();
    const visit = (file: string) => {
      path.push(file);
      for (const next of imports.get(file) ?? []) {
        if (path.includes(next)) circles.push(path.slice(path.indexOf(next)).map((f) => relative('src', f)).join(' → '));
        else if (!done.has(next)) visit(next);
      }
      path.pop();
      done.add(file);
    };
    for (const file of files) if (!done.has(file)) visit(file);
    expect(circles).toEqual([]);
  });

  it('keeps the product in src/: nothing there imports the tools of scripts/ or the tests', () => {
    const product = modules('src');
    expect(product.length).toBeGreaterThan(50);
    const outward = product.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\(\s*)['"](\.[^'"]+)['"]/g)]
        .map((m) => resolve(dirname(file), m[1]!))
        .filter((target) => !target.startsWith(resolve('src') + '/'))
        .map((target) => `${relative('.', file)} → ${relative('.', target)}`),
    );
    expect(outward).toEqual([]);
  });
});

// What a module may keep between calls besides constants: what is loaded or worked out once and is
// the same for every caller, which needs no closing. Anything with a lifecycle (a Chromium, its pages,
// a server) belongs to an object its owner creates and closes (render/browser.ts's Browser).
const KEPT_ONCE = new Map([
  ['src/export/printed.ts', ['assembling']], // pdf-lib and the assembly code, loaded on first print
  ['src/export/handout.ts', ['sheetCss']], // the handout sheet's CSS, read once
  ['src/export/html.ts', ['loading', 'saved']], // marp-cli loaded once; the console put back after it
  ['src/render/marp.ts', ['katexFontFaces', 'mathsKept']], // KaTeX's @font-face rules, read once; KaTeX's formulas kept from the first deck with maths
  ['src/interrupt.ts', ['outputWritten']], // the process's own Ctrl+C
]);

describe('state with a lifecycle', () => {
  it('is no module variable: only values loaded once, each listed here with why', () => {
    // The pages' own scripts (src/**/page/) run in the browser, one page each.
    const product = modules('src').filter((f) => !/[\\/]page[\\/]/.test(f));
    const found = product.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/^(?:export )?(?:let|var) (\w+)/gm)].map((m) => `${relative('.', file)}: ${m[1]}`));
    const allowed = [...KEPT_ONCE].flatMap(([file, names]) => names.map((n) => `${file}: ${n}`));
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((f) => !allowed.includes(f))).toEqual([]);
    // The browser's modules keep nothing at all.
    for (const file of ['src/render/browser.ts', 'src/render/chromium.ts', 'src/render/devtools.ts', 'src/render/diagrams.ts']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/^(?:export )?(?:let|var) /m);
    }
  });
});
