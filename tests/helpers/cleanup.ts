// Set up before every test file: its temporary folders and its Chromium go when its tests end.
// Chromium's short temporary folder (when a nested TMPDIR is too long for its socket) is the file's
// own too: what a process killed on purpose leaves there goes with the file's folders.
import { afterAll } from 'vitest';
import { closeTestBrowser } from './browser.ts';
import { closeEstradeBrowser } from './estrade-browser.ts';
import { removeTempDirs, tempDir } from './temp.ts';

process.env.ESTRADE_SHORT_TMPDIR = tempDir('estrade-f-');

afterAll(async () => {
  await closeEstradeBrowser();
  await closeTestBrowser();
  removeTempDirs();
});
