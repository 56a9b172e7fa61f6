import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frenchSpacingNote } from '../src/doctor.ts';
import { frenchTypography, NBSP, NNBSP, typographyIssues } from '../src/course/typography.ts';

describe('French typography', () => {
  it('binds ; ! ? and : to the word before them', () => {
    expect(frenchTypography('Vraiment ? Oui ! Enfin ; bref : voilà')).toBe(`Vraiment${NNBSP}? Oui${NNBSP}! Enfin${NNBSP}; bref${NBSP}: voilà`);
    expect(frenchTypography('- **Isolation** : Chaque application')).toBe(`- **Isolation**${NBSP}: Chaque application`);
  });

  it('keeps spaces inside « » from breaking', () => {
    expect(frenchTypography('« Bonjour »')).toBe(`«${NBSP}Bonjour${NBSP}»`);
    expect(frenchTypography('«Bonjour»')).toBe(`«${NBSP}Bonjour${NBSP}»`);
  });

  it('leaves code, URLs, links, maths and emoji shortcodes alone', () => {
    for (const text of [
      'Lancez `docker run -it ubuntu : bash ?`',
      'Voir https://docs.docker.com/get-started/?lang=fr',
      '[le site](https://example.com/a ?b)',
      'La formule $a : b$',
      'Bravo :tada: et 10:30',
      '```bash\necho "a ; b ?"\n```',
      '$$\na : b\n$$',
      '![une image](schema.png)',
    ]) expect(frenchTypography(text)).toBe(text);
  });

  it('is idempotent and lists the lines it would change', () => {
    const text = 'Titre\nQuoi ?\nRien';
    expect(frenchTypography(frenchTypography(text))).toBe(frenchTypography(text));
    expect(typographyIssues(text)).toEqual([2]);
    expect(typographyIssues(frenchTypography(text))).toEqual([]);
  });
});

describe('estrade doctor on French spacing', () => {
  it('says it in one line however many lines need it', () => {
    const note = frenchSpacingNote('cours.md', [12, 15, 20, 31, 40, 52, 77]);
    expect(note).toMatchObject({ file: 'cours.md', line: 12, severity: 'info' });
    expect(note.message).toMatch(/^French spacing: 7 lines have .* \(lines 12, 15, 20, 31, 40, …\)/);
  });
});

describe('French typography settles', () => {
  // Generated French prose: every punctuation mark with any space before it (none, plain, no-break,
  // narrow, several), « » and nested “ ”, code spans, URLs, times 10:30 and ratios 1:2.
  const space = fc.constantFrom('', ' ', '  ', NBSP, NNBSP, `${NBSP} `, '\t');
  const word = fc.constantFrom('Masque', 'passerelle', 'réseau', 'élève', 'conteneur', 'port', 'noyau');
  const piece = fc.oneof(
    word,
    fc.tuple(word, space, fc.constantFrom(';', '!', '?', ':', '!?')).map(([w, s, p]) => `${w}${s}${p}`),
    fc.tuple(space, word, space).map(([a, w, b]) => `«${a}${w}${b}»`),
    fc.tuple(space, word, space, word, space).map(([a, w, b, v, c]) => `«${a}${w} “${v}”${b}»${c}`),
    fc.constantFrom('`a : b ; c ?`', 'https://exemple.fr/a?b=1', '10:30', '1:2', '[lien](https://x.fr/?q=1 ; 2)', '$a : b$'),
  );
  const line = fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join(' '));
  const text = fc.array(line, { minLength: 1, maxLength: 6 }).map((l) => l.join('\n'));

  it('fix(fix(x)) = fix(x), and nothing is left to report on what it gives', () => {
    fc.assert(
      fc.property(text, (x) => {
        const once = frenchTypography(x);
        expect(frenchTypography(once)).toBe(once);
        expect(typographyIssues(once)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('puts one no-break space inside « », whatever was there (the report of 2026: one more per run)', () => {
    expect(frenchTypography(`Le «${NBSP}Masque${NBSP}» et la «${NBSP}${NBSP}passerelle ${NBSP}».`)).toBe(`Le «${NBSP}Masque${NBSP}» et la «${NBSP}passerelle${NBSP}».`);
  });

  it('says "line" for one line', () => {
    expect(frenchSpacingNote('c.md', [6]).message).toContain('(line 6)');
  });
});
