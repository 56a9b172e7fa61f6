// One voice: every view a teacher or a student sees speaks the course's language — French, English,
// German, Spanish, Italian, Portuguese — and no other. The ruler: the words of the other tables,
// looked for in what the pages show (text, titles, labels, placeholders).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECK_CONTROLS } from '../src/export/controls.ts';
import { withClient } from '../src/dev/client.ts';
import { PRESENT_WORDS } from '../src/present/words.ts';
import { PresentSession, type ClassroomUrls } from '../src/present/session.ts';
import { testBrowser } from './helpers/browser.ts';
import { buildInto } from './helpers/build.ts';
import { tempDir } from './helpers/temp.ts';

type Lang = keyof typeof PRESENT_WORDS;
const LANGS = Object.keys(PRESENT_WORDS) as Lang[];

// A short course in each language, written in it (a question, a code block, notes).
const COURSES: Record<Lang, string> = {
  fr: '# Réseaux\n\n## 1. Les bases\n\n### Les adresses\nChaque machine a une adresse.\n\n<!-- Demander qui la connaît. -->\n\n### Quel port pour le web ?\n\n- [ ] 21\n- [x] 80\n',
  en: '# Networks\n\n## 1. Basics\n\n### Addresses\nEvery machine has an address.\n\n<!-- Ask who knows it. -->\n\n### Which port for the web?\n\n- [ ] 21\n- [x] 80\n',
  de: '# Netzwerke\n\n## 1. Grundlagen\n\n### Adressen\nJeder Rechner hat eine Adresse.\n\n<!-- Fragen, wer sie kennt. -->\n\n### Welcher Port für das Web?\n\n- [ ] 21\n- [x] 80\n',
  es: '# Redes\n\n## 1. Fundamentos\n\n### Direcciones\nCada máquina tiene una dirección.\n\n<!-- Preguntar quién la conoce. -->\n\n### ¿Qué puerto para la web?\n\n- [ ] 21\n- [x] 80\n',
  it: '# Reti\n\n## 1. Basi\n\n### Indirizzi\nOgni macchina ha un indirizzo.\n\n<!-- Chiedere chi lo conosce. -->\n\n### Quale porta per il web?\n\n- [ ] 21\n- [x] 80\n',
  pt: '# Redes\n\n## 1. Fundamentos\n\n### Endereços\nCada máquina tem um endereço.\n\n<!-- Perguntar quem o conhece. -->\n\n### Que porta para a web?\n\n- [ ] 21\n- [x] 80\n',
};

const wordsOf = (texts: string[]) => new Set(texts.join(' ').toLowerCase().match(/\p{L}{4,}/gu) ?? []);
/** Words of the other languages' tables that this language never uses. */
function foreignWords(lang: Lang): Set<string> {
  const own = wordsOf([...Object.values(PRESENT_WORDS[lang]), ...Object.values(DECK_CONTROLS[lang] ?? {}), ...(lang === 'en' ? Object.keys(DECK_CONTROLS.fr!) : []), COURSES[lang]]);
  const others = LANGS.filter((l) => l !== lang).flatMap((l) => [...Object.values(PRESENT_WORDS[l]), ...Object.values(DECK_CONTROLS[l] ?? {}), ...(l === 'en' ? Object.keys(DECK_CONTROLS.fr!) : [])]);
  return new Set([...wordsOf(others)].filter((w) => !own.has(w)));
}

describe('every table of words', () => {
  it('has every word, and no two languages share a table', () => {
    const keys = Object.keys(PRESENT_WORDS.en).sort();
    for (const lang of LANGS) expect(Object.keys(PRESENT_WORDS[lang]).sort(), lang).toEqual(keys);
    for (const lang of ['fr', 'de', 'es', 'it', 'pt']) expect(Object.keys(DECK_CONTROLS[lang]!).sort(), lang).toEqual(Object.keys(DECK_CONTROLS.fr!).sort());
    expect(new Set(LANGS.map((l) => PRESENT_WORDS[l].presenter)).size).toBe(LANGS.length);
  });
});

