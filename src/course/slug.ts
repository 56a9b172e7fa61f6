// File-name slugs: "Qu'est-ce que Docker ? A quoi…" → "qu-est-ce-que-docker".

/** The title up to its first question or colon: what a teacher would call the section. The mark
 *  keeps a space before it in French ("Pourquoi Docker ?"), none in English ("Why Docker?"). */
export function shortTitle(title: string, lang = 'fr'): string {
  const cut = /^(.{8,}?)\s*([?:!]|\.\.\.|…)(\s|$)/u.exec(title);
  const space = lang.startsWith('fr') ? ' ' : '';
  return cut ? `${cut[1]}${cut[2] === '...' || cut[2] === '…' ? '' : `${space}${cut[2]}`}`.trim() : title.trim();
}

export function slugify(text: string, max = 48): string {
  const slug = shortTitle(text)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug || 'section';
  return slug.slice(0, max).replace(/-[^-]*$/, '') || slug.slice(0, max);
}
