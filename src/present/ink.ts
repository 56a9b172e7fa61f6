// Ink on the slides: strokes drawn by the teacher (pen, highlighter; the laser pointer is shown, never
// kept), on a slide of a part or on a whiteboard page inserted after one, in the slide's own
// coordinates (1280 × 720), so that every screen draws them at its size. Finished strokes, undos,
// erasures and whiteboard pages go to the lesson's ink.jsonl as they happen; read back, they give
// the lesson's ink again.
import type { JsonLog } from './lesson.ts';
import type { Board, DeckInk, InkEvent, Stroke } from './protocol.ts';

export type { Board, Stroke, Tool } from './protocol.ts';

/** A line of ink.jsonl. */
export type InkRecord =
  | { t: string; op: 'stroke'; stroke: Stroke }
  | { t: string; op: 'erase'; ids: string[] }
  | { t: string; op: 'clear'; page: string }
  | { t: string; op: 'board'; board: Board }
  | { t: string; op: 'shown'; page: string };

type Untimed<T> = T extends unknown ? Omit<T, 't'> : never;

const ID = /^[A-Za-z0-9_-]{4,40}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const PAGE = /^[^#\s]{1,200}#(\d{1,5}|b[A-Za-z0-9_-]{4,40})$/;
export const MAX_POINTS = 20_000;
const MAX_STROKES = 3_000;
const clampX = (x: number) => Math.round(Math.min(1480, Math.max(-200, x)) * 10) / 10;
const clampY = (y: number) => Math.round(Math.min(920, Math.max(-200, y)) * 10) / 10;

export const pageOf = (deck: string, slide: number, board?: string) => (board ? `${deck}#b${board}` : `${deck}#${slide}`);

/** Points as sent: an array of numbers, x then y; anything else is refused. */
function points(value: unknown): number[] | undefined {
  if (!Array.isArray(value) || value.length % 2 || value.length > 2000) return undefined;
  const out: number[] = [];
  for (let i = 0; i < value.length; i += 2) {
    const [x, y] = [value[i], value[i + 1]];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
    out.push(clampX(x), clampY(y));
  }
  return out;
}

export class Ink {
  /** Finished strokes, page by page, in drawing order. */
  private readonly pages = new Map<string, Stroke[]>();
  /** Strokes being drawn. */
  private readonly drawing = new Map<string, Stroke>();
  readonly boards: Board[] = [];
  /** Pages the class was shown, in the order first shown. */
  readonly shown = new Set<string>();
  /** Goes up with every change of what the lesson holds (kept strokes, pages, whiteboards). */
  version = 0;

  constructor(private readonly options: { send: (message: InkEvent) => void; log?: JsonLog<InkRecord>; now?: () => Date }) {}

  private record(record: Untimed<InkRecord>): void {
    this.version++;
    this.options.log?.append({ t: (this.options.now?.() ?? new Date()).toISOString(), ...record } as InkRecord);
  }

  /** A teacher's drawing operation; an error in the teacher's words, or undefined. */
  apply(body: Record<string, unknown>): string | undefined {
    switch (body.op) {
      case 'start': {
        const { id, page, tool, color, width } = body;
        const first = points(body.points ?? []);
        if (typeof id !== 'string' || !ID.test(id) || this.drawing.has(id)) return 'a stroke needs a new id of 4 to 40 letters, digits, - or _';
        if (typeof page !== 'string' || !PAGE.test(page)) return 'a stroke needs its page: "deck#slide" or "deck#b<board>"';
        if (tool !== 'pen' && tool !== 'highlighter' && tool !== 'laser') return 'the tool is pen, highlighter or laser';
        if (typeof color !== 'string' || !COLOR.test(color)) return 'the colour is #rrggbb';
        if (typeof width !== 'number' || !(width >= 1 && width <= 80)) return 'the width is 1 to 80';
        if (!first) return 'points are [x, y, x, y…]';
        if ((this.pages.get(page)?.length ?? 0) >= MAX_STROKES) return `a page holds at most ${MAX_STROKES} strokes: clear it first`;
        const stroke: Stroke = { id, page, tool, color, width: Math.round(width * 10) / 10, points: first };
        this.drawing.set(id, stroke);
        this.options.send({ op: 'start', stroke });
        return undefined;
      }
      case 'points': {
        const stroke = typeof body.id === 'string' ? this.drawing.get(body.id) : undefined;
        const more = points(body.points);
        if (!stroke) return 'no stroke being drawn with that id';
        if (!more) return 'points are [x, y, x, y…]';
        if (stroke.points.length + more.length > MAX_POINTS) return `a stroke has at most ${MAX_POINTS / 2} points`;
        stroke.points.push(...more);
        this.options.send({ op: 'points', id: stroke.id, points: more });
        return undefined;
      }
      case 'end': {
        const stroke = typeof body.id === 'string' ? this.drawing.get(body.id) : undefined;
        if (!stroke) return 'no stroke being drawn with that id';
        this.drawing.delete(stroke.id);
        this.options.send({ op: 'end', id: stroke.id });
        // The laser shows where to look and is gone: never kept.
        if (stroke.tool !== 'laser') {
          this.keep(stroke);
          this.record({ op: 'stroke', stroke });
        }
        return undefined;
      }
      case 'undo': {
        // The page's last stroke.
        const page = typeof body.page === 'string' ? this.pages.get(body.page) : undefined;
        const last = page?.at(-1);
        if (!last) return 'nothing to undo on this page';
        return this.erase([last.id]);
      }
      case 'erase':
        return Array.isArray(body.ids) && body.ids.every((id) => typeof id === 'string') && body.ids.length <= 500 ? this.erase(body.ids as string[]) : 'erase takes {"ids": [stroke ids]}';
      case 'clear': {
        if (typeof body.page !== 'string' || !PAGE.test(body.page)) return 'clear takes {"page": "deck#slide"}';
        this.pages.delete(body.page);
        this.options.send({ op: 'clear', page: body.page });
        this.record({ op: 'clear', page: body.page });
        return undefined;
      }
      default:
        return 'op is start, points, end, undo, erase or clear';
    }
  }

  private keep(stroke: Stroke): void {
    const list = this.pages.get(stroke.page) ?? [];
    list.push(stroke);
    this.pages.set(stroke.page, list);
  }

  private erase(ids: string[]): string | undefined {
    const gone = new Set(ids);
    const erased: string[] = [];
    for (const [page, list] of this.pages) {
      const kept = list.filter((s) => !gone.has(s.id) || (erased.push(s.id), false));
      if (kept.length !== list.length) this.pages.set(page, kept);
    }
    if (!erased.length) return 'no such stroke';
    this.options.send({ op: 'erase', ids: erased });
    this.record({ op: 'erase', ids: erased });
    return undefined;
  }

  /** A whiteboard page after a slide of a part. */
  addBoard(deck: string, after: number, id: string): Board {
    const board = { id, deck, after };
    this.boards.push(board);
    this.options.send({ op: 'board', board });
    this.record({ op: 'board', board });
    return board;
  }

  /** The class was shown a page (kept for the lesson as taught). */
  sawPage(page: string): void {
    if (this.shown.has(page)) return;
    this.shown.add(page);
    this.record({ op: 'shown', page });
  }

  /** A part's ink, for a page that arrives late: finished strokes and those being drawn. */
  ofDeck(deck: string): DeckInk {
    const mine = (page: string) => page.slice(0, page.lastIndexOf('#')) === deck;
    const strokes = [...this.pages].filter(([page]) => mine(page)).flatMap(([, list]) => list);
    return { strokes: [...strokes, ...[...this.drawing.values()].filter((s) => mine(s.page) && s.tool !== 'laser')], boards: this.boards.filter((b) => b.deck === deck) };
  }

  /** Every kept stroke of a page. */
  strokesOn(page: string): Stroke[] {
    return this.pages.get(page) ?? [];
  }

  /** The lesson's ink as its file tells it (a restart the same day). */
  restore(records: InkRecord[]): void {
    this.version++;
    for (const r of records) {
      if (r.op === 'stroke' && r.stroke && typeof r.stroke.page === 'string' && Array.isArray(r.stroke.points)) this.keep(r.stroke);
      else if (r.op === 'erase' && Array.isArray(r.ids)) {
        const gone = new Set(r.ids);
        for (const [page, list] of this.pages) this.pages.set(page, list.filter((s) => !gone.has(s.id)));
      } else if (r.op === 'clear') this.pages.delete(r.page);
      else if (r.op === 'board' && r.board) this.boards.push(r.board);
      else if (r.op === 'shown') this.shown.add(r.page);
    }
  }

  stop(): void {
    this.drawing.clear();
    this.options.log?.close();
  }
}
