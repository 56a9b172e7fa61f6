#!/usr/bin/env node
// Runs Estrade's TypeScript CLI. The sources are bundled with esbuild into node_modules/.cache
// (about 20 ms, redone only when a source changed): loading one file instead of compiling each
// on the fly halves the start-up of a build. Without a writable cache it falls back to tsx.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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
    mkdirSync(outdir, { recursive: true });
    writeFileSync(join(outdir, 'package.json'), '{ "type": "module" }\n');
    // Split at dynamic imports, so Chromium can start before the rest of Estrade loads (scripts/bin.ts).
    await build({ entryPoints: [entry], outdir, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
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
