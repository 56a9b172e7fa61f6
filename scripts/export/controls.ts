// The words of marp-cli's deck template (its on-screen controls, overview and presenter view) in the
// course's language: marp-cli writes them in English only. One table per language, from English;
// a language without a table keeps marp-cli's English. Pure.

type Words = Record<string, string>;

/** marp-cli 4's English words, as they appear in its template, and what a French course shows. */
export const DECK_CONTROLS: Record<string, Words> = {
  fr: {
    'Previous slide': 'Diapositive précédente',
    'Next slide': 'Diapositive suivante',
    'Toggle fullscreen (f)': 'Plein écran (f)',
    'Toggle fullscreen': 'Plein écran',
    'Toggle overview view (o)': 'Vue d’ensemble (o)',
    'Toggle overview view': 'Vue d’ensemble',
    'Open presenter view (p)': 'Ouvrir la vue présentateur (p)',
    'Open presenter view': 'Vue présentateur',
    'Close overview': 'Fermer la vue d’ensemble',
    '[Presenter view]': '[Vue présentateur]',
    '[Overview]': '[Vue d’ensemble]',
    'Bigger notes font size': 'Agrandir les notes',
    'Smaller notes font size': 'Réduire les notes',
    'Current time': 'Heure',
    Timer: 'Minuteur',
    Next: 'Suivante',
    Previous: 'Précédente',
    Page: 'Diapositive',
    of: 'sur',
  },
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The deck's HTML with marp-cli's words in `lang`, where a table exists; the slides themselves untouched. */
export function localisedControls(html: string, lang: string): string {
  const words = DECK_CONTROLS[lang.slice(0, 2).toLowerCase()];
  if (!words) return html;
  // The slides (what the teacher wrote) sit between the controls and the template's script.
  const start = html.indexOf('<div id=":$p">');
  const end = html.lastIndexOf('</foreignObject></svg>');
  if (start < 0 || end < start) return translate(html, words);
  return translate(html.slice(0, start), words) + html.slice(start, end) + translate(html.slice(end), words);
}

function translate(text: string, words: Words): string {
  let out = text.replace(/`Page (\$\{[^}`]+\}) of (\$\{[^}`]+\})`/g, (_m, n: string, total: string) => `\`${words.Page} ${n} ${words.of} ${total}\``);
  // Each word where the template puts it: an attribute or property value, or a button's text.
  for (const [en, local] of Object.entries(words).sort((a, b) => b[0].length - a[0].length)) {
    if (en === 'Page' || en === 'of') continue;
    out = out.replace(new RegExp(`(title[=:]\\s*)(["'])${escape(en)}\\2|>${escape(en)}</`, 'g'), (_m, head?: string, quote?: string) => (head ? `${head}${quote}${local}${quote}` : `>${local}</`));
    // A phrase (never a word the template's code compares) as a string in its script: a button's text.
    if (en.includes(' ')) out = out.replace(new RegExp(`(["'])${escape(en)}\\1`, 'g'), (_m, quote: string) => `${quote}${local}${quote}`);
  }
  return out;
}
