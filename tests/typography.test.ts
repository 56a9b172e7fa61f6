import { describe, expect, it } from 'vitest';
import { frenchSpacingNote } from '../scripts/doctor.ts';
import { frenchTypography, NBSP, NNBSP, typographyIssues } from '../scripts/course/typography.ts';

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
