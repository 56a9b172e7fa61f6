// Set up before every test file: its temporary folders and its Chromium go when its tests end.
import { afterAll } from 'vitest';
import { disposeBrowser } from '../../src/render/browser.ts';
import { closeTestBrowser } from './browser.ts';
import { removeTempDirs } from './temp.ts';

afterAll(async () => {
  await disposeBrowser();
  await closeTestBrowser();
  removeTempDirs();
});
