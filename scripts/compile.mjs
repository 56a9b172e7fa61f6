#!/usr/bin/env node
// Compiles Estrade's TypeScript into one plain-JavaScript program, lib/estrade.js, the
// package's `bin`. npm runs it on `npm install`, `npm ci` and `npm pack` (the `prepare` script).
// esbuild rather than tsc: loading a few bundled files instead of hundreds halves the start-up of a
// build. Output goes to a fresh folder that is renamed into place, so a process starting meanwhile
// sees either the previous program or the new one, never half of one.
import { build } from 'esbuild';
import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const target = join(root, 'lib');
const fresh = mkdtempSync(join(root, '.lib-'));

try {
  writeFileSync(join(fresh, 'package.json'), '{ "type": "module" }\n');
  await build({
    entryPoints: { estrade: join(root, 'src', 'bin.ts') },
    outdir: fresh,
    bundle: true,
    // Split at dynamic imports, so Chromium starts before the rest of Estrade loads (src/bin.ts).
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // The Marp stack stays in node_modules: marp-cli reads its own files, and marp-core and marp-cli
    // must share one markdown-it and one Marpit. The small libraries go in. Puppeteer is not part of
    // a build (render/devtools.ts): the downloaded-browser lookup loads it from node_modules.
    // ws is loaded only for a Chromium reached over a WebSocket (a snap, WSL): never at a start.
    external: ['@marp-team/*', 'markdown-it', 'shiki', '@shikijs/*', 'katex', 'puppeteer', 'puppeteer-core', '@puppeteer/browsers', 'chromium-bidi', 'esbuild', 'tsx', 'typescript', 'ws'],
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __estradeRequire } from 'node:module'; const require = __estradeRequire(import.meta.url);",
    },
  });
  // The scripts of the pages Estrade serves, for the browser, as src/page-scripts.ts bundles them.
  const pages = JSON.parse(readFileSync(join(root, 'src', 'page-scripts.json'), 'utf8'));
  await build({
    entryPoints: Object.fromEntries(Object.entries(pages.scripts).map(([name, file]) => [name, join(root, 'src', file)])),
    outdir: join(fresh, 'pages'),
    ...pages.esbuild,
    logLevel: 'warning',
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
  console.error(`estrade: could not compile src/: ${e.message}`);
  process.exit(1);
}
