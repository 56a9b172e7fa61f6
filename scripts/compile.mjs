#!/usr/bin/env node
// Compiles Estrade's TypeScript into one plain-JavaScript program, scripts/compiled/estrade.js, the
// package's `bin`. npm runs it on `npm install`, `npm ci` and `npm pack` (the `prepare` script).
// esbuild rather than tsc: loading a few bundled files instead of hundreds halves the start-up of a
// build. Output goes to a fresh folder that is renamed into place, so a process starting meanwhile
// sees either the previous program or the new one, never half of one.
import { build } from 'esbuild';
import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const scripts = dirname(fileURLToPath(import.meta.url));

// puppeteer-core's launcher finds and downloads browsers with @puppeteer/browsers: 2 MB of code with
// its proxy and archive libraries, a tenth of a second to load at every start. Estrade connects to
// the Chromium it starts itself (render/chromium.ts), so the program carries a stand-in instead: the
// same constants, and functions that say they are not there. (scripts/fetch-shell.mjs and the
// downloaded-browser lookup in render/browser.ts use the real package, from node_modules.)
const browsersStandIn = {
  name: 'puppeteer-browsers-stand-in',
  setup(build) {
    build.onResolve({ filter: /^@puppeteer\/browsers$/ }, () => ({ path: '@puppeteer/browsers', namespace: 'stand-in' }));
    build.onLoad({ filter: /.*/, namespace: 'stand-in' }, async () => {
      const real = await import('@puppeteer/browsers');
      const lines = ["const absent = () => { throw new Error('@puppeteer/browsers is not part of the compiled Estrade'); };"];
      for (const [name, value] of Object.entries(real)) {
        if (value instanceof RegExp) lines.push(`export const ${name} = ${value};`);
        else if (value && typeof value === 'object') lines.push(`export const ${name} = Object.freeze(${JSON.stringify(value)});`);
        else lines.push(`export const ${name} = absent;`);
      }
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};
const target = join(scripts, 'compiled');
const fresh = mkdtempSync(join(scripts, '.compiled-'));

try {
  writeFileSync(join(fresh, 'package.json'), '{ "type": "module" }\n');
  await build({
    entryPoints: { estrade: join(scripts, 'bin.ts') },
    outdir: fresh,
    bundle: true,
    // Split at dynamic imports, so Chromium starts before the rest of Estrade loads (scripts/bin.ts).
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    plugins: [browsersStandIn],
    // The Marp stack stays in node_modules: marp-cli reads its own files, and marp-core and marp-cli
    // must share one markdown-it and one Marpit. The small libraries and puppeteer-core go in.
    external: ['@marp-team/*', 'markdown-it', 'shiki', '@shikijs/*', 'beautiful-mermaid', 'katex', 'puppeteer', 'chromium-bidi', 'esbuild', 'tsx', 'typescript'],
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __estradeRequire } from 'node:module'; const require = __estradeRequire(import.meta.url);",
    },
  });
  const old = `${target}-old-${process.pid}`;
  try {
    renameSync(target, old);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  chmodSync(fresh, 0o755);
  chmodSync(join(fresh, 'estrade.js'), 0o755);
  renameSync(fresh, target);
  rmSync(old, { recursive: true, force: true });
} catch (e) {
  rmSync(fresh, { recursive: true, force: true });
  console.error(`estrade: could not compile scripts/: ${e.message}`);
  process.exit(1);
}
