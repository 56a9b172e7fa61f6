// Private stays private: a curious student, starting from what students are given (the students'
// address, a published dist/), follows every link, every path named in any JSON, every stream and
// every name worth guessing, and must never read a word of the teacher's speaker notes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevSession } from '../src/dev/session.ts';
import { PresentSession } from '../src/present/session.ts';
import { buildInto } from './helpers/build.ts';
import { readPdf } from './helpers/pdf.ts';
import { tempDir } from './helpers/temp.ts';

// One word, so that a PDF's text extraction keeps it whole; never in the slides' own text.
const MARKER = 'ZQXNOTE7731';
// A question's explanation and an open question's answer: the class learns them when the vote closes.
const ANSWER = 'ZQXANSWER4417';

const course = (handout: number, edited = '') => `---
lang: fr
handout: ${handout}
duration: 30
---
# Cours ${handout}

## 1. Première partie

### Adresses
Chaque machine a une adresse.${edited}

<!-- ${MARKER} demander qui connaît son adresse IP. -->

### Ports
- 80 pour le web
- 22 pour ssh

### Quel port pour le web ?
- [ ] 22
- [x] 80

> Réponse : ${ANSWER} le port du web.

### Quelle commande liste les ports ?

> Réponse : ${ANSWER}

<!--
${MARKER} une note
sur plusieurs lignes
-->

## 2. Deuxième partie

### Routage
Les routeurs relient les réseaux.

<!-- ${MARKER} routage -->
`;

const quiet = { info: () => undefined, warn: () => undefined, progress: () => undefined };

function writeCourses(dir: string, edited = ''): void {
  writeFileSync(join(dir, 'un.md'), course(1, edited));
  writeFileSync(join(dir, 'trois.md'), course(3, edited));
}

interface Seen {
  path: string;
  status: number;
  type: string;
}

/** What a response says, as text: a PDF's extracted text, anything else decoded as UTF-8. */
async function readable(type: string, bytes: Uint8Array): Promise<string> {
  if (type.includes('pdf') || Buffer.from(bytes.subarray(0, 5)).toString() === '%PDF-') return (await readPdf(bytes)).text.join('\n');
  return Buffer.from(bytes).toString('utf8');
}

/** A response's bytes; a stream that does not end (events) is read for a second. */
async function body(response: Response): Promise<Uint8Array> {
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  const stop = setTimeout(() => void reader.cancel().catch(() => undefined), 1000);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch {
    // cancelled: what came is enough
  } finally {
    clearTimeout(stop);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Every path a page or JSON names: links, sources, and any string that looks like a path. */
function namedPaths(text: string, type: string, from: string): string[] {
  const found = new Set<string>();
  if (type.includes('html')) for (const m of text.matchAll(/\b(?:href|src)\s*=\s*["']([^"'#]+)/g)) found.add(m[1]!);
  if (type.includes('json')) {
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && /^\/|\.(html|pdf|json|png|jpe?g|svg)$/.test(v)) found.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(JSON.parse(text));
  }
  return [...found].filter((p) => !/^(data|javascript|mailto):/.test(p)).map((p) => new URL(p, `http://x${from}`)).filter((u) => u.host === 'x').map((u) => u.pathname + u.search);
}

/** Crawls a server from the given paths and guesses; returns what it saw and any text holding the marker. */
async function crawl(base: string, start: string[], guesses: (ids: string[]) => string[], marker = MARKER): Promise<{ seen: Seen[]; leaks: string[] }> {
  const queue = [...start];
  const done = new Set<string>();
  const seen: Seen[] = [];
  const leaks: string[] = [];
  const deckIds = new Set<string>();
  const visit = async (path: string) => {
    if (done.has(path)) return;
    done.add(path);
    const response = await fetch(base + path);
    const type = response.headers.get('content-type') ?? '';
    const text = await readable(type, await body(response));
    seen.push({ path, status: response.status, type });
    if (text.includes(marker)) leaks.push(path);
    if (response.ok) queue.push(...namedPaths(text, type, path));
    if (path.startsWith('/__present/decks') && response.ok) for (const d of (JSON.parse(text) as { decks: { id: string }[] }).decks) deckIds.add(d.id);
    for (const m of path.matchAll(/^\/([\w-]+\/[\w-]+)\.(?:html|pdf)$/g)) deckIds.add(m[1]!);
  };
  while (queue.length) await visit(queue.shift()!);
  for (const path of guesses([...deckIds])) queue.push(path);
  while (queue.length) await visit(queue.shift()!);
  return { seen, leaks };
}

/** Names a student might try for each deck and course. */
const guessed = (ids: string[]) => [
  '/index.html', '/__estrade/events', '/__present/decks', '/__present/qr/remote.svg', '/__present/qr/students.svg', '/__present/teacher',
  '/presenter', '/projector', '/remote', '/api/goto', '/api/question', '/api/ink', '/api/board',
  // The lesson: its PDF is given to students; its files (answers, ink, summary) stay beside the course.
  '/lesson.pdf', '/lessons/', '/answers.csv', '/ink.jsonl', '/summary.md', '/lesson-handout.pdf',
  ...ids.flatMap((id) => {
    const course = id.split('/')[0];
    return [
      `/${id}.html`, `/${id}.teacher.html`, `/${id}-notes.html`, `/${id}.pdf`, `/${id}-handout.pdf`, `/${id}-notes.pdf`, `/${id}.pptx`,
      `/${course}/index.html`, `/${course}/manifest.json`, `/${course}/${course}.html`, `/${course}/${course}-handout.pdf`,
      `/__present/deck?id=${encodeURIComponent(id)}`, `/__present/notes?id=${encodeURIComponent(id)}`,
      `/__present/ink?deck=${encodeURIComponent(id)}`, ...[1, 2].map((n) => `/__present/question?deck=${encodeURIComponent(id)}&number=${n}`),
      `/${course}/lessons/`, `/${course}/answers.csv`,
    ];
  }),
];

/** Listens to an event stream while `during` runs; returns what it heard. */
/** What an event stream says while `during` runs; `during` may wait on what it has heard so far. */
async function listen(url: string, during: (heard: () => string) => Promise<void>): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = response.body!.getReader();
  let heard = '';
  const reading = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        heard += Buffer.from(value).toString('utf8');
      }
    } catch {
      // aborted
    }
  })();
  await during(() => heard);
  controller.abort();
  await reading;
  return heard;
}

