// `estrade present`'s server side: where the class is (deck, slide, blank screen, lesson timer), the
// views' data, and the teacher's API. Students read; only the key moves anyone's slides.
import type { IncomingMessage, ServerResponse } from 'node:http';
import QRCode from 'qrcode';
import { EventStream } from '../dev/event-stream.ts';
import type { DevMessage } from '../dev/protocol.ts';
import type { ServedDeck } from '../dev/session.ts';
import type { RenderedDeck } from '../render/marp.ts';
import { slideSvgs } from '../render/slide-svgs.ts';
import { bearer, isKey } from './key.ts';
import { viewPage, type View } from './views.ts';
import { codeBlocks } from '../course/blocks.ts';
import { randomBytes } from 'node:crypto';
import { Ink, pageOf, type InkRecord } from './ink.ts';
import type { CsvLog, JsonLog } from './lesson.ts';
import { LiveQuestions, type LiveDeck } from './live-questions.ts';
import { lessonPdf } from './lesson-pdf.ts';
import type { ClassEvent, ClassState, DeckEntry, DeckListing, DeckSlides } from './protocol.ts';

export type { ClassState, DeckEntry } from './protocol.ts';

export interface ClassroomOptions {
  key: string;
  decks: () => ServedDeck[];
  /** Built files of the server (PDFs and handouts among them). */
  files: Map<string, string | Uint8Array>;
  /** Minutes of the lesson from the command line; else the course's `duration:`. */
  minutes?: number;
  /** Events' heartbeat and how much may wait for a page that stops reading (tests make them small). */
  events?: ConstructorParameters<typeof EventStream>[0];
  /** The students' address, for the QR code the projector shows. */
  studentsUrl: string;
  /** The remote's address (with the key), for the QR code the presenter view shows. */
  remoteUrl: string;
  /** Where the class's answers are written as they come (the lesson's answers.csv). */
  answers?: CsvLog;
  /** Told when the teacher closes or opens a vote (the lesson's summary is written then). */
  voted?: () => void;
  /** Where the lesson's ink is written as it is drawn (ink.jsonl). */
  ink?: JsonLog<InkRecord>;
  /** Students give their first name with their answers (`--names`). */
  names?: boolean;
}

const BODY_LIMIT = 1024;
/** A drawing call carries a few dozen points; a long stroke sent at once, a few thousand. */
const INK_BODY_LIMIT = 64 * 1024;
const VIEWS: Record<string, View> = { '/': 'students', '/index.html': 'students', '/projector': 'projector', '/presenter': 'presenter', '/remote': 'remote' };

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
const json = (res: ServerResponse, status: number, value: unknown) => res.writeHead(status, JSON_HEADERS).end(JSON.stringify(value));
const live = (d: ServedDeck): LiveDeck => ({ id: d.id, source: d.source, html: d.rendered.html });

/** A request's JSON body, at most BODY_LIMIT bytes; answers the request itself when it is not. */
function readJson(req: IncomingMessage, res: ServerResponse, then: (body: Record<string, unknown>) => void, limit = BODY_LIMIT): void {
  let size = 0;
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      json(res, 413, { error: `a request body is at most ${limit} bytes` });
      req.destroy();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      json(res, 400, { error: 'the body must be a JSON object, e.g. {"deck": "docker/01-intro", "slide": 3}' });
      return;
    }
    then(body);
  });
}

export class Classroom {
  private deck = '';
  private slide = 1;
  private board: string | undefined;
  private blank = false;
  private started = Date.now();
  /** When the class entered the part on screen: a part's countdown starts then. */
  private partStarted = Date.now();
  private readonly events: EventStream;
  private readonly qr = new Map<string, Promise<string>>();
  private readonly deckBodies = new WeakMap<RenderedDeck, string>();
  readonly questions: LiveQuestions;
  readonly ink: Ink;
  private lessonMade?: { key: string; pdf: Promise<Uint8Array> };

  constructor(private readonly options: ClassroomOptions) {
    this.events = new EventStream(options.events);
    this.questions = new LiveQuestions({ send: (question) => this.broadcast({ type: 'question', question }), log: options.answers, names: options.names });
    this.ink = new Ink({ send: (message) => this.broadcast({ type: 'ink', ...message }), log: options.ink });
  }

