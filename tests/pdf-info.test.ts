import { describe, expect, it } from 'vitest';
import { appendInfo, pdfText } from '../scripts/export/pdf-info.ts';

const classic = (body: string) => {
  const head = `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (fr) >>\nendobj\n${body}`;
  return Buffer.from(`${head}xref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 3\n/Root 1 0 R>>\nstartxref\n${head.length}\n%%EOF`, 'latin1');
};

describe('PDF information by incremental update', () => {
  it('encodes text as UTF-16BE so accents and emoji survive', () => {
    expect(pdfText('Été')).toBe('<FEFF00C9007400E9>');
  });

  it('appends a new Info object and a trailer pointing back to the previous one', () => {
    const original = classic('');
    const updated = appendInfo(original, { Title: 'Cours', Subject: 'Partie 1' }, new Date('2026-01-02T03:04:05Z'))!;
    const text = Buffer.from(updated).toString('latin1');
    expect(text.startsWith(original.toString('latin1'))).toBe(true);
    const objectAt = Number(/xref\n3 1\n(\d{10}) 00000 n \n/.exec(text)?.[1]);
    expect(text.slice(objectAt)).toMatch(/^3 0 obj\n<< \/Title <FEFF0043006F007500720073> \/Subject <FEFF/);
    expect(text).toMatch(/trailer\n<< \/Size 4 \/Root 1 0 R \/Info 3 0 R \/Prev \d+ >>\nstartxref\n(\d+)\n%%EOF\n$/);
    const xrefAt = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    expect(text).toContain('/CreationDate (D:20260102030405Z)');
  });

  it('declines files without a classic trailer (pdf-lib takes over)', () => {
    expect(appendInfo(Buffer.from('%PDF-1.7\n...startxref\n10\n%%EOF'), { Title: 'x' })).toBeUndefined();
  });
});
