// Integration: the real dev server, real Chromium pages and real file writes.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deck } from '../src/course/deck.ts';
import { DevSession, nextSections } from '../src/dev/session.ts';
import { slideChanges } from '../src/render/slide-svgs.ts';
import { artifactPath, DevServer } from '../src/dev/server.ts';
import { testBrowser } from './helpers/browser.ts';
import { tempDir } from './helpers/temp.ts';

const course = (words: { intro?: string; last?: string; front?: string } = {}) => `${words.front ?? '---\nlang: fr\ntheme: docker\n---'}
# Cours vivant

## 1. Premiers pas

### Accueil
${words.intro ?? 'Bienvenue dans le cours.'}

### Deuxième
- un
- deux

### Troisième
Du texte ici.

### Quatrième
${words.last ?? 'La fin de la partie.'}

## 2. Suite

### Encore
Une autre partie.
`;

const DECK = '/cours/01-premiers-pas.html';
let dir = '';
let file = '';
let session: DevSession;
let base = '';
let page: Page;
let themes = '';
const warnings: string[] = [];

/** A page's stream of news, read raw: `messages()` are the data lines heard so far. */
function hear(base: string, page: string) {
  let text = '';
  const controller = new AbortController();
  const done = fetch(`${base}/__estrade/events?page=${encodeURIComponent(page)}`, { signal: controller.signal })
    .then(async (r) => {
      const reader = r.body!.getReader();
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        text += Buffer.from(value).toString();
      }
    })
    .catch(() => undefined);
  return {
    text: () => text,
    messages: () => [...text.matchAll(/^data: (.*)$/gm)].map((m) => m[1]!),
    stop: () => (controller.abort(), done),
  };
}

const textOf = (p: Page) => p.evaluate(() => document.body.textContent ?? '');
const shows = (p: Page, text: string) => p.waitForFunction((t) => document.body.textContent?.includes(t), { timeout: 15_000 }, text);

beforeAll(async () => {
  dir = tempDir('estrade-dev-');
  file = join(dir, 'cours.md');
  writeFileSync(file, course());
  themes = join(dir, 'themes');
  mkdirSync(themes);
  writeFileSync(join(themes, 'docker.css'), readFileSync('themes/docker.css', 'utf8'));
  writeFileSync(join(themes, 'estrade.css'), readFileSync('themes/estrade.css', 'utf8'));
  session = new DevSession({ inputs: [dir], port: 0, themeFolders: [themes], log: { info: (m) => process.env.DEV_LOG && console.log(m), warn: (m) => { warnings.push(m); if (process.env.DEV_LOG) console.log(m); }, progress: () => undefined } });
  base = (await session.start()).replace(/\/$/, '');
  page = await (await testBrowser()).newPage();
  await page.setViewport({ width: 1280, height: 720 });
  await page.goto(`${base}${DECK}`, { waitUntil: 'load' });
});

afterAll(async () => {
  await page?.close();
  await session?.stop();
});

