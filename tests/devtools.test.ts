// The build's pages, driven over Chromium's pipe without Puppeteer (src/render/devtools.ts):
// what Puppeteer did for them, checked against Chromium itself.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLost } from '../src/render/browser.ts';
import { estradeBrowser } from './helpers/estrade-browser.ts';
import { withTestPage } from './helpers/browser.ts';
import { urlPicture } from './helpers/pictures.ts';

// A picture of 3 × 2 pixels, served a while after it is asked for.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGP4z8AAQQxwFgBB0gX7h/C5SAAAAABJRU5ErkJggg==', 'base64');
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((_, response) => setTimeout(() => response.writeHead(200, { 'content-type': 'image/png' }).end(PNG), 400));
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
});

/** Width and height written in a PNG's header: a ruler of its own, not Chromium's. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe("a build's page", () => {
  it('is ready only once its pictures have loaded', async () => {
    // A new tab (about:blank): a document written into a warm-up tab (a data: URL) did not load
    // this test's picture from a local server.
    const tab = await (await estradeBrowser().connection()).newTab();
    await tab.setContent(`<!DOCTYPE html><img src="${origin}/slow.png">`);
    const shown = await tab.evaluate<[boolean, number]>('[document.images[0].complete, document.images[0].naturalWidth]');
    // What to read once it has loaded, in the same round trip.
    const read = await tab.setContent<number>(`<!DOCTYPE html><img src="${origin}/slow.png?again">`, 'document.images[0].naturalWidth');
    await tab.close();
    expect(shown).toEqual([true, 3]);
    expect(read).toBe(3);
  });

  it('gives back what a script returns, awaited, and says why a script failed', async () => {
    await estradeBrowser().withPage(async (tab) => {
      expect(await tab.evaluate('Promise.resolve([1, { a: "é" }])')).toEqual([1, { a: 'é' }]);
      await expect(tab.evaluate('(() => { throw new Error("pas de diapositive ici"); })()')).rejects.toThrow(/pas de diapositive ici/);
    });
  });

  it('photographs the part of the document asked for, below the window too', async () => {
    const png = await estradeBrowser().withPage(async (tab) => {
      await tab.setViewport({ width: 200, height: 100 });
      await tab.setContent('<!DOCTYPE html><style>body{margin:0;height:3000px;background:#fff}div{position:absolute;top:1500px;left:0;width:60px;height:30px;background:#000}</style><div></div>');
      return tab.screenshot({ type: 'png', clip: { x: 0, y: 1490, width: 120, height: 50 } });
    });
    expect(pngSize(png)).toEqual([120, 50]);
    const picture = await withTestPage((page) => urlPicture(page, `data:image/png;base64,${png.toString('base64')}`));
    const grey = (x: number, y: number) => picture.grey[y * picture.width + x]!;
    // The black box starts 10 px down and is 60 px wide: white above it and beside it.
    expect([grey(5, 5), grey(5, 20), grey(30, 35), grey(90, 20)]).toEqual([255, 0, 0, 255]);
  });

  it('fails at once, in words the build knows, when Chromium quits while it waits', async () => {
    const tab = await estradeBrowser().takePage();
    const waiting = tab.evaluate('new Promise(() => {})');
    waiting.catch(() => undefined);
    process.kill(-estradeBrowser().pid!, 'SIGKILL');
    const failure = await waiting.then(() => undefined, (e: unknown) => e);
    expect(browserLost(failure)).toBe(true);
    expect(tab.isClosed()).toBe(true);
    // The next page comes from a new Chromium.
    expect(await estradeBrowser().withPage((next) => next.evaluate('1 + 1'))).toBe(2);
  }, 60_000);
});
