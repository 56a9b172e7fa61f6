// The course page's pictures of each deck's first slide: one page of them all, each styled by its
// deck's theme, and a theme's CSS (half a megabyte with its fonts) in that page once, not once a deck.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstSlidePictures, firstSlidesPage, type PicturedDeck } from '../src/export/thumbnail.ts';
import { Browser } from '../src/render/browser.ts';
import { createEngine, renderDeck } from '../src/render/marp.ts';
import { withTestPage } from './helpers/browser.ts';

const engine = createEngine(['estrade', 'docker', 'example-school'].map((t) => readFileSync(`themes/${t}.css`, 'utf8')));
const deck = (theme: string, n: number): PicturedDeck => ({
  key: `${String(n).padStart(2, '0')}-partie.html`,
  lang: 'fr',
  rendered: renderDeck(engine, `---\nmarp: true\ntheme: ${theme}\n---\n\n<!-- _class: section -->\n# Partie ${n}\n`),
});

describe("the course page's first-slide pictures", () => {
  it("holds a theme's CSS once however many decks share it, and each different one", () => {
    const shared = Array.from({ length: 24 }, (_, i) => deck('estrade', i + 1));
    const page = firstSlidesPage(shared);
    expect(page.split(shared[0]!.rendered.css).length - 1).toBe(1);
    const mixed = [deck('estrade', 1), deck('docker', 2), deck('estrade', 3)];
    const both = firstSlidesPage(mixed);
    expect(both.split(mixed[0]!.rendered.css).length - 1).toBe(1);
    expect(both.split(mixed[1]!.rendered.css).length - 1).toBe(1);
  });

  it('takes the pictures of a course again only when one of its first slides changed (estrade dev exports at each pause)', async () => {
    const browser = new Browser();
    let opened = 0;
    const withPage = browser.withPage.bind(browser);
    browser.withPage = (fn) => (opened++, withPage(fn));
    try {
      const decks = [deck('estrade', 1), deck('estrade', 2)];
      const first = (await firstSlidePictures([{ name: 'pictured', decks }], browser)).get('pictured')!;
      const again = (await firstSlidePictures([{ name: 'pictured', decks: [deck('estrade', 1), deck('estrade', 2)] }], browser)).get('pictured')!;
      expect(opened).toBe(1);
      expect(again).toEqual(first);
      const changed = (await firstSlidePictures([{ name: 'pictured', decks: [deck('estrade', 1), deck('docker', 2)] }], browser)).get('pictured')!;
      expect(opened).toBe(2);
      expect(changed.strip).not.toBe(first.strip);
    } finally {
      await browser.close();
    }
  });

  it('draws every first slide in its theme, the last as the first', async () => {
    const decks = Array.from({ length: 6 }, (_, i) => deck('docker', i + 1));
    const styles = await withTestPage(async (page) => {
      await page.setContent(firstSlidesPage(decks));
      return page.$$eval('section', (sections) => sections.map((s) => ({ border: getComputedStyle(s).borderLeftWidth, h1: getComputedStyle(s.querySelector('h1')!).fontSize, text: s.textContent!.trim() })));
    });
    expect(styles.map((s) => s.text)).toEqual(decks.map((_, i) => `Partie ${i + 1}`));
    // The theme's section slide: a wide band on the left and a big title, on the sixth as on the first.
    expect(new Set(styles.map((s) => `${s.border} ${s.h1}`)).size).toBe(1);
    expect(parseFloat(styles[0]!.border)).toBeGreaterThan(20);
  });
});
