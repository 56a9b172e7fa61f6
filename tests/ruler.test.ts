// The tests' own ruler (tests/helpers/inspect.ts) is checked on slides made by hand, so that the
// overflow tests can be trusted: it must see text in the footer zone, past the right edge, or clipped.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectDeck, lostWords } from './helpers/inspect.ts';
import { tempDir } from './helpers/temp.ts';

const slide = (body: string) => `<svg data-marpit-svg viewBox="0 0 1280 720" width="1280" height="720"><foreignObject width="1280" height="720">
<section style="width:1280px;height:720px;padding:40px 60px;box-sizing:border-box;position:relative;font-size:28px;overflow:hidden">${body}
<footer style="position:absolute;bottom:20px;left:60px;font-size:18px">Cours · Partie 1</footer></section></foreignObject></svg>`;

async function inspect(...bodies: string[]) {
  const file = join(tempDir('estrade-ruler-'), 'deck.html');
  writeFileSync(file, `<!doctype html><html lang="fr"><body style="margin:0">${bodies.map(slide).join('\n')}</body></html>`);
  return inspectDeck(file);
}

describe("the tests' ruler", () => {
  it('passes a slide that fits', async () => {
    const deck = await inspect('<h2>Titre</h2><p>Une ligne qui tient.</p>');
    expect(deck.overflowing).toEqual([]);
    expect(deck.minFontPx).toBe(28);
  });

  it('sees a list running into the footer zone, text past the right edge, and a clipped code block', async () => {
    const items = Array.from({ length: 22 }, (_, i) => `<li>point ${i + 1}</li>`).join('');
    const deck = await inspect(
      '<p>Tient.</p>',
      `<ul>${items}</ul>`,
      `<p style="white-space:nowrap">${'docker ps --all --format table '.repeat(6)}</p>`,
      `<pre style="overflow:hidden;height:60px"><code>${'ligne\n'.repeat(10)}</code></pre>`,
    );
    expect(deck.overflowing).toEqual([2, 3, 4]);
    expect(deck.slides[1]!.outside.join(' ')).toMatch(/point (19|2[0-2])/);
  });

  it('counts words: a dropped repetition is a lost word', () => {
    expect(lostWords('le conteneur, le conteneur, le conteneur', 'le conteneur le conteneur')).toEqual(['le (written 3, shown 2)', 'conteneur (written 3, shown 2)']);
    expect(lostWords('le conteneur', 'le conteneur le conteneur')).toEqual([]);
  });
});
