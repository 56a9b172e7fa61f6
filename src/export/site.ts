// The index pages: every course at the top, and per course a card for each section deck with a
// picture of its first slide. Self-contained pages: inline CSS, thumbnails as data: URLs.
import { numberedTitle } from '../course/deck.ts';
import { escapeHtml } from '../render/page.ts';
import type { Manifest } from './manifest.ts';
import type { FirstSlides } from './thumbnail.ts';

const STYLE = `
:root{--blue:#1557d0;--navy:#0b214a;--ink:#0b1d3a;--muted:#44526b;--tint:#edf3fd}
*{box-sizing:border-box}body{margin:0;font:18px/1.5 'Noto Sans','DejaVu Sans','Segoe UI',Arial,sans-serif;color:var(--ink);background:#f6f8fc}
header{background:linear-gradient(135deg,#0d3f9e,#0b214a);color:#fff;padding:32px 48px}
header h1{margin:0;font-size:34px}header p{margin:6px 0 0;color:#dce7fb}
header a{color:#fff}
main{padding:32px 48px;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(340px,100%),1fr));gap:28px}
@media (max-width:600px){header{padding:24px 20px}main{padding:20px;gap:20px}}
.card{background:#fff;border-radius:14px;box-shadow:0 2px 10px #0b214a22;overflow:hidden;display:flex;flex-direction:column}
.card .picture{display:block;width:100%;aspect-ratio:16/9;padding:0;border-bottom:1px solid #dfe6f3;background:#fff no-repeat}
.card div{padding:16px 20px 20px}
.card h2{font-size:21px;margin:0 0 4px;color:var(--navy)}
.card p{margin:0 0 12px;color:var(--muted)}
.links{display:flex;flex-wrap:wrap;gap:10px}
.links a{background:var(--tint);color:#0d3f9e;font-weight:700;padding:6px 14px;border-radius:8px;text-decoration:none}
.links a:hover,.links a:focus{background:var(--blue);color:#fff}
.whole{grid-column:1/-1;background:var(--tint);border-radius:14px;padding:18px 24px}
.whole h2{margin:0 0 8px;font-size:22px}`;

function page(lang: string, title: string, header: string, body: string, style = ''): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}${style}</style></head><body>
<header>${header}</header><main>${body}</main></body></html>\n`;
}

const slidesWord = (lang: string, n: number) => (lang.startsWith('fr') ? `${n} diapositive${n > 1 ? 's' : ''}` : `${n} slide${n > 1 ? 's' : ''}`);
const partsWord = (lang: string, n: number) => (lang.startsWith('fr') ? `${n} partie${n > 1 ? 's' : ''}` : `${n} part${n > 1 ? 's' : ''}`);
const labels = (lang: string) => (lang.startsWith('fr')
  ? { present: 'Présenter', pdf: 'PDF', handout: 'Polycopié', whole: 'Tout le cours', courses: 'Cours', back: '← Tous les cours' }
  : { present: 'Present', pdf: 'PDF', handout: 'Handout', whole: 'Whole course', courses: 'Courses', back: '← All courses' });

function links(lang: string, files: { html: string; pdf?: string; handout?: string }): string {
  const l = labels(lang);
  return `<p class="links"><a href="${files.html}">${l.present}</a>${files.pdf ? `<a href="${files.pdf}">${l.pdf}</a>` : ''}${files.handout ? `<a href="${files.handout}">${l.handout}</a>` : ''}</p>`;
}

/** Each deck's card shows its slice of `pictures`, the first slides of the decks one under the other. */
export function coursePage(manifest: Manifest, pictures?: FirstSlides): string {
  const l = labels(manifest.lang);
  const count = pictures?.keys.length ?? 0;
  // The picture is drawn as many times as the card is wide, and as many times as there are decks
  // high; the deck's slice is at its place among them (0% the top one, 100% the bottom one).
  const slice = (html: string) => {
    const at = pictures?.keys.indexOf(html) ?? -1;
    return at < 0 ? '' : ` style="background-position:0 ${count > 1 ? ((at / (count - 1)) * 100).toFixed(4) : 0}%"`;
  };
  const cards = manifest.decks.map((d) => `<article class="card">
<div class="picture" role="img" aria-label="${escapeHtml(d.title)}"${slice(d.html)}></div>
<div><h2>${escapeHtml(numberedTitle(d)!)}</h2><p>${slidesWord(manifest.lang, d.slides)}</p>${links(manifest.lang, d)}</div></article>`);
  const whole = manifest.full
    ? `<section class="whole"><h2>${l.whole}</h2><p>${slidesWord(manifest.lang, manifest.full.slides)}</p>${links(manifest.lang, manifest.full)}</section>`
    : '';
  const header = `<p><a href="../index.html">${l.back}</a></p><h1>${escapeHtml(manifest.title)}</h1><p>${escapeHtml(manifest.source)}</p>`;
  const style = pictures ? `.card .picture{background-image:url(${pictures.strip});background-size:100% ${count * 100}%}` : '';
  return page(manifest.lang, manifest.title, header, whole + cards.join('\n'), style);
}

export function siteIndex(manifests: Manifest[]): string {
  const lang = manifests[0]?.lang ?? 'en';
  const l = labels(lang);
  const cards = manifests.map((m) => `<article class="card"><div><h2><a href="${m.course}/index.html">${escapeHtml(m.title)}</a></h2>
<p>${partsWord(m.lang, m.decks.length)} · ${slidesWord(m.lang, m.decks.reduce((n, d) => n + d.slides, 0))}${m.full ? ` · ${l.whole} : ${slidesWord(m.lang, m.full.slides)}`.replace(' :', m.lang.startsWith('fr') ? '\u00a0:' : ':') : ''}</p>
<p class="links"><a href="${m.course}/index.html">${l.courses}</a>${m.full ? `<a href="${m.course}/${m.full.html}">${l.whole}</a>` : ''}</p></div></article>`);
  return page(lang, 'Estrade', `<h1>Estrade</h1><p>${l.courses}</p>`, cards.join('\n'));
}
