import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCourseBytes, encodeLossless } from '../scripts/course/encoding.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const seed = readFileSync(new URL('../../shared/seed/docker-cours.md', import.meta.url));
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
