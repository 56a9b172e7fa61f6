// A solution to reveal (`<details>`) longer than a slide: printed open in PDFs and handouts, and
// opened in class. It is cut like a box, each part a <details> of its own with the same summary:
// nothing past the slide's bottom when opened, no line of it lost, no warning.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composePieces, slicePieces } from '../src/course/blocks.ts';
import { buildInto } from './helpers/build.ts';
import { inspectDeck } from './helpers/inspect.ts';
import { tempDir } from './helpers/temp.ts';

const php = (lines: number, tag: string) => Array.from({ length: lines }, (_, i) => `echo "${tag} ligne ${i + 1}";`).join('\n');

describe('slicing a <details>', () => {
  const body = `Écrire la boucle.\n\n<details>\n<summary>Solution</summary>\n\n\`\`\`php\n${php(12, 'a')}\n\`\`\`\n\nLa boucle s'arrête.\n\n</details>`;

  it('gives the pieces inside it, each composed back into a <details> with its summary', () => {
    const pieces = slicePieces(body);
    const inside = pieces.filter((p) => p.wrap);
    expect(inside.filter((p) => p.kind === 'line')).toHaveLength(12);
    expect(inside.at(-1)!.kind).toBe('sentence');
    expect(composePieces(pieces)).toBe(body);
    const second = composePieces(pieces.filter((p) => p.kind === 'line').slice(6));
    expect(second).toBe(`<details>\n<summary>Solution</summary>\n\n\`\`\`php\n${php(12, 'a').split('\n').slice(6).join('\n')}\n\`\`\`\n\n</details>`);
  });

  it('keeps a <details> whose opening says more than its summary whole, as before', () => {
    const other = `<details>\n<summary>Solution</summary>\n<p>Texte HTML.</p>\n\n\`\`\`php\n${php(3, 'b')}\n\`\`\`\n\n</details>`;
    expect(slicePieces(other).map((p) => p.kind)).toEqual(['block']);
  });
});

describe('a solution longer than a slide, in a built course', () => {
  const forms = [
    (n: number) => `<details>\n<summary>Solution ${n}</summary>\n\n\`\`\`php\n${php(34, `s${n}`)}\n\`\`\`\n\n</details>`,
    (n: number) => `Consigne ${n} : afficher les lignes.\n\n<details>\n<summary><b>Correction ${n}</b></summary>\n\n\`\`\`php\n${php(22, `c${n}`)}\n\`\`\`\n\nOn remarque que la boucle s'arrête. Puis on affiche le total.\n\n\`\`\`php\n${php(9, `d${n}`)}\n\`\`\`\n\n</details>`,
    (n: number) => `<details open>\n<summary>Indice ${n}</summary>\n\n- un\n- deux\n- trois\n\n\`\`\`php\n${php(28, `i${n}`)}\n\`\`\`\n\n</details>`,
  ];

  it('cuts it between slides, each part a <details>: nothing past the bottom when opened, no line lost, no warning', async () => {
    const dir = tempDir('estrade-solutions-');
    const course = join(dir, 'solutions.md');
    writeFileSync(course, `---\nlang: fr\n---\n# PHP\n\n## 1. Boucles\n\n${forms.map((f, n) => `### Exercice ${n + 1}\n\n${f(n + 1)}`).join('\n\n')}\n`);
    const { dir: out, run } = await buildInto([course], ['--no-pdf']);
    expect(run.err.filter((l) => /warning/.test(l))).toEqual([]);
    const inspection = await inspectDeck(join(out, 'solutions', '01-boucles.html'), { opened: true });
    expect(inspection.overflowing).toEqual([]);
    for (const tag of ['s1', 'c2', 'd2', 'i3']) {
      const count = { s1: 34, c2: 22, d2: 9, i3: 28 }[tag]!;
      for (let i = 1; i <= count; i++) expect(inspection.text, `${tag} ligne ${i}`).toContain(`${tag} ligne ${i}"`);
    }
    // Each part repeats the summary: a student knows what they are opening.
    expect(inspection.text.match(/Solution 1/g)!.length).toBeGreaterThanOrEqual(2);
    expect(inspection.text.match(/Indice 3/g)!.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
