// PDF pages as grey pictures, drawn by poppler's pdftoppm (not Chromium, which printed them), and
// how much two pictures differ.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { tempDir } from './temp.ts';

export interface Picture {
  width: number;
  height: number;
  grey: Uint8Array;
}

/** Every page of a PDF at `dpi`, in page order. */
export function pagePictures(pdf: Uint8Array, dpi = 72): Picture[] {
  const dir = tempDir('estrade-pictures-');
  writeFileSync(join(dir, 'in.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', join(dir, 'in.pdf'), join(dir, 'page')]);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pgm'))
    .sort((a, b) => Number(/(\d+)\.pgm$/.exec(a)![1]) - Number(/(\d+)\.pgm$/.exec(b)![1]))
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      // Binary PGM: "P5", width, height, maximum, one whitespace, then one byte a pixel.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
      const width = Number(header[1]);
      const height = Number(header[2]);
      return { width, height, grey: bytes.subarray(header[0].length, header[0].length + width * height) };
    });
}

/** Share of pixels whose grey differs by more than 96 of 255: a line drawn a fraction of a pixel
 *  higher differs by less at its edges, a letter or a box moved by more. */
export function differingShare(a: Picture, b: Picture): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differ = 0;
  for (let i = 0; i < a.grey.length; i++) if (Math.abs(a.grey[i]! - b.grey[i]!) > 96) differ++;
  return differ / a.grey.length;
}

/** A picture (a data: or file: URL) as grey pixels, decoded by the page's image decoder. */
export async function urlPicture(page: Page, url: string): Promise<Picture> {
  const { width, height, grey } = (await page.evaluate(`(async () => {
    const picture = new Image();
    picture.src = ${JSON.stringify(url)};
    await picture.decode();
    const canvas = document.createElement('canvas');
    canvas.width = picture.naturalWidth;
    canvas.height = picture.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(picture, 0, 0);
    const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const grey = [];
    for (let i = 0; i < rgba.length; i += 4) grey.push(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
    return { width: canvas.width, height: canvas.height, grey };
  })()`)) as { width: number; height: number; grey: number[] };
  return { width, height, grey: Uint8Array.from(grey) };
}
