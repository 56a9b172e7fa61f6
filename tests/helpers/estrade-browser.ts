// Estrade's own Chromium for the tests that build in-process: one a test file, as a command owns one,
// closed when the file ends (cleanup.ts). Not the tests' Puppeteer browser (browser.ts).
import { Browser } from '../../src/render/browser.ts';

let current: Browser | undefined;

export const estradeBrowser = (): Browser => (current ??= new Browser());

export async function closeEstradeBrowser(): Promise<void> {
  const browser = current;
  current = undefined;
  await browser?.close();
}