describe('estrade dev', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(session.server.address().address).toBe('127.0.0.1');
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('shows an edit in the open deck without reloading it, and jumps to the edited slide', async () => {
    await page.evaluate(() => Object.assign(window, { estradeMark: 'same page' }));
    writeFileSync(file, course({ last: 'Une fin toute neuve.' }));
    await shows(page, 'Une fin toute neuve.');
    expect(await page.evaluate(() => (window as unknown as { estradeMark?: string }).estradeMark)).toBe('same page');
    // The deck is section, agenda, then four slides: "Quatrième" is slide 6.
    await page.waitForFunction(() => location.hash === '#6', { timeout: 5_000 });
    await page.waitForFunction(() => document.querySelectorAll('svg[data-marpit-svg]')[5]?.classList.contains('bespoke-marp-active'), { timeout: 5_000 });
  });

  it('sends the open pages only the slides that changed; a page that loads its deck before the presenter HTML is made again hears the newer slides as it connects', async () => {
    writeFileSync(file, course({ intro: 'Un accueil.', last: 'Une fin toute neuve.' }));
    await shows(page, 'Un accueil.');
    await session.settled();
    const open = hear(base, DECK);
    try {
      writeFileSync(file, course({ intro: 'Un accueil retouché.', last: 'Une fin toute neuve.' }));
      await expect.poll(() => open.messages().some((m) => m.includes('Un accueil retouché.')), { timeout: 15_000 }).toBe(true);
      const sent = open.messages().filter((m) => m.includes('"type":"slides"'));
      for (const m of sent) {
        const { slides, changed } = JSON.parse(m) as { slides: number; changed: [number, string][] };
        // Section, agenda, then "Accueil" (index 2): the other five slides are not sent again.
        expect(slides).toBe(6);
        expect(changed.map(([i]) => i)).toEqual([2]);
        for (const other of ['Du texte ici.', 'Une fin toute neuve.', 'Deuxième']) expect(m).not.toContain(other);
      }
      // The presenter HTML is made again once the teacher pauses: a page loading now gets the older
      // file, then, as it connects, the slide changed since.
      expect(await (await fetch(`${base}${DECK}`)).text()).not.toContain('Un accueil retouché.');
      const late = hear(base, DECK);
      try {
        await expect.poll(() => late.messages().some((m) => m.includes('Un accueil retouché.')), { timeout: 5_000 }).toBe(true);
      } finally {
        await late.stop();
      }
      await session.settled();
      expect(await (await fetch(`${base}${DECK}`)).text()).toContain('Un accueil retouché.');
      // Its file up to date, a page connecting is told nothing more.
      const fresh = hear(base, DECK);
      try {
        await expect.poll(() => fresh.text().includes(': connected'), { timeout: 5_000 }).toBe(true);
        expect(fresh.messages()).toEqual([]);
      } finally {
        await fresh.stop();
      }
    } finally {
      await open.stop();
    }
  });

  it('shows broken front matter over the last good slides, and clears it when fixed', async () => {
    writeFileSync(file, course({ front: '---\ntitle: "pas fermé\n---', intro: 'Texte cassé.' }));
    await page.waitForSelector('#estrade-overlay', { timeout: 15_000 });
    const overlay = await page.$eval('#estrade-overlay', (el) => el.textContent ?? '');
    expect(overlay).toMatch(/cours\.md:\d+: error: the front matter cannot be read/);
    // The course is French: so is the overlay's own sentence.
    expect(overlay).toMatch(/^Estrade : les dernières diapositives correctes restent affichées dessous/);
    expect(await textOf(page)).toContain('Une fin toute neuve.');
    writeFileSync(file, course({ intro: 'Réparé.' }));
    await shows(page, 'Réparé.');
    await page.waitForFunction(() => !document.querySelector('#estrade-overlay'), { timeout: 15_000 });
  });

  it('shows a slide that grew too long at once, then split into a "(suite)" slide', async () => {
    const slides = () => page.evaluate(() => document.querySelectorAll('svg[data-marpit-svg]').length);
    const before = await slides();
    const items = Array.from({ length: 16 }, (_, i) => `- Point numéro ${i + 1} de la longue liste`).join('\n');
    writeFileSync(file, course({ last: items }));
    await shows(page, 'Point numéro 16 de la longue liste');
    // Chromium finds it overflows; the deck has one slide more, so the page loads again.
    await page.waitForFunction((n) => document.querySelectorAll('svg[data-marpit-svg]').length === n + 1, { timeout: 15_000 }, before);
    await shows(page, 'Quatrième (suite)');
    await shows(page, 'Point numéro 16 de la longue liste');
    writeFileSync(file, course({ last: 'La fin de la partie.' }));
    await page.waitForFunction((n) => document.querySelectorAll('svg[data-marpit-svg]').length === n, { timeout: 15_000 }, before);
  });

  it('rewrites the speaker notes in the presenter view as they are edited', async () => {
    writeFileSync(file, course({ intro: 'Bienvenue.\n\n<!-- Première note -->' }));
    const presenter = await (await testBrowser()).newPage();
    try {
      // A slide that gains notes reloads the open pages once the presenter HTML carries them.
      await expect.poll(async () => (await fetch(`${base}${DECK}`)).text(), { timeout: 15_000 }).toContain('Première note');
      await presenter.goto(`${base}${DECK}?view=presenter`, { waitUntil: 'load' });
      const note = () => presenter.$$eval('.bespoke-marp-note', (notes) => notes.map((n) => n.textContent).join('|'));
      expect(await note()).toBe('Première note');
      await presenter.evaluate(() => Object.assign(window, { estradeMark: 'same page' }));
      writeFileSync(file, course({ intro: 'Bienvenue.\n\n<!-- Note réécrite, avec <b>des chevrons</b> -->' }));
      await expect.poll(note, { timeout: 15_000 }).toBe('Note réécrite, avec <b>des chevrons</b>');
      expect(await presenter.evaluate(() => (window as unknown as { estradeMark?: string }).estradeMark)).toBe('same page');
    } finally {
      await presenter.close();
    }
  });

  it('ends showing the last of 30 rapid saves', async () => {
    for (let i = 1; i <= 30; i++) writeFileSync(file, course({ intro: `Sauvegarde numéro ${i}.` }));
    await shows(page, 'Sauvegarde numéro 30.');
    await session.settled();
    expect(await textOf(page)).not.toContain('Sauvegarde numéro 29.');
  });

  it('picks up a save by rename, and a delete followed by a create', async () => {
    writeFileSync(`${file}.swp`, course({ intro: 'Enregistré par renommage.' }));
    renameSync(`${file}.swp`, file);
    await shows(page, 'Enregistré par renommage.');
    rmSync(file);
    writeFileSync(file, course({ intro: 'Recréé après suppression.' }));
    await shows(page, 'Recréé après suppression.');
  });

  it('shows an image added after the course referred to it', async () => {
    mkdirSync(join(dir, 'images'), { recursive: true });
    writeFileSync(file, course({ intro: 'Voici le schéma.\n\n![Le schéma](images/schema.svg)' }));
    await page.waitForFunction(() => document.querySelector('#estrade-overlay')?.textContent?.includes('schema.svg'), { timeout: 15_000 });
    writeFileSync(join(dir, 'images', 'schema.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#1557d0"/></svg>');
    await page.waitForFunction(() => !document.querySelector('#estrade-overlay'), { timeout: 15_000 });
    await shows(page, 'Voici le schéma.');
    await page.waitForFunction(() => [...document.images].some((i) => i.alt === 'Le schéma' && i.naturalWidth === 400), { timeout: 15_000 });
    // Saved again from a drawing program: the new picture, not the one embedded before.
    writeFileSync(join(dir, 'images', 'schema.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="200"><rect width="640" height="200" fill="#0f7b3f"/></svg>');
    await page.waitForFunction(() => [...document.images].some((i) => i.alt === 'Le schéma' && i.naturalWidth === 640), { timeout: 15_000 });
  });

  it('restyles the open deck when the theme is edited', async () => {
    const css = readFileSync(join(themes, 'docker.css'), 'utf8');
    writeFileSync(join(themes, 'docker.css'), `${css}\nh2 { color: rgb(1, 2, 3); }\n`);
    await page.waitForFunction(() => [...document.querySelectorAll('h2')].some((h) => getComputedStyle(h).color === 'rgb(1, 2, 3)'), { timeout: 20_000 });
    writeFileSync(join(themes, 'docker.css'), css);
    await page.waitForFunction(() => ![...document.querySelectorAll('h2')].some((h) => getComputedStyle(h).color === 'rgb(1, 2, 3)'), { timeout: 20_000 });
    await session.settled();
  });

  it('survives a theme saved with a CSS mistake: says where, keeps the last good slides, then shows the next good save', async () => {
    const css = readFileSync(join(themes, 'docker.css'), 'utf8');
    writeFileSync(join(themes, 'docker.css'), `${css}\nsection {\n  color: red;\n`);
    await page.waitForFunction(() => document.querySelector('#estrade-overlay')?.textContent?.includes('the theme cannot be read'), { timeout: 15_000 });
    const overlay = await page.$eval('#estrade-overlay', (el) => el.textContent ?? '');
    expect(overlay).toMatch(/docker\.css:\d+: error: the theme cannot be read: Unclosed block — fix the CSS/);
    expect(await textOf(page)).toContain('Premiers pas');
    expect((await fetch(`${base}${DECK}`)).status).toBe(200);
    writeFileSync(join(themes, 'docker.css'), `${css}\nh2 { color: rgb(4, 5, 6); }\n`);
    await page.waitForFunction(() => [...document.querySelectorAll('h2')].some((h) => getComputedStyle(h).color === 'rgb(4, 5, 6)'), { timeout: 20_000 });
    await page.waitForFunction(() => !document.querySelector('#estrade-overlay'), { timeout: 15_000 });
    writeFileSync(join(themes, 'docker.css'), css);
    await session.settled();
  });

  it('starts Chromium again when it is killed, and the next save shows up', async () => {
    await session.settled();
    const pid = session.browser.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(-pid!, 'SIGKILL');
    // Gone (and reaped) before the save: the save meets a session whose Chromium died.
    const alive = () => {
      try {
        process.kill(pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(alive, { timeout: 10_000 }).toBe(false);
    writeFileSync(file, course({ intro: 'Après la panne de Chromium.' }));
    await expect.poll(async () => (await fetch(`${base}${DECK}`)).text(), { timeout: 20_000 }).toContain('Après la panne de Chromium.');
    expect(session.browser.pid).not.toBe(pid);
    await page.close();
    page = await (await testBrowser()).newPage();
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(`${base}${DECK}`, { waitUntil: 'load' });
    // A slide that must be split is measured in the new Chromium.
    const items = Array.from({ length: 16 }, (_, i) => `- Point numéro ${i + 1} de la longue liste`).join('\n');
    writeFileSync(file, course({ last: items }));
    await expect.poll(async () => (await fetch(`${base}${DECK}`)).text(), { timeout: 20_000 }).toContain('Quatrième (suite)');
    writeFileSync(file, course());
    await session.settled();
  });

  it("says in one line when the watcher fails (too many files), and goes on showing saves", async () => {
    const before = warnings.length;
    const emfile = () => Object.assign(new Error('EMFILE: too many open files, watch'), { code: 'EMFILE' });
    session.watcher!.emit('error', emfile());
    session.watcher!.emit('error', emfile());
    const said = warnings.slice(before);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^watching for edits: EMFILE.*still served/);
    writeFileSync(file, course({ intro: 'Après une erreur du veilleur.' }));
    await shows(page, 'Après une erreur du veilleur.');
  });

  it('serves the pages even when the watcher takes long to start, and says so', async () => {
    const said: string[] = [];
    const slow = new DevSession({ inputs: [dir], port: 0, themeFolders: [themes], watchStartMs: 1, log: { info: () => undefined, warn: (m) => said.push(m), progress: () => undefined } });
    try {
      const url = await slow.start();
      expect((await fetch(`${url}cours/01-premiers-pas.html`)).status).toBe(200);
      expect(said.join('\n')).toMatch(/watching for edits is still starting/);
    } finally {
      await slow.stop();
    }
  });

  it('drops a deleted course from the index and keeps serving', async () => {
    const other = join(dir, 'autre.md');
    writeFileSync(other, '# Autre cours\n\n## 1. Seule partie\n\n### A\nTexte.\n');
    await expect.poll(async () => (await fetch(`${base}/`)).text(), { timeout: 15_000 }).toContain('autre/index.html');
    rmSync(other);
    await expect.poll(async () => (await fetch(`${base}/`)).text(), { timeout: 15_000 }).not.toContain('autre/index.html');
    expect((await fetch(`${base}/cours/manifest.json`)).status).toBe(200);
    expect((await fetch(`${base}/autre/manifest.json`)).status).toBe(404);
  });

  it('answers 404 to every path outside the built output', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/cours/..%2f..%2fpackage.json', '/%252e%252e/x', '/cours%5c..%5c..%5cpackage.json', '/etc/passwd', '/cours/missing.html']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
    }
  });

  it("answers the browser's /favicon.ico with Estrade's icon, not a 404 in the console", async () => {
    const res = await fetch(`${base}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg /);
  });
});

describe('dev server pieces', () => {
  it('maps URLs to artifacts and refuses anything that climbs', () => {
    expect(artifactPath('/')).toBe('index.html');
    expect(artifactPath('/cours/')).toBe('cours/index.html');
    expect(artifactPath('/cours/01-a.html?x=1')).toBe('cours/01-a.html');
    for (const bad of ['/../x', '/a/%2e%2e/x', '/a%5c..%5cx', '/%E0%A4%A', '/a/%00']) expect(artifactPath(bad), bad).toBeUndefined();
  });

  it('knows which deck pages are open and listening, until they close', async () => {
    const server = new DevServer();
    const base = await server.listen(0, '127.0.0.1');
    try {
      expect(server.showing('/cours/01-a.html')).toBe(false);
      const controller = new AbortController();
      const response = await fetch(`${base}__estrade/events?page=${encodeURIComponent('/cours/01-a.html')}`, { signal: controller.signal });
      await response.body!.getReader().read();
      expect(server.showing('/cours/01-a.html')).toBe(true);
      expect(server.showing('/cours/cours.html')).toBe(false);
      controller.abort();
      await expect.poll(() => server.showing('/cours/01-a.html'), { timeout: 5_000 }).toBe(false);
      // The classroom hears every message: every deck counts as shown.
      server.onMessage(() => undefined);
      expect(server.showing('/cours/cours.html')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("sends a deck's slides and its reload to that deck's pages only (a whole course is megabytes), the rest to all", async () => {
    const server = new DevServer();
    const base = await server.listen(0, '127.0.0.1');
    const listen = (page: string) => {
      const heard = { text: '' };
      const controller = new AbortController();
      const done = fetch(`${base}__estrade/events?page=${encodeURIComponent(page)}`, { signal: controller.signal })
        .then(async (r) => {
          const reader = r.body!.getReader();
          for (;;) {
            const { done: end, value } = await reader.read();
            if (end) break;
            heard.text += Buffer.from(value).toString();
          }
        })
        .catch(() => undefined);
      return { heard, stop: () => (controller.abort(), done) };
    };
    const a = listen('/c/a.html');
    const b = listen('/c/b.html');
    try {
      await expect.poll(() => server.showing('/c/a.html') && server.showing('/c/b.html'), { timeout: 5_000 }).toBe(true);
      server.send({ type: 'slides', deck: '/c/a.html', slides: 1, changed: [[0, 'SLIDES-OF-A']], notes: [] });
      server.send({ type: 'reload', path: '/c/b.html' });
      server.send({ type: 'problems', course: '/c/', lines: ['PROBLEM'] });
      server.send({ type: 'reload', path: '*' });
      await expect.poll(() => (a.heard.text.match(/"path":"\*"/g) ?? []).length + (b.heard.text.match(/"path":"\*"/g) ?? []).length, { timeout: 5_000 }).toBe(2);
      expect(a.heard.text).toContain('SLIDES-OF-A');
      expect(b.heard.text).not.toContain('SLIDES-OF-A');
      expect(b.heard.text).toContain('"path":"/c/b.html"');
      expect(a.heard.text).not.toContain('"path":"/c/b.html"');
      for (const page of [a, b]) expect(page.heard.text).toContain('PROBLEM');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await server.close();
    }
  });

  it('finds the slides that changed', () => {
    const svg = (t: string) => `<svg data-marpit-svg="">${t}</svg>`;
    const deck = (...texts: string[]) => `<div class="marpit">${texts.map(svg).join('')}</div>`;
    expect(slideChanges(deck('a', 'b', 'c', 'd'), deck('a', 'B', 'c', 'D'))).toEqual({ sameCount: true, changed: [[1, svg('B')], [3, svg('D')]] });
    expect(slideChanges(deck('a', 'b'), deck('a', 'b'))).toEqual({ sameCount: true, changed: [] });
    expect(slideChanges(deck('a', 'b'), deck('a', 'b', 'c'))).toEqual({ sameCount: false, changed: [[2, svg('c')]] });
  });
});

describe('estrade dev starting on a long course', () => {
  const deck = (name: string, slides: number) => ({ name, slides: Array.from({ length: slides }, () => ({})) }) as unknown as Deck;

  it('fits first the sections pages wait for, alone; else the first ones up to the room given, then the rest at once', () => {
    const decks = ['01-a', '02-b', '03-c', '04-d', '05-e'].map((name) => deck(name, 10));
    const names = (chunk: Deck[]) => chunk.map((d) => d.name);
    expect(names(nextSections(decks, { asked: new Set(), course: 'c', room: 30, first: true }))).toEqual(['01-a', '02-b', '03-c']);
    expect(names(nextSections(decks, { asked: new Set(['c/05-e.html', 'c/02-b.html']), course: 'c', room: 30, first: true }))).toEqual(['02-b', '05-e']);
    expect(names(nextSections(decks, { asked: new Set(['c/04-d.html']), course: 'c', room: 30, first: false }))).toEqual(['04-d']);
    expect(names(nextSections(decks, { asked: new Set(), course: 'c', room: 30, first: false }))).toHaveLength(5);
    // Another course's page, or a page already served, does not count.
    expect(names(nextSections(decks.slice(1), { asked: new Set(['autre/05-e.html', 'c/01-a.html']), course: 'c', room: 10, first: true }))).toEqual(['02-b']);
  });

  it('serves a page asked for while it starts once its section is fitted, before the whole course, and the same page as at the end', async () => {
    const folder = tempDir('estrade-dev-long-');
    const sections = Array.from({ length: 8 }, (_, s) => `## ${s + 1}. Partie ${s + 1}\n\n${Array.from({ length: 10 }, (_, k) => `### Diapo ${s + 1}.${k + 1}\n\nLe texte ${s + 1}.${k + 1}, assez court.`).join('\n\n')}`).join('\n\n');
    writeFileSync(join(folder, 'long.md'), `---\nlang: fr\n---\n# Un long cours\n\n${sections}\n`);
    const asked = (url: string, path: string) => fetch(`${url}${path}`).then(async (r) => ({ status: r.status, body: await r.text(), made: [...long.server.files.keys()] }));
    let early: ReturnType<typeof asked> | undefined;
    let missing: ReturnType<typeof asked> | undefined;
    let index: ReturnType<typeof asked> | undefined;
    const long: DevSession = new DevSession({
      inputs: [folder], port: 0, log: { info: () => undefined, warn: () => undefined, progress: () => undefined },
      early: { listening: (url) => {
        early = asked(url, 'long/08-partie-8.html');
        missing = asked(url, 'long/nulle-part.html');
        index = asked(url, 'long/index.html');
      } },
    });
    try {
      const url = await long.start();
      const page = await early!;
      expect(page.status).toBe(200);
      expect(page.body).toContain('Diapo 8.10');
      // Served before the whole-course deck was made (it comes last).
      expect(page.made).toContain('long/08-partie-8.html');
      expect(page.made).not.toContain('long/long.html');
      // The course's page too, before any section was fitted: every section linked, its slides counted as written.
      const course = await index!;
      expect(course.made.filter((f) => /^long\/\d\d-/.test(f))).toEqual([]);
      for (let s = 1; s <= 8; s++) expect(course.body).toContain(`href="0${s}-partie-${s}.html"`);
      // The page made for the whole course is the one served early: an open page need not load again.
      expect((await asked(url, 'long/08-partie-8.html')).body).toBe(page.body);
      expect((await asked(url, 'long/long.html')).status).toBe(200);
      // A page that is never made is a 404 once the course is built, not a request left hanging.
      expect((await missing!).status).toBe(404);
    } finally {
      await long.stop();
    }
  });
});
