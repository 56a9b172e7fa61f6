// The scripts of the pages Estrade serves are TypeScript modules for the browser (src/**/page/*.ts),
// bundled by esbuild: the compiled program carries the same code the sources make.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_SCRIPTS, pageScript, type PageScript } from '../src/page-scripts.ts';
import { withClient } from '../src/dev/client.ts';

const root = join(import.meta.dirname, '..');
const pageModules = () => readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)page\/[^/]+\.ts$/.test(f)).sort();

describe('page scripts', () => {
  it('are every module of a page/ folder, each named, type-checked by the browser tsconfig and left out of the Node one', () => {
    expect(pageModules()).toEqual(Object.values(PAGE_SCRIPTS).sort());
    const browser = readFileSync(join(root, 'src/tsconfig.browser.json'), 'utf8');
    expect(browser).toMatch(/"include":\s*\["\*\*\/page\/\*\.ts"\]/);
    expect(browser).toMatch(/"types":\s*\[\]/);
    expect(JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).exclude).toEqual(['src/**/page/*.ts']);
  });

  it('are bundled into the compiled program exactly as from the sources (one set of esbuild settings)', () => {
    for (const name of Object.keys(PAGE_SCRIPTS) as PageScript[]) {
      expect(readFileSync(join(root, 'lib/pages', `${name}.js`), 'utf8'), name).toBe(pageScript(name));
    }
  });

  it('are self-contained functions that share the protocol with the server, no import left', () => {
    for (const name of Object.keys(PAGE_SCRIPTS) as PageScript[]) {
      const code = pageScript(name);
      expect(code, name).toMatch(/^"use strict";\n\(\(\) => \{/);
      expect(code, name).not.toMatch(/^\s*import\s|\brequire\(|\bimport\(/m);
      expect(code, name).toContain('"Projector"');
    }
    expect(pageScript('classroom')).toContain('"/__present/events"');
    const code = pageScript('live-reload');
    expect(code).toContain('"/__estrade/events"');
    expect(withClient('<html><body><p>x</p></body></html>')).toBe(`<html><body><p>x</p><script>${code}</script></body></html>`);
  });
});
