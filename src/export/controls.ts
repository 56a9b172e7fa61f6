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
  de: {
    'Previous slide': 'Vorherige Folie',
    'Next slide': 'Nächste Folie',
    'Toggle fullscreen (f)': 'Vollbild (f)',
    'Toggle fullscreen': 'Vollbild',
    'Toggle overview view (o)': 'Übersicht (o)',
    'Toggle overview view': 'Übersicht',
    'Open presenter view (p)': 'Referentenansicht öffnen (p)',
    'Open presenter view': 'Referentenansicht',
    'Close overview': 'Übersicht schließen',
    '[Presenter view]': '[Referentenansicht]',
    '[Overview]': '[Übersicht]',
    'Bigger notes font size': 'Notizen größer',
    'Smaller notes font size': 'Notizen kleiner',
    'Current time': 'Uhrzeit',
    Timer: 'Zeitmesser',
    Next: 'Weiter',
    Previous: 'Zurück',
    Page: 'Folie',
    of: 'von',
  },
  es: {
    'Previous slide': 'Diapositiva anterior',
    'Next slide': 'Diapositiva siguiente',
    'Toggle fullscreen (f)': 'Pantalla completa (f)',
    'Toggle fullscreen': 'Pantalla completa',
    'Toggle overview view (o)': 'Vista general (o)',
    'Toggle overview view': 'Vista general',
    'Open presenter view (p)': 'Abrir la vista del presentador (p)',
    'Open presenter view': 'Vista del presentador',
    'Close overview': 'Cerrar la vista general',
    '[Presenter view]': '[Vista del presentador]',
    '[Overview]': '[Vista general]',
    'Bigger notes font size': 'Notas más grandes',
    'Smaller notes font size': 'Notas más pequeñas',
    'Current time': 'Hora',
    Timer: 'Temporizador',
    Next: 'Siguiente',
    Previous: 'Anterior',
    Page: 'Diapositiva',
    of: 'de',
  },
  it: {
    'Previous slide': 'Diapositiva precedente',
    'Next slide': 'Diapositiva successiva',
    'Toggle fullscreen (f)': 'Schermo intero (f)',
    'Toggle fullscreen': 'Schermo intero',
    'Toggle overview view (o)': 'Panoramica (o)',
    'Toggle overview view': 'Panoramica',
    'Open presenter view (p)': 'Apri la vista relatore (p)',
    'Open presenter view': 'Vista relatore',
    'Close overview': 'Chiudi la panoramica',
    '[Presenter view]': '[Vista relatore]',
    '[Overview]': '[Panoramica]',
    'Bigger notes font size': 'Note più grandi',
    'Smaller notes font size': 'Note più piccole',
    'Current time': 'Ora',
    Timer: 'Timer',
    Next: 'Successiva',
    Previous: 'Precedente',
    Page: 'Diapositiva',
    of: 'di',
  },
  pt: {
    'Previous slide': 'Diapositivo anterior',
    'Next slide': 'Diapositivo seguinte',
    'Toggle fullscreen (f)': 'Ecrã inteiro (f)',
    'Toggle fullscreen': 'Ecrã inteiro',
    'Toggle overview view (o)': 'Vista geral (o)',
    'Toggle overview view': 'Vista geral',
    'Open presenter view (p)': 'Abrir a vista do apresentador (p)',
    'Open presenter view': 'Vista do apresentador',
    'Close overview': 'Fechar a vista geral',
    '[Presenter view]': '[Vista do apresentador]',
    '[Overview]': '[Vista geral]',
    'Bigger notes font size': 'Notas maiores',
    'Smaller notes font size': 'Notas menores',
    'Current time': 'Hora',
    Timer: 'Temporizador',
    Next: 'Seguinte',
    Previous: 'Anterior',
    Page: 'Diapositivo',
    of: 'de',
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
