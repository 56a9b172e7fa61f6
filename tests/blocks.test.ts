import { describe, expect, it } from 'vitest';
import { composePieces, sentencesOf, slicePieces } from '../src/course/blocks.ts';
import { hardWrapped } from '../src/course/hard-wraps.ts';

describe('pieces of a slide', () => {
  it('gives back the slide when all pieces are composed', () => {
    const body = 'Une phrase. Une autre !\nLigne suivante.\n\n- a\n- b\n\n| h | i |\n|---|---|\n| 1 | 2 |\n\n```js\nx\n```';
    expect(composePieces(slicePieces(body))).toBe(body);
  });

  it('keeps the numbering of an ordered list that continues on the next slide', () => {
    const pieces = slicePieces('1. un\n1. deux\n1. trois');
    expect(composePieces(pieces.slice(2))).toBe('3. trois');
  });

  it('keeps nested items with their parent item', () => {
    const pieces = slicePieces('- parent\n  - enfant\n- autre');
    expect(pieces.map((p) => p.text)).toEqual(['- parent\n  - enfant', '- autre']);
  });

  it('repeats the table header on every part of a table', () => {
    const pieces = slicePieces('| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |');
    expect(composePieces(pieces.slice(1))).toBe('| A | B |\n|---|---|\n| 3 | 4 |');
  });

  it('reopens the code fence with its language', () => {
    const pieces = slicePieces('```dockerfile\nFROM a\nRUN b\nCMD c\n```');
    expect(pieces).toHaveLength(3);
    expect(composePieces(pieces.slice(1))).toBe('```dockerfile\nRUN b\nCMD c\n```');
  });

  it('splits a paragraph between sentences, and marks only its end as a clean boundary', () => {
    const pieces = slicePieces('Première phrase. Deuxième phrase ? Troisième.');
    expect(pieces.map((p) => [p.text, p.boundary])).toEqual([
      ['Première phrase.', false],
      ['Deuxième phrase ?', false],
      ['Troisième.', true],
    ]);
  });

  it('keeps display math whole', () => {
    expect(slicePieces('$$\nE = mc^2. F = ma\n$$')).toHaveLength(1);
  });
});

describe('a list item too long for a slide', () => {
  const item = '- En Bash, utilisez **ctrl-w** pour effacer le mot précédent.\nUtilisez **alt-b** et **alt-f** pour se déplacer.\nVoir `man readline`.\nIl y en a beaucoup.\nPar exemple **alt-.** fait défiler les arguments.';

  it('may be cut between its lines: the rest reads as a paragraph on the next slide, every word kept', () => {
    const pieces = slicePieces(`${item}\n- Un autre point.`);
    expect(pieces.map((p) => p.boundary)).toEqual([false, false, false, false, true, true]);
    expect(composePieces(pieces.slice(0, 2))).toBe('- En Bash, utilisez **ctrl-w** pour effacer le mot précédent.\nUtilisez **alt-b** et **alt-f** pour se déplacer.');
    expect(composePieces(pieces.slice(2))).toBe('Voir `man readline`.\nIl y en a beaucoup.\nPar exemple **alt-.** fait défiler les arguments.\n\n- Un autre point.');
    expect(composePieces(pieces)).toBe(`${item}\n- Un autre point.`);
  });
});

describe('a long list item that holds a code block', () => {
  it('stays one piece: a cut between its lines would break the fence', () => {
    const item = '- Pour unir deux fichiers :\n  tapez ceci\n  ```sh\n  sort a b | uniq > c\n  sort a b | uniq -d > c\n  ```\n  et voilà.';
    const pieces = slicePieces(`${item}\n- Un autre point.`);
    expect(pieces.map((p) => p.text)).toEqual([item, '- Un autre point.']);
  });
});

describe('boxes and HTML elements as pieces', () => {
  it('keeps an HTML element opened in one block and closed in another whole (<div> with its code)', () => {
    const body = 'Avant.\n\n<div class="box">\n\n```java\nclass A {}\n```\n\n</div>\n\nAprès.';
    const pieces = slicePieces(body);
    expect(pieces.map((p) => p.kind)).toEqual(['sentence', 'block', 'sentence']);
    expect(pieces[1]!.text).toBe('<div class="box">\n\n```java\nclass A {}\n```\n\n</div>');
  });

  it('cuts a <details> (a solution) between the pieces inside it, like a box', () => {
    const body = 'Avant.\n\n<details>\n<summary>Voir</summary>\n\n```java\nclass A {}\n```\n\n</details>\n\nAprès.';
    const pieces = slicePieces(body);
    expect(pieces.map((p) => [p.kind, !!p.wrap])).toEqual([['sentence', false], ['line', true], ['sentence', false]]);
    expect(composePieces(pieces)).toBe(body);
  });

  it('cuts a box (a blockquote) between the blocks inside it, each part still a box', () => {
    const body = '> **Titre**\n> Une phrase.\n>\n> - un\n> - deux\n>\n> ```sh\n> ls\n> pwd\n> ```\n\nFin.';
    const pieces = slicePieces(body);
    const inside = pieces.filter((p) => p.quote !== undefined);
    expect(inside.length).toBeGreaterThanOrEqual(5);
    expect(new Set(inside.map((p) => p.quote)).size).toBe(1);
    expect(composePieces(pieces)).toBe('> **Titre**\n> Une phrase.\n>\n> - un\n> - deux\n>\n> ```sh\n> ls\n> pwd\n> ```\n\nFin.');
    // A part that begins inside the box is a box of its own.
    const second = pieces.slice(pieces.findIndex((p) => p.kind === 'line'));
    expect(composePieces(second)).toBe('> ```sh\n> ls\n> pwd\n> ```\n\nFin.');
  });
});

