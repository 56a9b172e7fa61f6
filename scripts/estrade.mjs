#!/usr/bin/env node
// Runs Estrade's TypeScript CLI. The sources are bundled with esbuild into node_modules/.cache
// (redone only when a source changed): loading a few files instead of compiling each on the fly
// halves the start-up of a build. Without a writable cache it falls back to tsx.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'scripts', 'bin.ts');
const outdir = join(root, 'node_modules', '.cache', 'estrade');
const bundle = join(outdir, 'bin.js');

const newestSource = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, e) => {
    const path = join(dir, e.name);
    return Math.max(newest, e.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }, 0);

async function bundled() {
  try {
    if (statSync(bundle, { throwIfNoEntry: false })?.mtimeMs > newestSource(join(root, 'scripts'))) return bundle;
    const { build } = await import('esbuild');
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
    // Split at dynamic imports, so Chromium can start before the rest of Estrade loads (scripts/bin.ts).
    // The small libraries and puppeteer-core (hundreds of little files) go into the bundle, which
    // saves about 0.2 s of loading. The Marp stack stays in node_modules: marp-cli reads its own
    // files, and marp-core and marp-cli must share one markdown-it and one Marpit.
    await build({
      entryPoints: [entry],
      outdir,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      external: ['@marp-team/*', 'markdown-it', 'shiki', '@shikijs/*', 'beautiful-mermaid', 'katex', 'puppeteer', 'chromium-bidi', 'esbuild', 'tsx', 'typescript'],
      // CommonJS libraries in an ES module bundle still call require().
      banner: { js: "import { createRequire as __estradeRequire } from 'node:module'; const require = __estradeRequire(import.meta.url);" },
    });
    return bundle;
  } catch {
    return undefined;
  }
}

const file = await bundled();
if (file) {
  await import(pathToFileURL(file).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