  private deckOf(id: unknown): ServedDeck | undefined {
    return this.options.decks().find((d) => d.id === id);
  }

  state(): ClassState {
    const decks = this.options.decks();
    const current = decks.find((d) => d.id === this.deck) ?? decks[0];
    if (current && current.id !== this.deck) this.enter(current.id, 1);
    const slide = Math.min(this.slide, current?.rendered.slides ?? 1);
    const minutes = this.options.minutes ?? current?.courseDuration;
    const now = Date.now();
    const part = { elapsed: now - this.partStarted, ...(current?.duration ? { minutes: current.duration } : {}) };
    const question = !this.board && current ? this.questions.reached(live(current), slide) : undefined;
    const board = this.board && this.ink.boards.some((b) => b.id === this.board && b.deck === this.deck) ? this.board : undefined;
    // Where the class is, as any view learns it, is a page the lesson showed.
    if (this.deck) this.ink.sawPage(pageOf(this.deck, slide, board));
    return { deck: this.deck, slide, ...(board ? { board } : {}), blank: this.blank, elapsed: now - this.started, ...(minutes ? { minutes } : {}), part, ...(question ? { question } : {}) };
  }

  private enter(deck: string, slide: number, board?: string): void {
    if (deck !== this.deck) this.partStarted = Date.now();
    this.deck = deck;
    this.slide = slide;
    this.board = board;
  }

  entries(): DeckEntry[] {
    return this.options.decks().map((d) => {
      const pdf = `${d.id}.pdf`;
      const handout = `${d.id}-handout.pdf`;
      return {
        id: d.id,
        title: d.title,
        lang: d.lang,
        slides: d.rendered.slides,
        ...(this.options.files.has(pdf) ? { pdf: `/${pdf}` } : {}),
        ...(this.options.files.has(handout) ? { handout: `/${handout}` } : {}),
      };
    });
  }

  /** Every view hears where the class is; the teacher's views move it. */
  private broadcast(message: ClassEvent): void {
    this.events.send(message);
  }

  private changed(): void {
    this.broadcast({ type: 'state', state: this.state() });
  }

