// Paragraphs wrapped by hand flow on the slide; lines meant to be short stay lines.
import { describe, expect, it } from 'vitest';
import { composePieces, slicePieces } from '../src/course/blocks.ts';
import { hardWrapped } from '../src/course/hard-wraps.ts';
import { createEngine, OwnDeckMarp, renderDeck } from '../src/render/marp.ts';

const wrapped = [
  'PHP a une syntaxe similaire à celle de Java, JavaScript et d’autres langages de',
  'programmation. Comme n’importe quelle langue de la vie de tous les jours, PHP a',
  'des règles pour écrire du code.',
];

describe('a paragraph wrapped by hand', () => {
  it('is one whose lines end where the next word would have passed the widest line, mid-sentence', () => {
    expect(hardWrapped(wrapped)).toBe(true);
    expect(hardWrapped(['Les méthodes d’enseignement et d’apprentissage utilisées pour animer le', 'contenu sont les suivantes :'])).toBe(true);
  });

  it('is not a few short lines (an address, a poem), nor one sentence a line, nor a line ended early', () => {
    expect(hardWrapped(['Autres formats :', 'Présentation (web)', 'Présentation (PDF)'])).toBe(false);
    expect(hardWrapped(['Première étape : installer Docker sur la machine de la salle de classe.', 'Deuxième étape : lancer le conteneur.'])).toBe(false);
    expect(hardWrapped(['Une ligne coupée tôt,', 'puis une ligne bien plus longue que la première, qui va loin à droite du texte.'])).toBe(false);
    expect(hardWrapped(['Une seule ligne assez longue pour dépasser soixante caractères, mais seule.'])).toBe(false);
  });

  it('flows on the slide (no line break), in a paragraph and in a list item; short lines keep theirs', () => {
    const marp = createEngine([]);
    const html = renderDeck(marp, `# Titre\n\n${wrapped.join('\n')}\n\n- ${wrapped.join('\n  ')}\n\nAutres formats :\nPrésentation (web)\n`).html;
    expect(html).toContain('langages de programmation. Comme');
    expect(html.match(/langages de programmation/g)).toHaveLength(2);
    expect(html).toMatch(/Autres formats :<br \/>\s*Présentation \(web\)/);
  });

  it("stays as written in a teacher's own Marp deck, as marp-cli draws it", () => {
    const html = renderDeck(new OwnDeckMarp(), `# Titre\n\n${wrapped.join('\n')}\n`).html;
    expect(html).toMatch(/langages de<br \/>\s*programmation/);
  });

  it('is cut between slides as the flowing text it is: a part of it keeps no line end of the source', () => {
    const pieces = slicePieces(wrapped.join('\n'));
    expect(pieces.filter((p) => p.kind === 'sentence').length).toBeGreaterThanOrEqual(2);
    const marp = createEngine([]);
    for (let k = 1; k < pieces.length; k++) {
      for (const part of [pieces.slice(0, k), pieces.slice(k)]) {
        const text = composePieces(part);
        expect(text, text).not.toContain('\n');
        expect(renderDeck(marp, text).html).not.toContain('<br');
      }
    }
  });
});
