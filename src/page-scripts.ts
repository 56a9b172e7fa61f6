// The scripts Estrade puts into the pages it serves, written as TypeScript modules for the browser
// (src/**/page/*.ts, type-checked by src/tsconfig.browser.json) and bundled by esbuild, as
// page-scripts.json lists and sets them: scripts/compile.mjs bundles them into lib/pages/ with the
// program; run from the sources (tests, tsx), they are bundled on first use, so they are never
// older than the code that serves them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import pages from './page-scripts.json' with { type: 'json' };

/** Each page script by name, and its module under src/ (page-scripts.json, which compile.mjs reads too). */
export const PAGE_SCRIPTS = pages.scripts;

export type PageScript = keyof typeof PAGE_SCRIPTS;

const here = dirname(fileURLToPath(import.meta.url));
const fromSources = import.meta.url.endsWith('.ts');
const bundled = new Map<PageScript, string>();

function bundle(name: PageScript): string {
  // esbuild is a tool of the project's, not of the package: only the sources reach this line.
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const { outputFiles } = buildSync({ entryPoints: [join(here, PAGE_SCRIPTS[name])], ...PAGE_BUNDLE, write: false });
  return outputFiles[0]!.text;
}

/** esbuild's settings for a page script: one self-contained function, for the browsers of today. */
export const PAGE_BUNDLE = pages.esbuild as BuildOptions;

/** The script's JavaScript, safe to put between `<script>` and `</script>`. */
export function pageScript(name: PageScript): string {
  let code = bundled.get(name);
  if (code === undefined) {
    code = fromSources ? bundle(name) : readFileSync(join(here, 'pages', `${name}.js`), 'utf8');
    // esbuild writes `<\/script` inside strings; a stray closing tag would end the page's script.
    if (/<\/script/i.test(code)) throw new Error(`page script ${name} holds a closing </script> tag`);
    bundled.set(name, code);
  }
  return code;
}
