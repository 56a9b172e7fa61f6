import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCourseBytes, decodeLegacy, encodeLossless, type Charset } from '../src/course/encoding.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const seed = readFileSync(new URL('./fixtures/docker-cours.md', import.meta.url));
const repaired = readFileSync(new URL('../slides/docker.md', import.meta.url), 'utf8');

describe('reading course bytes', () => {
  it('repairs the seed (UTF-8 once read as Mac Roman) into slides/docker.md, with one repair', () => {
    const { text, repairs } = decodeCourseBytes(seed);
    expect(text).toBe(repaired);
    expect(text.startsWith('# 🐳 Docker')).toBe(true);
    expect(repairs).toHaveLength(1);
    expect(repairs[0]).toMatch(/Mac Roman/);
  });

  it('leaves clean text untouched, including a real Ã and a real √', () => {
    for (const clean of ['São Paulo e João', 'ÃO maiúsculo', 'La racine √2 vaut 1,414', 'Déjà vu, naïve, cœur']) {
      expect(decodeCourseBytes(utf8(clean))).toEqual({ text: clean, repairs: [] });
    }
  });

  it('drops a UTF-8 byte order mark', () => {
    expect(decodeCourseBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('# Été')])).text).toBe('# Été');
  });

  it('reads Windows-1252 bytes and says so', () => {
    const bytes = encodeLossless('Café à l’école — « déjà »\r\n', 'windows-1252')!;
    const { text, repairs } = decodeCourseBytes(bytes);
    expect(text).toBe('Café à l’école — « déjà »\r\n');
    expect(repairs[0]).toMatch(/not UTF-8/);
  });

  it('repairs UTF-8 decoded twice as Windows-1252', () => {
    const once = new TextDecoder('windows-1252').decode(utf8('Déploiement réactif'));
    const twice = new TextDecoder('windows-1252').decode(utf8(once));
    const { text, repairs } = decodeCourseBytes(utf8(twice));
    expect(text).toBe('Déploiement réactif');
    expect(repairs).toHaveLength(2);
  });
});

describe('byte-level fixtures', () => {
  const fixture = (name: string) => readFileSync(new URL(`./fixtures/encodings/${name}`, import.meta.url));
  const expected = fixture('expected.md').toString('utf8');

  it.each([
    ['bom.md', 0],
    ['double-utf8.md', 2],
  ])('reads %s as the expected text', (name, repairs) => {
    const decoded = decodeCourseBytes(fixture(name));
    expect(decoded.text).toBe(expected);
    expect(decoded.repairs).toHaveLength(repairs);
  });

  it.each(['latin1.md', 'mac-roman.md'])('reads %s, a legacy 8-bit file', (name) => {
    const decoded = decodeCourseBytes(fixture(name));
    expect(decoded.text).toBe("# Cours d'été\n\n## 1. Première partie\n\n### Les élèves\nDéjà vu, naïve, garçon.\n");
    expect(decoded.repairs).toHaveLength(1);
  });

  it('reads Windows-1252 with CRLF line ends, curly quotes and the euro-era punctuation', () => {
    const decoded = decodeCourseBytes(fixture('windows-1252-crlf.md'));
    expect(decoded.text).toBe('# Café à l’école\r\n\r\n## 1. Première partie\r\n\r\n### Les élèves\r\nDéjà vu, naïve, cœur — « entre guillemets ».\r\n');
  });
});

describe('repair, as a property', () => {
  // Words, accents, punctuation and emoji of French and English course notes, in random order.
  const words = [
    'école', 'élève', 'déjà', 'naïve', 'cœur', 'garçon', 'où', 'Noël', 'hôte', 'forêt', 'Ça', 'À', 'Été', 'Œuvre',
    'réseau', 'mémoire', 'système', 'conteneur', 'données', 'sécurité', 'façade', 'Îlot', 'ambiguë', 'Ève', 'ÉCOLE',
    'the', 'container', 'image', 'Docker', 'build', 'run', 'café', 'naïveté', 'résumé', 'x86_64', '2026', '3.14', 'l’hôte',
    '«', '»', '—', '–', '…', '€', '’', '“', '”', '🐳', '🚀', '✅', '1.', '2)', ':', '?', '!', ';', ',', '(', ')', '-', '`ls`', '**gras**',
  ];
  const text = fc
    .array(fc.tuple(fc.constantFrom(...words), fc.constantFrom(' ', ' ', ' ', '\n', '')), { minLength: 1, maxLength: 60 })
    .map((parts) => parts.map(([w, sep]) => w + sep).join(''));
  const misread = (s: string, charset: Charset) => decodeLegacy(utf8(s), charset);
  const accented = (s: string) => /[^\x00-\x7F]/.test(s);

  it('gives back the original after one wrong decoding', () => {
    fc.assert(
      fc.property(text.filter(accented), fc.constantFrom<Charset>('macintosh', 'windows-1252', 'latin1'), (original, charset) => {
        expect(decodeCourseBytes(utf8(misread(original, charset))).text).toBe(original);
      }),
      { numRuns: 300 },
    );
  });

  it('gives back the original after two wrong decodings', () => {
    fc.assert(
      fc.property(text.filter(accented), (original) => {
        expect(decodeCourseBytes(utf8(misread(misread(original, 'windows-1252'), 'windows-1252'))).text).toBe(original);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves clean text unchanged', () => {
    fc.assert(
      fc.property(text, (original) => {
        expect(decodeCourseBytes(utf8(original))).toEqual({ text: original, repairs: [] });
      }),
      { numRuns: 500 },
    );
  });
});

describe('files that broke reading', () => {
  const course = '# Réseaux\n\n## 1. Café et thé\n\nÉlèves 🐳\n';

  it('reads UTF-16 with its byte order mark, little- and big-endian, and says so', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(course, 'utf16le')]);
    const be = Buffer.from(Buffer.from(course, 'utf16le')).swap16();
    for (const bytes of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
      const { text, repairs } = decodeCourseBytes(bytes);
      expect(text).toBe(course);
      expect(repairs).toEqual([expect.stringMatching(/UTF-16/)]);
    }
  });

  it('repairs a single stray Latin-1 byte in a UTF-8 file and keeps every other accent', () => {
    const bytes = Buffer.concat([Buffer.from('# Réseaux\n\nUne ligne où tout va bien.\nUn caf', 'utf8'), Buffer.from([0xe9]), Buffer.from(' noir, déjà.\n', 'utf8')]);
    const { text, repairs } = decodeCourseBytes(bytes);
    expect(text).toBe('# Réseaux\n\nUne ligne où tout va bien.\nUn café noir, déjà.\n');
    expect(repairs).toEqual(['1 byte is not UTF-8 (line 4: 0xE9 read as "é"); the rest of the file is UTF-8']);
  });

  it('still reads a whole Windows-1252 file as Windows-1252', () => {
    const { text } = decodeCourseBytes(Buffer.from('# Café\n\nÉlève, été, où.\n', 'latin1'));
    expect(text).toBe('# Café\n\nÉlève, été, où.\n');
  });
});
