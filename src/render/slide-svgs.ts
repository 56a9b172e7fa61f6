// marp-core's HTML slide by slide: for the server, and for the dev pages, which compare the slides
// they are sent as text and parse only those that changed. Pure, no import: it runs in both.

/** Each slide's `<svg>`, out of marp-core's `<div class="marpit">…</div>`. */
export function slideSvgs(html: string): string[] {
  return html.replace(/^<div class="marpit">/, '').replace(/<\/div>\s*$/, '').split(/(?=<svg data-marpit-svg)/).filter((s) => s.startsWith('<svg'));
}

/** The slides of `after` that differ from `before`'s (0-based index, slide), and whether the decks have the same number of slides. */
export function slideChanges(before: string, after: string): { sameCount: boolean; changed: [number, string][] } {
  const a = slideSvgs(before);
  const b = slideSvgs(after);
  return { sameCount: a.length === b.length, changed: b.flatMap((svg, i): [number, string][] => (svg === a[i] ? [] : [[i, svg]])) };
}
