import { describe, expect, it } from 'vitest';
import { findBrowser } from '../scripts/render/browser.ts';

describe('finding the browser', () => {
  it('takes CHROME_PATH first when it exists', () => {
    expect(findBrowser({ CHROME_PATH: process.execPath }, ['/usr/bin/chromium'])).toBe(process.execPath);
  });

  it('falls back to the system browsers, then to Puppeteer’s', () => {
    expect(findBrowser({ CHROME_PATH: '/nowhere/chrome' }, ['/nowhere/chromium', process.execPath])).toBe(process.execPath);
    expect(findBrowser({}, [], [() => process.execPath])).toBe(process.execPath);
  });

  it('says what it tried and how to set CHROME_PATH when there is none', () => {
    expect(() => findBrowser({ CHROME_PATH: '/nowhere/chrome' }, ['/nowhere/chromium'], [() => '/nowhere/puppeteer-chrome'])).toThrow(
      /no Chrome or Chromium found \(tried \/nowhere\/chrome, \/nowhere\/chromium, \/nowhere\/puppeteer-chrome\) — install one \(Debian: apt-get install chromium-headless-shell\) or set CHROME_PATH/,
    );
  });
});