const until = async (check: () => boolean | Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('waited too long');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('a curious student in class (estrade present), with handout: 1 and handout: 3', () => {
  let dir = '';
  let session: PresentSession;
  let base = '';

  beforeAll(async () => {
    dir = tempDir('estrade-private-');
    writeCourses(dir);
    session = new PresentSession({ inputs: [dir], port: 0, host: '127.0.0.1', log: quiet });
    base = (await session.start()).students.replace(/\/$/, '');
    await session.settled();
  }, 120_000);

  afterAll(async () => {
    await session?.stop();
  });

  it('finds no note in any page, deck, PDF, JSON or guessed name', async () => {
    const { seen, leaks } = await crawl(base, ['/', '/__present/decks'], guessed);
    expect(leaks).toEqual([]);
    // The crawl reached what matters: the decks' HTML and every PDF students are offered.
    const ok = seen.filter((s) => s.status === 200).map((s) => s.path);
    for (const c of ['un', 'trois']) {
      expect(ok).toContain(`/${c}/01-premiere-partie.html`);
      expect(ok).toContain(`/${c}/01-premiere-partie-handout.pdf`);
      expect(ok).toContain(`/${c}/01-premiere-partie.pdf`);
    }
    // The lesson so far is theirs, without a note.
    expect(ok).toContain('/lesson.pdf');
    for (const name of ['/lessons/', '/answers.csv', '/ink.jsonl', '/summary.md']) expect(seen.find((s) => s.path === name)?.status, name).toBe(404);
    // The teacher's doors stay shut.
    const notes = seen.filter((s) => s.path.startsWith('/__present/notes'));
    expect(notes.length).toBeGreaterThan(0);
    for (const s of notes) expect(s.status).toBe(401);
    expect(seen.find((s) => s.path === '/__present/qr/remote.svg')?.status).toBe(401);
    for (const call of ['/api/goto', '/api/question', '/api/ink', '/api/board', '/api/blank', '/api/timer']) {
      expect((await fetch(base + call, { method: 'POST', body: '{}' })).status, call).toBe(401);
    }
  });

  it("finds no answer to a question before the teacher closes its vote, and the class's after", async () => {
    // The class on the question: the students' page asks it.
    const decks = (await (await fetch(`${base}/__present/decks`)).json()) as { decks: { id: string }[] };
    const id = decks.decks.find((d) => d.id === 'un/01-premiere-partie')!.id;
    const slides = ((await (await fetch(`${base}/__present/deck?id=${encodeURIComponent(id)}`)).json()) as { slides: string[] }).slides;
    const slide = slides.findIndex((svg) => svg.includes('data-question="1"')) + 1;
    expect(slide).toBeGreaterThan(0);
    const goto = () => fetch(`${base}/api/goto`, { method: 'POST', headers: { authorization: `Bearer ${session.key}` }, body: JSON.stringify({ deck: id, slide }) });
    const heard = await listen(`${base}/__present/events`, async (sofar) => {
      expect((await goto()).status).toBe(200);
      await until(() => sofar().includes(`"slide":${slide}`));
    });
    const { seen, leaks } = await crawl(base, ['/', '/__present/decks'], guessed, ANSWER);
    expect(leaks).toEqual([]);
    expect(heard).not.toContain(ANSWER);
    expect(seen.filter((s) => s.path.startsWith('/__present/question') && s.status === 200).length).toBeGreaterThan(0);
    // Closed by the teacher: now the class reads it.
    const closed = await fetch(`${base}/api/question`, { method: 'POST', headers: { authorization: `Bearer ${session.key}` }, body: JSON.stringify({ deck: id, number: 1, closed: true }) });
    expect(closed.status).toBe(200);
    expect(await (await fetch(`${base}/__present/question?deck=${encodeURIComponent(id)}&number=1`)).text()).toContain(ANSWER);
  });

  it('hears no note on either event stream while the teacher edits', async () => {
    // The live-reload stream as a deck's page asks for it (any page may say it is that deck).
    const DECK_EVENTS = `/__estrade/events?page=${encodeURIComponent('/un/01-premiere-partie.html')}`;
    const heard = await Promise.all([DECK_EVENTS, '/__present/events'].map((path) =>
      listen(base + path, async (sofar) => {
        // The stream is open once it has said its first word.
        await until(() => sofar().length > 0);
        writeCourses(dir, ' EDITEDBODY');
        await until(async () => (await (await fetch(`${base}/__present/deck?id=un/01-premiere-partie`)).text()).includes('EDITEDBODY'));
        await session.settled();
        await until(() => sofar().includes(path === DECK_EVENTS ? 'EDITEDBODY' : '"type":"deck"'));
      }),
    ));
    // Both streams were live through the edit: the slides themselves came through.
    expect(heard[0]).toContain('EDITEDBODY');
    expect(heard[1]).toContain('"type":"deck"');
    for (const text of heard) expect(text).not.toContain(MARKER);
  });

  it('still gives the teacher the notes, with the key', async () => {
    const response = await fetch(`${base}/__present/notes?id=un/01-premiere-partie`, { headers: { authorization: `Bearer ${session.key}` } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(MARKER);
  });
});

describe('a curious student on a shared preview (estrade dev --host)', () => {
  let dir = '';
  let session: DevSession;
  let base = '';
  let early: Promise<{ path: string; status: number; text: string; whole: boolean }[]> | undefined;

  beforeAll(async () => {
    dir = tempDir('estrade-private-dev-');
    writeCourses(dir);
    // Listening on every address: other machines may open the pages. As `estrade dev` does, it
    // serves the pages while the course is fitted: a student crawls them then too.
    session = new DevSession({ inputs: [dir], port: 0, host: '0.0.0.0', log: quiet, early: { listening: (url) => {
      // Asked for all at once as the server starts: each is answered as soon as it is made.
      const paths = ['/', ...['un', 'trois'].flatMap((c) => [`/${c}/index.html`, `/${c}/01-premiere-partie.html`, `/${c}/02-deuxieme-partie.html`])];
      early = Promise.all(paths.map(async (path) => {
        const response = await fetch(`http://127.0.0.1:${new URL(url).port}${path}`);
        return { path, status: response.status, text: await response.text(), whole: session.server.files.has(`${path.split('/')[1]}/${path.split('/')[1]}.html`) };
      }));
    } } });
    const url = await session.start();
    base = `http://127.0.0.1:${new URL(url).port}`;
    await session.settled();
  }, 120_000);

  it('finds no note in the pages served while the courses are still being fitted', async () => {
    const pages = await early!;
    expect(pages.map((p) => [p.path, p.status, p.text.includes(MARKER)])).toEqual(pages.map((p) => [p.path, 200, false]));
    // The sections were served before their course's whole deck was made: early indeed.
    expect(pages.filter((p) => /\/0\d-/.test(p.path)).every((p) => !p.whole)).toBe(true);
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('finds no note in any page, JSON or stream', async () => {
    const { seen, leaks } = await crawl(base, ['/'], guessed);
    expect(leaks).toEqual([]);
    expect(seen.filter((s) => s.status === 200).map((s) => s.path)).toContain('/un/01-premiere-partie.html');
    const heard = await listen(`${base}/__estrade/events?page=${encodeURIComponent('/un/01-premiere-partie.html')}`, async (sofar) => {
      await until(() => sofar().length > 0);
      writeCourses(dir, ' EDITEDBODY');
      await until(async () => (await (await fetch(`${base}/un/01-premiere-partie.html`)).text()).includes('EDITEDBODY'));
      await until(() => sofar().includes('EDITEDBODY'));
    });
    expect(heard).toContain('EDITEDBODY');
    expect(heard).not.toContain(MARKER);
  });

  it('hears no note in what a page is told as it connects, between a save and the next presenter HTML', async () => {
    await session.settled();
    const page = '/un/01-premiere-partie.html';
    const saved = session.decks().find((d) => `/${d.id}.html` === page)!.rendered.html;
    writeCourses(dir, ' CATCHUPBODY');
    await until(() => session.decks().find((d) => `/${d.id}.html` === page)!.rendered.html !== saved, 15_000);
    // The file is made again once the teacher pauses: a student loading it now gets the older one,
    // then, as the page connects, the slide changed since — the slide, never its notes.
    expect(await (await fetch(`${base}${page}`)).text()).not.toContain('CATCHUPBODY');
    const heard = await listen(`${base}/__estrade/events?page=${encodeURIComponent(page)}`, async (sofar) => {
      await until(() => sofar().includes('CATCHUPBODY'), 5_000);
    });
    expect(heard).not.toContain(MARKER);
  });

  it('keeps the notes in the preview of this machine only (127.0.0.1)', async () => {
    const local = new DevSession({ inputs: [dir], port: 0, log: quiet });
    try {
      const url = await local.start();
      expect(await (await fetch(`${url}un/01-premiere-partie.html`)).text()).toContain(MARKER);
    } finally {
      await local.stop();
    }
  });
});

describe('a published dist/', () => {
  /** Every file under a folder, as text (PDFs by their extracted text). */
  async function files(dir: string): Promise<Map<string, string>> {
    const all = new Map<string, string>();
    const walk = async (d: string) => {
      for (const name of readdirSync(d)) {
        const path = join(d, name);
        if (statSync(path).isDirectory()) await walk(path);
        else all.set(relative(dir, path), await readable(name.endsWith('.pdf') ? 'pdf' : '', readFileSync(path)));
      }
    };
    await walk(dir);
    return all;
  }

  it('holds no note: decks, PDFs, handouts (one slide a page too), pages and manifests', async () => {
    const src = tempDir('estrade-private-src-');
    writeCourses(src);
    const { dir, run } = await buildInto([src]);
    const built = await files(dir);
    expect([...built.keys()]).toEqual(expect.arrayContaining(['un/01-premiere-partie.html', 'un/01-premiere-partie-handout.pdf', 'trois/trois-handout.pdf', 'un/manifest.json']));
    expect([...built].filter(([, text]) => text.includes(MARKER)).map(([name]) => name)).toEqual([]);
    // The teacher hears where the notes went.
    expect(run.err.join('\n')).toMatch(/speaker notes are left out of .*--notes/);
  });

  it("writes the teacher's copies only when asked (--notes), under a name that says so", async () => {
    const src = tempDir('estrade-private-src-');
    writeCourses(src);
    const { dir } = await buildInto([src], ['--notes', '--no-pdf']);
    const built = await files(dir);
    const holding = [...built].filter(([, text]) => text.includes(MARKER)).map(([name]) => name).sort();
    expect(holding.length).toBeGreaterThan(0);
    for (const name of holding) expect(name).toMatch(/\.teacher\.html$/);
    expect(holding).toContain('un/01-premiere-partie.teacher.html');
    // Nothing links to them: the course pages and manifests name the students' decks only.
    for (const [name, text] of built) if (/index\.html$|manifest\.json$/.test(name)) expect(text).not.toContain('.teacher.html');
  });
});
