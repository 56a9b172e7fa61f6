// Integration: a French deck opened from file:// (a USB stick, no server), its presenter view opened
// with `p` as a teacher does: notes, the time of day on a 24-hour clock, a countdown from the
// lesson's minutes and the pacing, in French; the two windows kept in step.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto } from './helpers/build.ts';
import { testBrowser } from './helpers/browser.ts';

const ENGLISH = /\b(AM|PM|Timer|Next|Previous|Page \d+ of|Current time|Presenter view|Elapsed|Left)\b/;

describe("the deck's presenter view, from file://", () => {
  let deck = '';
  let audience: Page;
  let presenter: Page;

  beforeAll(async () => {
    const { dir } = await buildInto(['tests/fixtures/presenter/cours.md'], ['--notes', '--no-pdf']);
    deck = pathToFileURL(join(dir, 'cours', '01-les-adresses.teacher.html')).href;
    const browser = await testBrowser();
    audience = await browser.newPage();
    await audience.goto(deck);
    await audience.waitForSelector('svg[data-marpit-svg]');
    const opened = browser.waitForTarget((t) => t.url().includes('view=presenter'), { timeout: 15_000 });
    await audience.keyboard.press('p');
    presenter = (await (await opened).page())!;
    await presenter.waitForSelector('.estrade-clock .estrade-time', { timeout: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await presenter?.close();
    await audience?.close();
  });

  const read = (page: Page, selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText.trim());
  const visible = (page: Page) => page.evaluate(() => document.body.innerText);

  it('shows the time of day on a 24-hour clock and counts down from the lesson', async () => {
    const now = new Date();
    const shown = await read(presenter, '.estrade-time');
    expect(shown).toMatch(/^\d{2}:\d{2}$/);
    const [h, m] = shown.split(':').map(Number) as [number, number];
    const minutes = (h * 60 + m - (now.getHours() * 60 + now.getMinutes()) + 1440) % 1440;
    expect(Math.min(minutes, 1440 - minutes)).toBeLessThanOrEqual(1);
    expect(await read(presenter, '.estrade-left-label')).toBe('Restant');
    expect(await read(presenter, '.estrade-left')).toMatch(/^(30:00|29:[45]\d)$/);
    expect(await read(presenter, '.estrade-pace')).toBe("À l'heure");
  });

  it('speaks French only, marp-cli controls and clock included', async () => {
    const text = await visible(presenter);
    expect(text).toContain('Heure');
    expect(text).not.toMatch(ENGLISH);
    // marp-cli's own clock and count-up are gone from sight.
    expect(await presenter.$eval('.bespoke-marp-presenter-info-time', (e) => getComputedStyle(e).display)).toBe('none');
  });

  it('follows the slides shown in the other window, notes and pacing included', async () => {
    for (let i = 0; i < 3; i++) await audience.keyboard.press('ArrowRight');
    await presenter.waitForFunction(() => {
      const all = [...document.querySelectorAll('.bespoke-marp-parent svg[data-marpit-svg]')];
      return all.findIndex((s) => s.classList.contains('bespoke-marp-active')) === 3;
    }, { timeout: 10_000 });
    await presenter.waitForFunction(() => document.body.innerText.includes('Dessiner un masque au tableau.'), { timeout: 10_000 });
    // Three fifths of the deck in a moment: ahead of a 30-minute lesson.
    await presenter.waitForFunction(() => document.querySelector('.estrade-pace')?.textContent === 'En avance', { timeout: 5_000 });
  });

  it('says when the lesson runs behind, and when it is over', async () => {
    const key = await presenter.evaluate(() => Object.keys(sessionStorage).find((k) => k.startsWith('estrade.presenter-started'))!);
    await presenter.evaluate((k) => sessionStorage.setItem(k, String(Date.now() - 25 * 60_000)), key);
    await presenter.reload();
    await presenter.waitForSelector('.estrade-clock .estrade-time');
    await presenter.waitForFunction(() => document.querySelector('.estrade-pace')?.textContent === 'En retard', { timeout: 5_000 });
    expect(await read(presenter, '.estrade-left')).toMatch(/^0[45]:\d\d$/);
    await presenter.evaluate((k) => sessionStorage.setItem(k, String(Date.now() - 31 * 60_000)), key);
    await presenter.reload();
    await presenter.waitForFunction(() => document.querySelector('.estrade-left-label')?.textContent === 'Dépassé de', { timeout: 5_000 });
    expect(await read(presenter, '.estrade-left')).toMatch(/^\+0[01]:\d\d$/);
  });
});
