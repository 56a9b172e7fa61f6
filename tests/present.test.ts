// `estrade present` in real Chromium: projector, presenter, remote and two students on a real server;
// the teacher's key, and what students can and cannot do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect as connectSocket, type Socket } from 'node:net';
import { join } from 'node:path';
import jsqr from 'jsqr';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, isKey, newKey } from '../src/present/key.ts';
import { classroomAddress, MAX_CONNECTIONS, PresentSession, type ClassroomUrls } from '../src/present/session.ts';
import { testBrowser } from './helpers/browser.ts';
import { tempDir } from './helpers/temp.ts';

describe('the teacher key', () => {
  it('has at least 128 random bits, different each time', () => {
    const keys = new Set(Array.from({ length: 50 }, newKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(Buffer.from(key, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('is compared whole, whatever the length given', () => {
    const key = newKey();
    expect(isKey(key, key)).toBe(true);
    expect(isKey(key.slice(0, -1), key)).toBe(false);
    expect(isKey(`${key}x`, key)).toBe(false);
    expect(isKey('', key)).toBe(false);
    expect(isKey(undefined, key)).toBe(false);
  });

  it('is read from an Authorization: Bearer header only', () => {
    expect(bearer('Bearer abc-_1')).toBe('abc-_1');
    expect(bearer('bearer abc')).toBe('abc');
    expect(bearer('Basic abc')).toBeUndefined();
    expect(bearer('Bearer a b')).toBeUndefined();
    expect(bearer(undefined)).toBeUndefined();
  });
});

describe('the students address', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    wlan0: [{ address: 'fe80::1', family: 'IPv6', internal: false }, { address: '10.2.3.4', family: 'IPv4', internal: false }],
  } as unknown as ReturnType<typeof import('node:os').networkInterfaces>;

  it("is this machine's network address when listening on all of them", () => {
    expect(classroomAddress('0.0.0.0', interfaces)).toBe('10.2.3.4');
    expect(classroomAddress('::', interfaces)).toBe('10.2.3.4');
  });

  it('is the address listened on otherwise', () => {
    expect(classroomAddress('192.168.1.9', interfaces)).toBe('192.168.1.9');
    expect(classroomAddress('::1', interfaces)).toBe('[::1]');
  });
});

const french = (third = 'Un conteneur isole un processus.') => `---
lang: fr
duration: 45
theme: classe
---
# Cours de réseau

## 1. Les bases

### Adresses
Chaque machine a une adresse.

<!-- Demander qui connaît son adresse IP. -->

### Ports
- 80 pour le web
- 22 pour ssh

### Conteneurs
${third}

\`\`\`sh
docker run -p 8080:80 nginx
\`\`\`

### Fin
Merci.

## 2. La suite

<!-- duration: 20 -->

### Routage
Les routeurs relient les réseaux.

## 3. Un long programme

### Programme
\`\`\`python
${Array.from({ length: 40 }, (_, i) => `print("ligne ${i + 1}")`).join('\n')}
\`\`\`
`;

const classTheme = (accent: string) => `/* @theme classe */\n@import 'estrade';\nsection { --accent: ${accent}; }\n`;

const english = `---
lang: en
---
# Networking

## 1. Basics

### Addresses
Every machine has an address.

<!-- Ask who knows their IP address. -->

### Ports
Port 80 is the web.
`;

describe('estrade present, in Chromium', () => {
  let dir = '';
  let session: PresentSession;
  let urls: ClassroomUrls;
  let base = '';
  const pages: Page[] = [];
  let projector: Page, presenter: Page, remote: Page, alice: Page, bob: Page;

  // Each view in a browser context of its own, as on its own device: Chromium holds at most six
  // connections to a server per context, and every open view keeps one for its events.
  const open = async (url: string, width = 1280, height = 800) => {
    const page = await (await (await testBrowser()).createBrowserContext()).newPage();
    await page.setViewport({ width, height });
    pages.push(page);
    await page.goto(url.replace(/^http:\/\/[^/]+/, base), { waitUntil: 'load' });
    // Shown: the view has its words and its slide number.
    await page.waitForFunction(() => document.title !== 'Estrade' && /^#\d+$/.test(location.hash), { timeout: 15_000 });
    return page;
  };
  // A teacher's view that must refuse: it shows its one page once it has asked the server.
  const openLocked = async (url: string) => {
    const page = await (await (await testBrowser()).createBrowserContext()).newPage();
    pages.push(page);
    await page.goto(url.replace(/^http:\/\/[^/]+/, base), { waitUntil: 'load' });
    await page.waitForSelector('.lock-page', { visible: true, timeout: 15_000 });
    return page;
  };
  const slideText = (page: Page) => page.$eval('#slide .marpit', (el) => el.textContent ?? '');
  const showing = (page: Page, text: string, slide: number) =>
    page.waitForFunction((t, n) => (document.querySelector('#slide .marpit')?.textContent ?? '').includes(t) && location.hash === `#${n}`, { timeout: 15_000 }, text, slide).catch(async (e: Error) => {
      throw new Error(`${e.message}: waited for "${text}" on slide ${slide}, the page shows ${await page.evaluate(() => location.hash)}: ${await slideText(page)}`);
    });
  const goto = (body: object, key: string | null = session.key) =>
    fetch(`${base}/api/goto`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) }, body: JSON.stringify(body) });
  const state = async () => ((await (await fetch(`${base}/__present/decks`)).json()) as { state: { deck: string; slide: number; blank: boolean } }).state;

  beforeAll(async () => {
    dir = tempDir('estrade-present-');
    writeFileSync(join(dir, 'cours.md'), french());
    writeFileSync(join(dir, 'networking.md'), english);
    mkdirSync(join(dir, 'themes'));
    writeFileSync(join(dir, 'themes', 'classe.css'), classTheme('#0f7a66'));
    session = new PresentSession({ inputs: [dir], port: 0, host: '127.0.0.1', log: { info: () => undefined, warn: () => undefined, progress: () => undefined } });
    urls = await session.start();
    base = urls.students.replace(/\/$/, '');
    projector = await open(urls.projector);
    presenter = await open(urls.presenter, 1440, 900);
    remote = await open(urls.remote, 390, 844);
    alice = await open(urls.students, 1024, 700);
    bob = await open(urls.students, 390, 844);
  }, 90_000);

  afterAll(async () => {
    for (const page of pages) await page.browserContext().close().catch(() => undefined);
    await session?.stop();
  });

  it('prints one line per view; only the teacher views carry the key', () => {
    expect(Object.keys(urls)).toEqual(['projector', 'presenter', 'remote', 'students']);
    for (const view of ['projector', 'presenter', 'remote'] as const) expect(urls[view]).toContain(`#key=${encodeURIComponent(session.key)}`);
    expect(urls.students).not.toContain(session.key);
  });

  it('moves everyone when the teacher moves: projector, presenter, remote and both students', async () => {
    // The first part: its opening slide, its agenda, then Adresses (3), Ports, Conteneurs, Fin (6).
    const response = await goto({ deck: 'cours/01-les-bases', slide: 3 });
    expect(response.status).toBe(200);
    for (const page of [projector, presenter, alice, bob]) await showing(page, 'Chaque machine a une adresse', 3);
    await remote.waitForFunction(() => document.querySelector('#counter')?.textContent?.includes('3') && location.hash === '#3');
    // "Diapositive 3 sur 6" on one line of a 390-pixel phone.
    const counter = await remote.$eval('#counter', (el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5 }));
    expect(counter.height).toBeLessThan(counter.line * 1.5);
    // The presenter view: the next slide and this slide's notes.
    expect(await presenter.$eval('#next', (el) => el.textContent)).toContain('Ports');
    expect(await presenter.$eval('#notes', (el) => el.textContent)).toContain('Demander qui connaît son adresse IP');
  });

  it('moves from the remote and from the projector keyboard', async () => {
    await remote.click('#forward');
    for (const page of [alice, bob, projector]) await showing(page, '80 pour le web', 4);
    await projector.keyboard.press('ArrowRight');
    for (const page of [alice, bob, remote]) await page.waitForFunction(() => location.hash === '#5');
    await showing(alice, 'docker run', 5);
  });

  it('lets one student browse back and return, while the other follows', async () => {
    // Following the teacher: no way back to offer, and the page says they follow.
    const following = async (page: Page) => ({ back: await page.$eval('#back', (el) => (el as HTMLElement).hidden), status: await page.$eval('#status', (el) => el.textContent) });
    expect(await following(alice)).toEqual({ back: true, status: 'Vous suivez le professeur.' });
    await alice.keyboard.press('ArrowLeft');
    await showing(alice, '80 pour le web', 4);
    expect(await alice.$eval('#back', (el) => (el as HTMLElement).hidden)).toBe(false);
    expect(await alice.$eval('#status', (el) => el.textContent)).toBe('Le professeur est à la diapositive 5');
    expect(await following(bob)).toEqual({ back: true, status: 'Vous suivez le professeur.' });
    expect(await bob.evaluate(() => location.hash)).toBe('#5');
    expect((await state()).slide).toBe(5);
    await goto({ deck: 'cours/01-les-bases', slide: 6 });
    await showing(bob, 'Merci', 6);
    expect(await slideText(alice)).toContain('80 pour le web');
    await alice.click('#back');
    await showing(alice, 'Merci', 6);
  });

  it('moves nothing without the right key', async () => {
    expect((await goto({ deck: 'cours/01-les-bases', slide: 2 }, null)).status).toBe(401);
    expect((await goto({ deck: 'cours/01-les-bases', slide: 2 }, 'not-the-key')).status).toBe(403);
    expect((await goto({ deck: 'cours/01-les-bases', slide: 2 }, `${session.key}x`)).status).toBe(403);
    const blank = await fetch(`${base}/api/blank`, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' });
    expect(blank.status).toBe(403);
    // A projector opened with a wrong key shows one page saying why, and moves no one.
    const stranger = await openLocked(urls.projector.replace(/key=[^&]+/, 'key=guess'));
    await stranger.keyboard.press('ArrowLeft');
    // A student's keys move only their own page.
    await bob.keyboard.press('ArrowLeft');
    expect(await state()).toMatchObject({ deck: 'cours/01-les-bases', slide: 6, blank: false });
    expect(await alice.evaluate(() => location.hash)).toBe('#6');
    await bob.click('#back');
  });

  it('never gives students the key nor the speaker notes', async () => {
    const html = await alice.content();
    expect(html).not.toContain(session.key);
    expect(await (await fetch(`${base}/`)).text()).not.toContain(session.key);
    expect((await fetch(`${base}/__present/notes?id=cours/01-les-bases`)).status).toBe(401);
    expect((await fetch(`${base}/__present/qr/remote.svg`)).status).toBe(401);
    const deck = await (await fetch(`${base}/__present/deck?id=cours/01-les-bases`)).text();
    expect(deck).not.toContain('Demander qui connaît');
  });

  it('serves only built pages: no file-system path, a bounded body', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/cours.md', '/etc/passwd']) expect((await fetch(`${base}${path}`)).status, path).toBe(404);
    const big = await goto({ deck: 'cours/01-les-bases', slide: 2, padding: 'x'.repeat(4000) });
    expect(big.status).toBe(413);
    expect((await state()).slide).toBe(6);
  });

  it('holds 250 connections from one address (a class behind a school NAT), caps the total, and serves after', async () => {
    const port = Number(new URL(base).port);
    const opened = (n: number) => Promise.all(Array.from({ length: n }, () => new Promise<Socket>((ok) => {
      const socket = connectSocket({ host: '127.0.0.1', port }, () => ok(socket));
      socket.on('error', () => ok(socket));
      socket.on('close', () => ok(socket));
    })));
    const sockets = await opened(250);
    await new Promise((r) => setTimeout(r, 500));
    expect(sockets.filter((s) => s.destroyed || s.readyState === 'closed').length).toBe(0);
    expect((await fetch(`${base}/`)).status).toBe(200);
    // Above the total (MAX_CONNECTIONS), new connections are turned away.
    const more = await opened(MAX_CONNECTIONS);
    const closed = () => [...sockets, ...more].filter((s) => s.destroyed || s.readyState === 'closed').length;
    await expect.poll(closed, { timeout: 10_000 }).toBeGreaterThanOrEqual(250);
    for (const s of [...sockets, ...more]) s.destroy();
    // Once they are gone, the server serves again.
    await expect.poll(async () => (await fetch(`${base}/`)).status, { timeout: 10_000 }).toBe(200);
  });

  it('answers a call without the key on its headers, without reading its body', async () => {
    const port = Number(new URL(base).port);
    const socket = connectSocket({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (d) => { answer += d.toString(); });
    socket.on('error', () => undefined);
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const size = 200 * 1024 * 1024;
    socket.write(`POST /api/goto HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`);
    // The body keeps coming as fast as the server takes it, until the connection ends.
    const chunk = Buffer.alloc(64 * 1024, 32);
    let sent = 0;
    let open = true;
    void closed.then(() => { open = false; });
    while (open && sent < size) {
      if (!socket.write(chunk)) await new Promise((r) => { socket.once('drain', r); setTimeout(r, 200); });
      sent += chunk.length;
    }
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    // What the kernel's buffers hold, not the 200 MB announced.
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('blanks the projector with b, and shows the students address as a QR code with q', async () => {
    await projector.keyboard.press('b');
    await projector.waitForFunction(() => !(document.querySelector('#curtain') as HTMLElement).hidden);
    expect((await state()).blank).toBe(true);
    await projector.keyboard.press('b');
    await projector.waitForFunction(() => (document.querySelector('#curtain') as HTMLElement).hidden);
    await projector.keyboard.press('q');
    const decoded = await qrOf(projector, '#qr-code svg');
    expect(decoded).toBe(urls.students);
    expect(await projector.$eval('#students-url', (el) => el.textContent)).toBe(urls.students);
    await projector.keyboard.press('q');
  });

  it("shows the remote's QR code (it holds the key) only on demand, never on the projector", async () => {
    expect(await presenter.$('#remote-code svg')).toBeNull();
    expect(await projector.content()).not.toContain(session.key);
    await presenter.click('#show-remote');
    expect(await qrOf(presenter, '#remote-code svg')).toBe(urls.remote);
    await presenter.click('#show-remote');
    await presenter.waitForFunction(() => document.querySelector('#remote-code svg') === null);
  });

  it('takes the key out of the address bar at once: kept for the tab, not in the URL or its history', async () => {
    for (const view of ['projector', 'presenter', 'remote'] as const) {
      expect(new URL(urls[view]).search).toBe('');
      expect(new URL(urls[view]).hash).toBe(`#key=${encodeURIComponent(session.key)}`);
    }
    for (const page of [projector, presenter, remote]) {
      expect(await page.evaluate(() => location.href)).not.toContain(session.key);
      expect(await page.evaluate(() => sessionStorage.getItem('estrade.teacher-key'))).toBe(session.key);
    }
  });

  it("shows a teacher's view opened without its key as one page saying so, and nothing else", async () => {
    for (const view of ['/presenter', '/projector', '/remote']) {
      const page = await openLocked(`${base}${view}`);
      const text = await page.evaluate(() => document.body.innerText.trim());
      expect(text).toMatch(/clé du professeur|teacher's key/);
      expect(text).toContain('estrade present');
      // No button, slide, notes or code on the page.
      expect(await page.$$eval('button, .frame, #notes, svg', (els) => els.length)).toBe(0);
    }
  });

  it('shows an edit of the course on the students pages in place', async () => {
    await alice.evaluate(() => Object.assign(window, { unchanged: true }));
    await goto({ deck: 'cours/01-les-bases', slide: 5 });
    await showing(alice, 'Un conteneur isole un processus', 5);
    writeFileSync(join(dir, 'cours.md'), french('Un conteneur partage le noyau.'));
    await showing(alice, 'Un conteneur partage le noyau', 5);
    await showing(projector, 'Un conteneur partage le noyau', 5);
    expect(await alice.evaluate(() => (window as unknown as { unchanged?: boolean }).unchanged)).toBe(true);
  });

  it('ends on the last of quick moves between parts (no earlier move shown late)', async () => {
    await Promise.all([goto({ deck: 'networking/01-basics', slide: 3 }), goto({ deck: 'cours/02-la-suite', slide: 2 })].map(async (p) => (await p).status));
    await goto({ deck: 'cours/01-les-bases', slide: 5 });
    for (const page of [alice, projector, presenter]) await showing(page, 'docker run', 5);
    await new Promise((r) => setTimeout(r, 1000));
    for (const page of [alice, projector, presenter]) expect(await slideText(page)).toContain('docker run');
  });

  it('shows an edit of the theme on the students pages', async () => {
    writeFileSync(join(dir, 'themes', 'classe.css'), classTheme('#c0392b'));
    await alice.waitForFunction(() => (document.querySelector('#slide style')?.textContent ?? '').includes('#c0392b'), { timeout: 30_000 });
    await projector.waitForFunction(() => (document.querySelector('#slide style')?.textContent ?? '').includes('#c0392b'), { timeout: 30_000 });
  });

  it("offers a copy button on code, the section's PDFs and the lesson so far", async () => {
    await alice.waitForFunction(() => document.querySelector('#slide .copy') !== null);
    await alice.waitForFunction(() => document.querySelectorAll('#links a').length === 3, { timeout: 30_000 });
    const links = await alice.$$eval('#links a', (as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
    expect(links).toEqual(['/cours/01-les-bases.pdf', '/cours/01-les-bases-handout.pdf', '/lesson.pdf']);
    const lesson = await fetch(`${base}/lesson.pdf`);
    expect(lesson.headers.get('content-type')).toBe('application/pdf');
    const pdf = await fetch(`${base}${links[0]}`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('copies the whole program from a slide that shows a piece of it ("(suite)")', async () => {
    const deck = (await (await fetch(`${base}/__present/deck?id=cours/03-un-long-programme`)).json()) as { slides: string[] };
    const suite = deck.slides.findIndex((svg) => svg.includes('(suite)')) + 1;
    expect(suite).toBeGreaterThan(1);
    await goto({ deck: 'cours/03-un-long-programme', slide: suite });
    await showing(alice, '(suite)', suite);
    const shown = await alice.$eval('#slide pre', (el) => (el as HTMLElement).innerText);
    expect(shown).not.toContain('ligne 1")');
    await alice.evaluate(() => document.addEventListener('copy', () => Object.assign(window, { copied: document.querySelector('textarea')?.value })));
    await alice.click('#slide .copy');
    const copied = await alice.evaluate(() => (window as unknown as { copied?: string }).copied);
    expect(copied).toBe(Array.from({ length: 40 }, (_, i) => `print("ligne ${i + 1}")`).join('\n'));
  });

  it('speaks the course language: French for a French course, English for an English one', async () => {
    await goto({ deck: 'cours/01-les-bases', slide: 1 });
    await presenter.waitForFunction(() => document.documentElement.lang === 'fr' && location.hash === '#1');
    const fr = await presenter.$$eval('[data-w]', (els) => els.map((e) => e.textContent));
    expect(fr).toEqual(expect.arrayContaining(['Diapositive suivante', 'Précédente', 'Suivante', 'Écran noir', 'Écoulé']));
    expect(await presenter.$eval('#clock', (el) => el.textContent)).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    // 45 minutes (the course's duration:) less the time since the lesson started.
    const [minutes, seconds] = (await presenter.$eval('#left', (el) => el.textContent ?? '')).split(':').map(Number);
    expect(minutes! * 60 + seconds!).toBeGreaterThan(35 * 60);
    expect(minutes! * 60 + seconds!).toBeLessThanOrEqual(45 * 60);
    // The second part says it takes 20 minutes: its own countdown, from when the class enters it,
    // while the lesson's time goes on beside it.
    const lesson = (await state() as unknown as { elapsed: number }).elapsed;
    if (lesson < 15_000) await new Promise((r) => setTimeout(r, 15_000 - lesson));
    await goto({ deck: 'cours/02-la-suite', slide: 1 });
    await presenter.waitForFunction(() => document.querySelector('#left-label')?.textContent === 'Partie : restant');
    const [m2, s2] = (await presenter.$eval('#left', (el) => el.textContent ?? '')).split(':').map(Number);
    expect(m2! * 60 + s2!).toBeGreaterThanOrEqual(20 * 60 - 6);
    const [m3, s3] = (await presenter.$eval('#elapsed', (el) => el.textContent ?? '')).split(':').map(Number);
    expect(m3! * 60 + s3!).toBeGreaterThanOrEqual(15);
    await goto({ deck: 'networking/01-basics', slide: 2 });
    await presenter.waitForFunction(() => document.documentElement.lang === 'en' && location.hash === '#2');
    const en = await presenter.$$eval('[data-w]', (els) => els.map((e) => e.textContent));
    expect(en).toEqual(expect.arrayContaining(['Next slide', 'Previous', 'Next', 'Blank screen', 'Elapsed']));
    expect(en.join(' ')).not.toMatch(/Diapositive|Précédente/);
    expect(await presenter.$eval('#notes', (el) => el.textContent)).toContain('Ask who knows their IP address');
    await showing(bob, 'Every machine has an address', 2);
  });
});

/** What a QR code on the page says, read from its pixels by jsQR. */
async function qrOf(page: Page, selector: string): Promise<string | undefined> {
  await page.waitForSelector(selector, { visible: true });
  const { width, height, data } = await page.$eval(selector, async (svg) => {
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await image.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: 400, height: 400 });
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 400, 400);
    context.drawImage(image, 0, 0, 400, 400);
    return { width: 400, height: 400, data: [...context.getImageData(0, 0, 400, 400).data] };
  });
  // jsqr is a CommonJS module whose function is its default export.
  const decode = ((jsqr as unknown as { default?: unknown }).default ?? jsqr) as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
  return decode(Uint8ClampedArray.from(data), width, height)?.data;
}