  /** What the dev session tells its pages, in the views' words: a deck's slides changed. */
  heard(message: DevMessage): void {
    if (message.type === 'slides' || message.type === 'reload') {
      const id = message.type === 'slides' ? message.deck : message.path;
      this.broadcast({ type: 'deck', id: id.replace(/^\//, '').replace(/\.html$/, '') });
      this.changed();
    }
  }

  /** Moves the class to a slide of a deck (1-based), or a whiteboard page after it; an error in the teacher's words, or undefined. */
  goto(deck: unknown, slide: unknown, board?: unknown): string | undefined {
    const target = this.options.decks().find((d) => d.id === deck);
    if (!target) return `no deck "${String(deck)}"`;
    if (typeof slide !== 'number' || !Number.isInteger(slide) || slide < 1 || slide > target.rendered.slides) return `slide must be a number from 1 to ${target.rendered.slides}`;
    if (board !== undefined && board !== null && !this.ink.boards.some((b) => b.id === board && b.deck === target.id && b.after === slide)) return `no whiteboard "${String(board)}" after slide ${slide}`;
    this.enter(target.id, slide, typeof board === 'string' ? board : undefined);
    this.changed();
    return undefined;
  }

  private qrCode(name: string, text: string): Promise<string> {
    let made = this.qr.get(name);
    if (!made) this.qr.set(name, (made = QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })));
    return made;
  }

  private sendQr(res: ServerResponse, name: string, text: string): void {
    this.qrCode(name, text).then(
      (svg) => res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' }).end(svg),
      (e: Error) => json(res, 500, { error: `the QR code could not be made: ${e.message}` }),
    );
  }

  /** The views, their data and the API; false for anything else (the built files). */
  readonly route = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://classroom');
    const view = VIEWS[url.pathname];
    const teacher = () => isKey(bearer(req.headers.authorization), this.options.key);
    if (req.method === 'GET' && view) {
      // The page itself holds nothing private: a teacher's view shows itself once the key (kept in
      // the address's fragment, which no request carries) is accepted by /__present/teacher.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' }).end(viewPage(view));
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/teacher') {
      if (teacher()) res.writeHead(204, { 'cache-control': 'no-store' }).end();
      else json(res, 401, { error: 'the teacher key is needed' });
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/decks') {
      const listing: DeckListing = { decks: this.entries(), state: this.state(), students: this.options.studentsUrl, ...(this.options.names ? { names: true as const } : {}) };
      json(res, 200, listing);
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/deck') {
      const deck = this.options.decks().find((d) => d.id === url.searchParams.get('id'));
      if (!deck) json(res, 404, { error: 'no such deck' });
      else {
        // Every student asks for it at once when the class moves to a part: made once per render.
        let body = this.deckBodies.get(deck.rendered);
        if (!body) {
          const slides: DeckSlides = { id: deck.id, lang: deck.lang, css: deck.rendered.css, slides: slideSvgs(deck.rendered.html), code: deck.source.flatMap((slide) => codeBlocks(slide.body)) };
          body = JSON.stringify(slides);
          this.deckBodies.set(deck.rendered, body);
        }
        res.writeHead(200, JSON_HEADERS).end(body);
      }
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/notes') {
      // Speaker notes are the teacher's.
      const deck = this.options.decks().find((d) => d.id === url.searchParams.get('id'));
      if (!teacher()) json(res, 401, { error: 'the teacher key is needed' });
      else if (!deck) json(res, 404, { error: 'no such deck' });
      else json(res, 200, { notes: deck.rendered.notes });
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/qr/students.svg') {
      this.sendQr(res, 'students', this.options.studentsUrl);
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/qr/remote.svg') {
      if (!teacher()) json(res, 401, { error: 'the teacher key is needed' });
      else this.sendQr(res, 'remote', this.options.remoteUrl);
      return true;
    }
    if (url.pathname === '/__present/answer') {
      if (req.method !== 'POST') res.writeHead(405, { allow: 'POST' }).end();
      else this.studentAnswer(req, res);
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/question') {
      // A question's state and, for the page that asks, its own answer (a reloaded page shows it).
      const deck = this.deckOf(url.searchParams.get('deck'));
      const number = Number(url.searchParams.get('number'));
      const view = deck && this.questions.view(live(deck), number);
      if (!deck || !view) json(res, 404, { error: 'no such question' });
      else json(res, 200, { question: view, yours: this.questions.yours(live(deck), number, url.searchParams.get('voter') ?? '') ?? null });
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/lesson.pdf') {
      // The lesson so far, ink included: made when asked, once for every change of the lesson.
      this.lesson().then(
        (pdf) => (pdf ? res.writeHead(200, { 'content-type': 'application/pdf', 'cache-control': 'no-store', 'content-disposition': 'inline; filename="lesson.pdf"' }).end(pdf) : json(res, 404, { error: 'no slide shown yet, or the PDFs are still being made' })),
        (e: Error) => json(res, 500, { error: `the lesson's PDF could not be made: ${e.message}` }),
      );
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/ink') {
      // A part's ink and whiteboard pages: what a page opened late draws first.
      const deck = this.deckOf(url.searchParams.get('deck'));
      if (!deck) json(res, 404, { error: 'no such deck' });
      else json(res, 200, this.ink.ofDeck(deck.id));
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/__present/events') {
      this.events.open(req, res, `data: ${JSON.stringify({ type: 'state', state: this.state() })}\n\n`);
      return true;
    }
    if (url.pathname.startsWith('/api/')) {
      this.api(req, res, url.pathname);
      return true;
    }
    return false;
  };

