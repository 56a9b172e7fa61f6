// Where a teacher's Chrome, Chromium, Edge or Brave lives, on Linux, macOS and Windows, and
// Puppeteer's cache (where `estrade browser install` puts Chromium's headless shell). The lists
// are pure (platform and environment in, paths out) so that every platform's are tested anywhere.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** The usual places of a Chromium-based browser, the headless shell first (it prints fastest). */
export function systemBrowsers(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local')];
    const apps = [['Google', 'Chrome', 'Application', 'chrome.exe'], ['Chromium', 'Application', 'chrome.exe'], ['Microsoft', 'Edge', 'Application', 'msedge.exe'], ['BraveSoftware', 'Brave-Browser', 'Application', 'brave.exe']];
    return apps.flatMap((app) => roots.map((root) => win32.join(root, ...app)));
  }
  if (platform === 'darwin') {
    const apps = [['Google Chrome', 'Google Chrome'], ['Chromium', 'Chromium'], ['Microsoft Edge', 'Microsoft Edge'], ['Brave Browser', 'Brave Browser'], ['Google Chrome Canary', 'Google Chrome Canary']];
    return apps.flatMap(([app, binary]) => ['/Applications', posix.join(home, 'Applications')].map((root) => posix.join(root, `${app}.app`, 'Contents', 'MacOS', binary!)));
  }
  return [
    '/usr/bin/chromium-headless-shell',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/usr/bin/brave-browser',
    '/snap/bin/chromium',
    '/usr/local/bin/chromium',
    '/opt/google/chrome/chrome',
  ];
}

/** Puppeteer's cache folder: PUPPETEER_CACHE_DIR, else ~/.cache/puppeteer, as Puppeteer itself uses. */
export const puppeteerCache = (env: NodeJS.ProcessEnv = process.env, home = homedir()) => env.PUPPETEER_CACHE_DIR || posix.join(home, '.cache', 'puppeteer');

type BrowsersModule = typeof import('@puppeteer/browsers');
const browsersModule = () => createRequire(import.meta.url)('@puppeteer/browsers') as BrowsersModule;

/** Browsers in Puppeteer's cache, headless shell first, newest first: what `estrade browser install` or Puppeteer downloaded. */
export function cachedBrowsers(cacheDir = puppeteerCache()): string[] {
  if (!existsSync(cacheDir)) return [];
  const { computeExecutablePath, Browser } = browsersModule();
  const found: string[] = [];
  for (const browser of [Browser.CHROMEHEADLESSSHELL, Browser.CHROME, Browser.CHROMIUM]) {
    const folder = posix.join(cacheDir, browser);
    if (!existsSync(folder)) continue;
    // Folders are named <platform>-<build id>, e.g. linux-148.0.7778.97.
    const builds = readdirSync(folder)
      .map((name) => /^([a-z0-9]+)-(.+)$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => b[2]!.localeCompare(a[2]!, 'en', { numeric: true }));
    for (const [, platform, buildId] of builds) {
      try {
        const path = computeExecutablePath({ cacheDir, browser, buildId: buildId!, platform: platform as never });
        if (existsSync(path)) found.push(path);
      } catch {
        // A folder of another kind: not a browser.
      }
    }
  }
  return found;
}

/** Downloads Chromium's headless shell into Puppeteer's cache, with a progress line; its path. */
export async function installBrowser(progress: (done: number, total: number) => void, cacheDir = puppeteerCache()): Promise<string> {
  const { install, Browser, detectBrowserPlatform } = browsersModule();
  const { PUPPETEER_REVISIONS } = createRequire(import.meta.url)('puppeteer-core') as { PUPPETEER_REVISIONS: Record<string, string> };
  const platform = detectBrowserPlatform();
  if (!platform) throw new Error(`no Chromium build is made for ${process.platform} ${process.arch}`);
  const buildId = PUPPETEER_REVISIONS['chrome-headless-shell']!;
  const installed = await install({ browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir, platform, downloadProgressCallback: progress });
  return installed.executablePath;
}
