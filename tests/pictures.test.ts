// Pictures wherever teachers put them — in a list item, a box (admonition, alert, fenced div), a
// table cell, a <details> — tall screenshots and wide diagrams alike: generated courses, built,
// then measured in Chromium with our own ruler. No slide may run past its bottom.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildInto } from './helpers/build.ts';
import { inspectDeck } from './helpers/inspect.ts';
import { withTestPage } from './helpers/browser.ts';
import { tempDir } from './helpers/temp.ts';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

/** A PNG of one grey with a dark frame, `width` × `height`: a screenshot's size, a few bytes. */
export function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0xc8);
  for (let y = 0; y < height; y++) {
    rows[y * (width + 1)] = 0;
    if (y < 4 || y >= height - 4) rows.fill(0x30, y * (width + 1) + 1, (y + 1) * (width + 1));
    else for (const x of [0, 1, 2, 3, width - 4, width - 3, width - 2, width - 1]) rows[y * (width + 1) + 1 + x] = 0x30;
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

// Where a picture goes, as teachers write it.
const PLACES: ((img: string, n: number) => string)[] = [
  (img, n) => `- Étape ${n} : ouvrir le terminal\n- Le résultat :\n\n    ${img}\n\n- Et ensuite`,
  (img, n) => `1. Lancer la requête ${n}\n   ${img}\n2. Lire le résultat`,
  (img, n) => `!!! example "Exemple ${n}"\n    Voici la capture :\n\n    ${img}\n\n    Elle montre la table.`,
  (img, n) => `> [!TIP]\n> Astuce ${n} :\n>\n> ${img}`,
  (img, n) => `::: callout\nEncadré ${n}.\n\n${img}\n:::`,
  (img, n) => `| Requête | Résultat |\n| --- | --- |\n| SELECT ${n} | ${img} |`,
  (img, n) => `<details><summary>Solution ${n}</summary>\n\n${img}\n\n</details>`,
  (img, n) => `??? abstract "Méthode ${n} : en ligne"\n    - Rendez-vous sur le site.\n    - Ouvrez le fichier \`livres.db\`.\n    - Écrivez votre requête puis cliquez sur Run.  \n    ${img}`,
  (img, n) => `Texte avant la figure ${n}.\n\n${img}\n\nTexte après.`,
  // In the last item of a list inside a box, after a hard line break: on the item's own line.
  (img, n) => `!!! abstract "Méthode ${n}"\n    - Rendez-vous sur le site\n    - Ouvrez le fichier \`livres.db\`.\n    - Écrivez votre requête puis cliquez sur Run.  \n    ${img}`,
  (img, n) => `- Première étape ${n}.\n- Deuxième étape : la capture.  \n  ${img}`,
];

function generatedCourse(seed: number, dir: string): string {
  let s = seed;
  const next = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  const slides: string[] = [];
  for (let i = 0; i < 10; i++) {
    // Tall screenshots, square ones and wide diagrams.
    const [w, h] = ([[500, 1400], [900, 900], [1600, 500], [400, 2400], [1200, 1000], [664, 489]] as const)[next(6)]!;
    const name = `capture-${seed}-${i}.png`;
    writeFileSync(join(dir, name), png(w, h));
    slides.push(`### Capture ${i}\n\n${PLACES[next(PLACES.length)]!(`![capture ${i}](${name})`, i)}`);
  }
  return `---\nlang: fr\n---\n# Captures ${seed}\n\n## 1. Requêtes\n\n${slides.slice(0, 5).join('\n\n')}\n\n## 2. Résultats\n\n${slides.slice(5).join('\n\n')}\n`;
}

describe('pictures wherever teachers put them', () => {
  it.each([1, 2, 3, 4, 5])('never run past the bottom of a slide (generated course %i)', async (seed) => {
    const dir = tempDir('estrade-pictures-course-');
    mkdirSync(dir, { recursive: true });
    const course = join(dir, `captures-${seed}.md`);
    writeFileSync(course, generatedCourse(seed, dir));
    const { dir: out } = await buildInto([course], ['--no-pdf']);
    for (const deck of ['01-requetes.html', '02-resultats.html']) {
      const inspection = await inspectDeck(join(out, `captures-${seed}`, deck), { opened: true });
      expect(inspection.overflowing, deck).toEqual([]);
      expect(inspection.brokenImages, deck).toEqual([]);
      // Every picture is drawn, none shrunk to a stamp: at least 150 px (of 720) tall or 300 px wide.
      const sizes = await withTestPage(async (page) => {
        await page.setViewport({ width: 1280, height: 720 });
        await page.goto(pathToFileURL(join(out, `captures-${seed}`, deck)).href, { waitUntil: 'load' });
        await page.addStyleTag({ content: 'svg[data-marpit-svg] { display: block !important; content-visibility: visible !important; } details { display: block } details > * { display: block !important }' });
        return page.$$eval('section img', (imgs) => imgs.map((img) => { const r = img.getBoundingClientRect(); return { alt: img.getAttribute('alt'), width: Math.round(r.width), height: Math.round(r.height) }; }));
      });
      expect(sizes.length).toBeGreaterThan(0);
      for (const size of sizes) expect(size.height >= 150 || size.width >= 300, `${deck}: ${JSON.stringify(size)}`).toBe(true);
    }
  }, 180_000);
});