  private api(req: IncomingMessage, res: ServerResponse, path: string): void {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    // Refused on its headers: a body sent without the key is never read, and the connection ends
    // with the answer (Node reads no further once the answer is out).
    const refuse = (status: number, error: string) => res.writeHead(status, { ...JSON_HEADERS, connection: 'close' }).end(JSON.stringify({ error }));
    const given = bearer(req.headers.authorization);
    if (given === undefined) return void refuse(401, 'send the teacher key: Authorization: Bearer <key>');
    if (!isKey(given, this.options.key)) return void refuse(403, 'wrong key');
    readJson(req, res, (body) => {
      if (path === '/api/goto') {
        const error = this.goto(body.deck ?? this.state().deck, body.slide, body.board);
        if (error) json(res, 400, { error });
        else json(res, 200, this.state());
      } else if (path === '/api/blank') {
        this.blank = typeof body.blank === 'boolean' ? body.blank : !this.blank;
        this.changed();
        json(res, 200, this.state());
      } else if (path === '/api/timer') {
        // The part's countdown ({"part": true}), or the whole lesson's (and so the part's).
        this.partStarted = Date.now();
        if (body.part !== true) this.started = this.partStarted;
        this.changed();
        json(res, 200, this.state());
      } else if (path === '/api/question') {
        // {"deck", "number", "closed": true}: the vote closes and everyone sees the results.
        const deck = this.deckOf(body.deck ?? this.state().deck);
        const view = deck && typeof body.number === 'number' && typeof body.closed === 'boolean' ? this.questions.close(live(deck), body.number, body.closed) : undefined;
        if (!view) json(res, 400, { error: 'send {"deck": …, "number": the question\'s number in the part, "closed": true or false}' });
        else {
          json(res, 200, view);
          this.options.voted?.();
        }
      } else if (path === '/api/board') {
        // A whiteboard page after the slide on screen, and the class on it.
        const state = this.state();
        if (!state.deck) return void json(res, 400, { error: 'no part on screen' });
        const board = this.ink.addBoard(state.deck, state.slide, randomBytes(6).toString('base64url'));
        this.enter(state.deck, state.slide, board.id);
        this.changed();
        json(res, 200, this.state());
      } else if (path === '/api/ink') {
        const error = this.ink.apply(body);
        if (error) json(res, 400, { error });
        else res.writeHead(204, { 'cache-control': 'no-store' }).end();
      } else json(res, 404, { error: 'no such call: /api/goto, /api/blank, /api/timer, /api/question, /api/board, /api/ink' });
    }, path === '/api/ink' ? INK_BODY_LIMIT : BODY_LIMIT);
  }

  /** A student's answer to a question: `{deck, number, voter, answer}`, no key needed. */
  private studentAnswer(req: IncomingMessage, res: ServerResponse): void {
    readJson(req, res, (body) => {
      const deck = this.deckOf(body.deck);
      if (!deck || typeof body.number !== 'number') return void json(res, 404, { error: 'no such question' });
      const result = this.questions.answer(live(deck), body.number, body.voter, body.answer, new Date(), body.name);
      // 409: closed; 425 (too early): the class has not reached it yet.
      if ('error' in result) json(res, result.error === 'the vote is closed' ? 409 : result.error.startsWith('the class has not reached') ? 425 : result.error.startsWith('an answer may be changed') ? 429 : 400, result);
      else json(res, 200, result);
    });
  }

  /** The parts shown so far with their slides PDF (made in the background after the server starts). */
  lessonParts(): { id: string; title: string; pdf: Uint8Array }[] {
    return this.options.decks().flatMap((d) => {
      const pdf = this.options.files.get(`${d.id}.pdf`);
      return pdf instanceof Uint8Array ? [{ id: d.id, title: d.title, pdf }] : [];
    });
  }

  /** The lesson as taught so far, or undefined when no slide was shown or no PDF is made yet. */
  lesson(all = false): Promise<Uint8Array | undefined> {
    const parts = this.lessonParts();
    if (!this.ink.shown.size || !parts.length) return Promise.resolve(undefined);
    const key = JSON.stringify([this.ink.version, all, parts.map((p) => [p.id, p.pdf.length])]);
    if (this.lessonMade?.key !== key) {
      const first = this.options.decks()[0];
      this.lessonMade = { key, pdf: lessonPdf(parts, this.ink, { all, title: first?.title ?? 'Lesson', lang: first?.lang ?? 'en' }) };
      this.lessonMade.pdf.catch(() => (this.lessonMade = undefined));
    }
    return this.lessonMade.pdf;
  }

  close(): void {
    this.questions.stop();
    this.ink.stop();
    this.events.close();
  }
}
