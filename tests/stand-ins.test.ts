// Fitting measures slides with pictures replaced by empty SVGs of their size: the sizes are read
// from real PNG, JPEG and WebP files (made by Chromium, the test's own ruler), and a slide lays out
// the same with the stand-in as with the picture.
import { describe, expect, it } from 'vitest';
import { imageSize, withStandIns } from '../src/render/stand-ins.ts';
import { withTestPage } from './helpers/browser.ts';

const picture = (type: 'png' | 'jpeg' | 'webp', width: number, height: number) =>
  withTestPage(async (page) => {
    await page.setViewport({ width, height });
    // Noise, so that the file is not a few bytes of one colour.
    await page.setContent(`<body style="margin:0">${Array.from({ length: 400 }, (_, i) => `<span style="color:hsl(${i * 37},70%,40%)">mot${i} </span>`).join('')}</body>`);
    return Buffer.from(await page.screenshot({ type }));
  });

describe('stand-ins for pictures while fitting', () => {
  it.each([
    ['png', 800, 450],
    ['jpeg', 640, 480],
    ['webp', 300, 700],
  ] as const)('reads the size of a %s (%i × %i)', async (type, width, height) => {
    expect(imageSize(await picture(type, width, height))).toEqual({ width, height });
  });

  it('replaces an embedded picture by an empty SVG of its size, and the slide lays out the same', async () => {
    const png = await picture('png', 900, 500);
    const html = `<div style="width:600px"><img style="max-width:100%" src="data:image/png;base64,${png.toString('base64')}"><p>Après</p></div>`;
    const stood = withStandIns(html, new Map());
    expect(stood.length).toBeLessThan(html.length / 10);
    expect(stood).toMatch(/data:image\/svg\+xml;base64,/);
    const heights = await withTestPage(async (page) => {
      const measure = async (markup: string) => {
        await page.setContent(markup, { waitUntil: 'load' });
        return page.$eval('p', (p) => p.getBoundingClientRect().top);
      };
      return [await measure(html), await measure(stood)];
    });
    expect(heights[0]).toBeGreaterThan(300);
    expect(heights[1]).toBe(heights[0]);
  });
});