describe('the classroom views in the course language, in Chromium', () => {
  let dir = '';
  let session: PresentSession;
  let urls: ClassroomUrls;
  let base = '';
  const pages: Page[] = [];

  beforeAll(async () => {
    dir = tempDir('estrade-languages-');
    for (const lang of LANGS) writeFileSync(join(dir, `cours-${lang}.md`), `---\nlang: ${lang}\nduration: 30\n---\n${COURSES[lang]}`);
    session = new PresentSession({ inputs: [dir], port: 0, host: '127.0.0.1', log: { info: () => undefined, warn: () => undefined, progress: () => undefined } });
    urls = await session.start();
    base = urls.students.replace(/\/$/, '');
  }, 120_000);

  afterAll(async () => {
    for (const page of pages) await page.browserContext().close().catch(() => undefined);
    await session?.stop();
  });

  /** All a page shows or says: its text, title, and the labels, titles and placeholders of its elements. */
  const said = (page: Page) =>
    page.evaluate(() => [document.title, document.body.innerText, ...[...document.querySelectorAll('[title], [aria-label], [placeholder]')].flatMap((el) => [el.getAttribute('title'), el.getAttribute('aria-label'), el.getAttribute('placeholder')])].filter(Boolean).join('\n'));

  it.each(LANGS)('speaks %s only, on the presenter view, the remote and a student page', async (lang) => {
    const deck = `cours-${lang}/01-${{ fr: 'les-bases', en: 'basics', de: 'grundlagen', es: 'fundamentos', it: 'basi', pt: 'fundamentos' }[lang]}`;
    // On the question: answer buttons, the vote's count and button are shown too.
    const slides = ((await (await fetch(`${base}/__present/deck?id=${encodeURIComponent(deck)}`)).json()) as { slides: string[] }).slides;
    const slide = slides.findIndex((svg) => svg.includes('data-question')) + 1;
    const moved = await fetch(`${base}/api/goto`, { method: 'POST', headers: { authorization: `Bearer ${session.key}` }, body: JSON.stringify({ deck, slide }) });
    expect(moved.status).toBe(200);
    const foreign = foreignWords(lang);
    for (const [view, width] of [['presenter', 1280], ['remote', 390], ['students', 390]] as const) {
      const page = await (await (await testBrowser()).createBrowserContext()).newPage();
      pages.push(page);
      await page.setViewport({ width, height: 900 });
      await page.goto(urls[view].replace(/^http:\/\/[^/]+/, base), { waitUntil: 'load' });
      await page.waitForFunction((t) => document.title === t && location.hash !== '', { timeout: 20_000 }, PRESENT_WORDS[lang][view === 'students' ? 'students' : view]);
      if (view !== 'students') await page.waitForSelector('#vote:not([hidden])', { timeout: 15_000 });
      else await page.waitForSelector('#ask:not([hidden])', { timeout: 15_000 });
      const text = await said(page);
      const strays = [...wordsOf([text])].filter((w) => foreign.has(w));
      expect(strays, `${lang} ${view}: ${text.slice(0, 400)}`).toEqual([]);
      expect(text).toContain(PRESENT_WORDS[lang].previous);
      // Whatever the language's lengths, no button or counter runs past the screen's edge.
      const past = await page.$$eval('button, .counter', (els) => els.filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > innerWidth + 1; }).map((el) => el.textContent));
      expect(past, `${lang} ${view}`).toEqual([]);
      await page.browserContext().close();
    }
  }, 120_000);
});

describe("the decks' own controls in the course language", () => {
  it.each(['de', 'es', 'it', 'pt'] as const)('%s: the buttons and the page counter', async (lang) => {
    const dir = tempDir('estrade-controls-');
    writeFileSync(join(dir, 'cours.md'), `---\nlang: ${lang}\n---\n${COURSES[lang]}`);
    const { dir: out, run } = await buildInto([join(dir, 'cours.md')], ['--no-pdf']);
    expect(run.code).toBe(0);
    const html = readFileSync(join(out, 'cours', readFileSync(join(out, 'cours', 'manifest.json'), 'utf8').match(/"html": "(01-[^"]+)"/)![1]!), 'utf8');
    expect(html).not.toMatch(/Previous slide|Next slide|Toggle fullscreen|Toggle overview|Open presenter view|Close overview|Bigger notes|Smaller notes|Current time|`Page \$/);
    expect(html).toContain(`title="${DECK_CONTROLS[lang]!['Next slide']}"`);
    expect(html).toContain(`\`${DECK_CONTROLS[lang]!.Page} $`);
  }, 60_000);
});

describe("estrade dev's overlay in the course language", () => {
  it.each(LANGS)('says the last good slides stay, in %s, over a deck in that language', async (lang) => {
    const page = await (await testBrowser()).newPage();
    try {
      // The server's message, played by a stand-in for the page's event stream, set before the client runs.
      const stream = `<script>window.EventSource = class { constructor() { setTimeout(() => this.onmessage({ data: ${JSON.stringify(JSON.stringify({ type: 'problems', course: '', lines: ['cours.md:2: error: the front matter cannot be read'] }))} }), 10); } close() {} };</script>`;
      await page.setContent(withClient(`<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">${stream}</head><body><p>${COURSES[lang]}</p></body></html>`));
      await page.waitForSelector('#estrade-overlay');
      const heading = (await page.$eval('#estrade-overlay', (e) => e.textContent ?? '')).split('\n')[0]!;
      expect(heading).toBe(PRESENT_WORDS[lang].lastGoodShown);
      const foreign = foreignWords(lang);
      expect([...wordsOf([heading])].filter((w) => foreign.has(w)), lang).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
