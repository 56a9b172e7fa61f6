// Guesses a course's language from its most common small words, when the front matter is silent.
const markers: Record<string, string[]> = {
  fr: ['le', 'la', 'les', 'des', 'une', 'est', 'et', 'du', 'pour', 'dans', 'sur', 'avec', 'qui', 'que'],
  en: ['the', 'and', 'is', 'of', 'to', 'in', 'for', 'with', 'that', 'are', 'on', 'this', 'it'],
  de: ['der', 'die', 'das', 'und', 'ist', 'mit', 'für', 'nicht', 'ein', 'eine'],
  es: ['el', 'los', 'las', 'y', 'es', 'para', 'con', 'una', 'por', 'del'],
};

// Only the small words are counted, found in one pass: the other words of a long course are not looked at.
const MARKER_WORDS = new RegExp(`(?<!\\p{L})(?:${[...new Set(Object.values(markers).flat())].join('|')})(?!\\p{L})`, 'gu');

export function detectLanguage(text: string): string {
  return languageOf(smallWords(text));
}

/** How often each small word occurs in `text`; the counts of a text's lines add up to the text's. */
export function smallWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [word] of text.toLowerCase().matchAll(MARKER_WORDS)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** The language whose small words are counted most. */
export function languageOf(counts: ReadonlyMap<string, number>): string {
  let best = { lang: 'en', score: 0 };
  for (const [lang, list] of Object.entries(markers)) {
    const score = list.reduce((sum, w) => sum + (counts.get(w) ?? 0), 0);
    if (score > best.score) best = { lang, score };
  }
  return best.lang;
}

const continued: Record<string, string> = { fr: 'suite', en: 'cont.', de: 'Forts.', es: 'cont.', it: 'segue', pt: 'cont.' };
const agenda: Record<string, string> = { fr: 'Au programme', en: 'Agenda', de: 'Inhalt', es: 'Agenda', it: 'Programma', pt: 'Programa' };
const contents: Record<string, string> = { fr: 'Sommaire', en: 'Contents', de: 'Inhalt', es: 'Índice', it: 'Indice', pt: 'Índice' };
const introduction: Record<string, string> = { fr: 'Introduction', en: 'Introduction', de: 'Einführung', es: 'Introducción', it: 'Introduzione', pt: 'Introdução' };
const part: Record<string, string> = { fr: 'Partie', en: 'Part', de: 'Teil', es: 'Parte', it: 'Parte', pt: 'Parte' };

const base = (lang: string) => lang.split('-')[0] ?? 'en';
export const words = (lang: string) => ({
  continued: continued[base(lang)] ?? 'cont.',
  agenda: agenda[base(lang)] ?? 'Agenda',
  contents: contents[base(lang)] ?? 'Contents',
  part: part[base(lang)] ?? 'Part',
  introduction: introduction[base(lang)] ?? 'Introduction',
});
