#!/usr/bin/env node
// Part of `npm install` (the `prepare` script, after scripts/compile.mjs). Chromium's headless shell
// prints PDFs in about half the time of full Chrome. Estrade installs puppeteer-core, which never
// downloads a browser (a failed download would fail the whole install); so when the machine has no
// headless shell, this tries to download one into Puppeteer's cache, where Estrade looks for it, and
// gives up quietly when it cannot (offline, or a registry-only network): `npm install` always goes
// on, and builds use the system's Chrome or Chromium, or `estrade browser install`.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const say = (line) => process.stdout.write(`estrade: ${line}\n`);
// Where a system shell is looked for; ESTRADE_SHELL_PATHS replaces the list (for the tests).
const systemShells = process.env.ESTRADE_SHELL_PATHS !== undefined ? process.env.ESTRADE_SHELL_PATHS.split(':').filter(Boolean) : ['/usr/bin/chromium-headless-shell'];

async function main() {
  if (process.env.PUPPETEER_SKIP_DOWNLOAD || process.env.CHROME_PATH || process.env.PUPPETEER_EXECUTABLE_PATH) return;
  if (systemShells.some((path) => existsSync(path))) return;
  const { install, Browser, detectBrowserPlatform, computeExecutablePath } = await import('@puppeteer/browsers');
  const { PUPPETEER_REVISIONS } = require('puppeteer-core');
  const platform = detectBrowserPlatform();
  if (!platform) return;
  // Puppeteer's cache, where Estrade looks (src/render/browsers.ts).
  const cacheDir = process.env.PUPPETEER_CACHE_DIR || join(homedir(), '.cache', 'puppeteer');
  const buildId = PUPPETEER_REVISIONS['chrome-headless-shell'];
  if (!cacheDir || existsSync(computeExecutablePath({ browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir, platform }))) return;
  const timeout = new Promise((_, fail) => setTimeout(() => fail(new Error('no answer in 120 s')), 120_000).unref());
  try {
    const installed = await Promise.race([install({ browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir, platform }), timeout]);
    say(`downloaded Chromium's headless shell for faster PDFs: ${installed.executablePath}`);
  } catch (e) {
    const reason = String(e?.cause?.message ?? e?.message ?? e).split('\n').pop().replace(/^\s*-\s*/, '');
    say(`note: Chromium's headless shell could not be downloaded (${reason}); PDFs are printed with the browser installed`);
  }
}

await main().catch((e) => say(`note: Chromium's headless shell was not looked for (${e?.message ?? e})`));