describe('HTML written by hand', () => {
  it('cuts between paragraphs of HTML written one per line, never inside one', () => {
    const body = '<p>Un, deux.</p>\n<p>Trois\nquatre.</p>\n<div class="x"><p>Cinq.</p></div>';
    const pieces = slicePieces(body);
    expect(pieces.map((p) => p.text)).toEqual(['<p>Un, deux.</p>', '<p>Trois\nquatre.</p>', '<div class="x"><p>Cinq.</p></div>']);
    expect(composePieces(pieces.slice(1))).toBe('<p>Trois\nquatre.</p>\n\n<div class="x"><p>Cinq.</p></div>');
  });

  it('keeps an HTML block whole when its elements cannot be told apart', () => {
    expect(slicePieces('<p>Ouvert\n<span>sans fin')).toHaveLength(1);
  });
});

describe('sentences a slide may be cut between', () => {
  it('end after . ! ? … before a capital or a digit', () => {
    expect(sentencesOf('Une phrase. Une autre ! 3 encore ? Oui… Fin')).toEqual(['Une phrase.', 'Une autre !', '3 encore ?', 'Oui…', 'Fin']);
  });

  it('never inside bold, emphasis, code or a link, nor after a number or an initial', () => {
    for (const line of [
      '**2. Avec un logiciel externe : DB Browser for SQLite**',
      '*Voir la partie 3. Elle explique tout.*',
      'Lancez `echo a. B` puis lisez.',
      '[La doc. Officielle](https://example.org) est là',
      'Section 1.3. Suite du cours',
      'Écrit par J. Dupont en 2024',
    ]) expect(sentencesOf(line), line).toEqual([line]);
    expect(sentencesOf('**Un titre en gras.** Puis une phrase. Et une autre.')).toEqual(['**Un titre en gras.** Puis une phrase.', 'Et une autre.']);
  });
});

describe('sentences of a hard-wrapped paragraph', () => {
  // Paragraphs as teachers type them, wrapped at every width: a piece is a whole sentence, never the
  // start of one left at a line's end ("…deux nombres. Il" then "permet…" was cut between them).
  it('are whole sentences however the lines are wrapped, and compose back to the paragraph (flowing, when wrapped by hand)', () => {
    const sentences = ["L'opération modulo retourne le reste de la division.", 'Ensuite, on teste le résultat !', '2 cas sont possibles.', 'Il permet notamment de savoir si un nombre est pair :'];
    const words = sentences.join(' ').split(' ');
    for (let width = 8; width <= 70; width += 3) {
      const lines: string[] = [];
      for (const word of words) {
        if (lines.length && (lines.at(-1)! + ' ' + word).length <= width) lines[lines.length - 1] += ' ' + word;
        else lines.push(word);
      }
      const body = lines.join('\n');
      const pieces = slicePieces(body);
      expect(pieces.map((p) => p.text.replace(/\s+/g, ' ')), `width ${width}`).toEqual(sentences);
      // Wrapped by an editor at 60 characters or more, the paragraph flows: it composes back as one line.
      expect(composePieces(pieces)).toBe(hardWrapped(lines) ? lines.join(' ') : body);
    }
  });

  it('keep a long list item holding a code block whole (a cut between its lines would break the fence); a long item without one may be cut between its lines', () => {
    const withCode = ['- Lancer le conteneur :', '', '  ```sh', '  docker run -it ubuntu', '  docker ps', '  ```', '- Ensuite.'].join('\n');
    const items = slicePieces(withCode).filter((p) => p.kind === 'item');
    expect(items.map((p) => p.text.split('\n').length)).toEqual([6, 1]);
    const plain = ['- Une ligne,', '  une deuxième,', '  une troisième,', '  une quatrième.', '- Ensuite.'].join('\n');
    expect(slicePieces(plain).filter((p) => p.kind === 'item').length).toBe(5);
  });
});
