// Puppeteer's own browser download cannot reach its server on machines with only the package
// registries: skip it when a system Chrome/Chromium exists (scripts/render/browser.ts finds it).
const { existsSync } = require('node:fs');

const systemBrowsers = [
  process.env.CHROME_PATH,
  process.env.PUPPETEER_EXECUTABLE_PATH,
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
].filter(Boolean);

module.exports = {
  skipDownload: systemBrowsers.some((path) => existsSync(path)),
};
