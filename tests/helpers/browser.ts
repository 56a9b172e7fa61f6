// The tests' own Chromium, driven by Puppeteer: built decks, course pages and the dev server's pages
// are opened as a teacher's browser would open them (navigation, requests, clicks). It is not the
// one Estrade builds with, which the tests inspect apart. Closed when a test file ends (cleanup.ts).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findBrowser } from '../../src/render/browser.ts';
import { isHeadlessShell, sandboxUnavailable } from '../../src/render/chromium.ts';

let running: { browser: Promise<Browser>; profile: string } | undefined;

export function testBrowser(): Promise<Browser> {
  if (!running) {
    const executablePath = findBrowser();
    // Its profile and temporary folder in one folder of ours, removed with it.
    const profile = mkdtempSync(join(tmpdir(), 'estrade-test-chromium-'));
    mkdirSync(join(profile, 'tmp'));
    const browser = puppeteer.launch({
      executablePath,
      headless: isHeadlessShell(executablePath) ? 'shell' : true,
      userDataDir: join(profile, 'data'),
      args: sandboxUnavailable() ? ['--no-sandbox'] : [],
      env: { ...process.env, TMPDIR: join(profile, 'tmp') },
    });
    running = { browser, profile };
  }
  return running.browser;
}

export async function withTestPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await (await testBrowser()).newPage();
  try {
    return await fn(page);
  } finally {
    await page.close().catch(() => undefined);
  }
}

export async function closeTestBrowser(): Promise<void> {
  const r = running;
  running = undefined;
  if (!r) return;
  await (await r.browser.catch(() => undefined))?.close().catch(() => undefined);
  rmSync(r.profile, { recursive: true, force: true, maxRetries: 3 });
}
