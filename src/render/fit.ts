// Slides that always fit: every content slide is measured in Chromium with the real theme; one that
// overflows is split between its pieces into "Title (suite)" slides. Where each piece ends is read
// from one layout of the whole slide; the cuts are planned from those heights (cuts.ts) and
// confirmed in one more pass. Only when a slide's pieces cannot be told apart in the layout are the
// prefixes of its pieces measured instead. Results are cached by slide content and theme.
import { createHash } from 'node:crypto';
import type { Tab } from './devtools.ts';
import { composePieces, slicePieces, type Piece } from '../course/blocks.ts';
import type { Deck, DeckSlide } from '../course/deck.ts';
import { diagrams } from '../course/fences.ts';
import { words } from '../course/language.ts';
import { deckMarkdown } from '../course/marp-markdown.ts';
import type { Browser } from './browser.ts';
import { renderDeck, type EstradeMarp } from './marp.ts';
import { aroundDiagram, isLeadIn, planCuts } from './cuts.ts';
import { groupSpecs, layoutsScript, type SlideLayout } from './layout.ts';
import { MEASURE_SCRIPT, measureSlides, overflows, type SlideMeasure } from './measure.ts';
import { slidesPage } from './page.ts';
import { withStandIns } from './stand-ins.ts';

export interface FitNote {
  line: number;
  title: string;
  /** Number of slides the source slide became; 1 with `unfit` means it could not be made to fit. */
  parts: number;
  unfit: boolean;
  /** The text of a diagram on it is drawn this small (slide pixels), below what a class can read. */
  diagramPx?: number;
}

/** Diagram text smaller than this, as drawn on a 1280 × 720 slide, is reported. */
export const SMALLEST_DIAGRAM_PX = 12;

export interface FittedDeck {
  deck: Deck;
  notes: FitNote[];
}

interface Fitted {
  parts: DeckSlide[];
  unfit: boolean;
}

/** A pass of many slides goes in runs of at least this many slides, at most RUNS_PER_PASS runs. */
const SLIDES_PER_RUN = 60;
const RUNS_PER_PASS = 4;

/** What one run of a pass reads in the measuring page. */
interface Measured {
  measures: SlideMeasure[];
  layouts: (SlideLayout | null)[];
}

/** Even splits tried at once for a slide the layout cannot read: this many counts a pass. */
const EVEN_COUNTS = 4;
/** About the height a slide has for its content, in pixels: to guess how many parts a slide needs. */
const SLIDE_ROOM = 520;

/**
 * Pieces cut into `count` runs of about the same length (their text), each cut after a whole
 * piece that may end a slide (not a heading or lead-in, not inside a short table or code block);
 * undefined when there are not enough such places.
 */
export function evenRuns(pieces: Piece[], count: number): Piece[][] | undefined {
  // Text read before each piece: the length of the slide up to there, roughly.
  const before = [0];
  for (const p of pieces) before.push(before.at(-1)! + p.text.length + 20);
  const total = before.at(-1)!;
  const first = new Map<number, number>();
  const size = new Map<number, number>();
  pieces.forEach((p, k) => {
    if (!first.has(p.group)) first.set(p.group, k);
    size.set(p.group, (size.get(p.group) ?? 0) + 1);
  });
  const allowed = (k: number) => {
    const last = pieces[k - 1]!;
    const next = pieces[k]!;
    if (!last.boundary || isLeadIn(last)) return false;
    if (next.group !== last.group || (next.kind !== 'row' && next.kind !== 'line')) return true;
    const start = first.get(next.group)!;
    const n = size.get(next.group)!;
    return n >= 6 && k - start >= 3 && start + n - k >= 3;
  };
  const ends: number[] = [];
  for (let part = 1; part < count; part++) {
    const target = (total * part) / count;
    let best = -1;
    for (let c = (ends.at(-1) ?? 0) + 1; c < pieces.length; c++) {
      if (!allowed(c)) continue;
      if (best < 0 || Math.abs(before[c]! - target) < Math.abs(before[best]! - target)) best = c;
      if (before[c]! > target) break;
    }
    if (best < 0) return undefined;
    ends.push(best);
  }
  ends.push(pieces.length);
  return ends.map((end, i) => pieces.slice(i ? ends[i - 1] : 0, end));
}

/** Sizes a table too wide for its slide is tried at, in pixels, the largest first: 16 px is still read
 *  from the back of a class. Last, 16 px with long words broken inside their column. */
const TABLE_SIZES: Pick<DeckSlide, 'tableFontPx' | 'tableWrap'>[] = [{ tableFontPx: 24 }, { tableFontPx: 21 }, { tableFontPx: 18 }, { tableFontPx: 16 }, { tableFontPx: 16, tableWrap: true }];

/** Candidates measured in one pass while looking for how many pieces fit on a slide. */
const PROBES = 8;

/** Each slide of a deck by its place: the deck, its title and its rank among slides of that title. */
function placed(deck: Deck): Map<string, DeckSlide> {
  const seen = new Map<string, number>();
  const out = new Map<string, DeckSlide>();
  for (const slide of deck.slides) {
    const title = slide.title ?? '';
    const rank = seen.get(title) ?? 0;
    seen.set(title, rank + 1);
    out.set(`${deck.name}\u0000${title}\u0000${rank}`, slide);
  }
  return out;
}

/** A fit given up between two passes because what it fits was saved again meanwhile. */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer save');
  }
}

/** Part `i` of a slide split between pieces, "Title (suite)" after the first; the parts of a slide
 *  without a title (text before the first heading) stay without one, not "(suite)" alone. Its notes
 *  are set when the deck is assembled (every part carries the slide's own). */
function partOf(deck: Deck, slide: DeckSlide, i: number, pieces: Piece[]): DeckSlide {
  const title = i && slide.title ? `${slide.title} (${words(deck.lang).continued})` : slide.title;
  return { ...slide, title, continued: i > 0, notes: [], body: composePieces(pieces) };
}

export class Fitter {
  private page: Promise<Tab> | undefined;
  private readonly cache = new Map<string, Fitted>();
  /** The CSS the measuring page holds. */
  private pageCss: string | undefined;
  private readonly themeKeys = new Map<string, string>();
  /** Each slide's last key and what it was made from: a fit reads a slide's key several times. */
  private readonly keys = new WeakMap<DeckSlide, { made: unknown[]; key: string }>();
  /** Smallest diagram text of each slide with a diagram, by slide key, as finally fitted. */
  private readonly diagramPx = new Map<string, number>();
  /** How many parts each slide was cut into at the last fit, by its place (deck, title, rank). */
  private readonly partsBefore = new Map<string, number>();
  /** Pictures as empty SVGs of their size, for the measuring page (stand-ins.ts). */
  private readonly standIns = new Map<string, string>();
  /** Milliseconds spent rendering and measuring, and the number of browser passes. */
  readonly cost = { ms: 0, passes: 0, measured: 0 };

  constructor(
    private readonly engine: EstradeMarp,
    private readonly browser: Browser,
  ) {}

  /** Opens the measuring page now, so that it is ready when the first slides are. */
  warmUp(): Promise<Tab> {
    if (!this.page) this.pageCss = undefined;
    this.page ??= this.browser.takePage().then(async (page) => {
      await page.setViewport({ width: 1280, height: 720 });
      await page.setContent(slidesPage({ html: '', css: '' }, 'en'));
      return page;
    });
    this.page.catch(() => undefined);
    return this.page;
  }

  private async measure(deck: Deck, theme: string, slides: DeckSlide[]): Promise<SlideMeasure[]> {
    return (await this.render(deck, theme, slides)).measures;
  }

  /** While a fit runs: whether its text was saved again, so that it is given up before the next pass. */
  private superseded: () => boolean = () => false;

  /** Lays the slides out in the measuring page; with `layoutsOf`, also reads where the pieces of those slides end. */
  private async render(deck: Deck, theme: string, slides: DeckSlide[], layoutsOf: { index: number; pieces: Piece[] }[] = []): Promise<{ measures: SlideMeasure[]; layouts: (SlideLayout | undefined)[] }> {
    if (this.superseded()) throw new Superseded();
    const started = performance.now();
    const page = await this.warmUp().catch((e: unknown) => {
      // A page that could not open (Chromium quit) is not kept: the next measure opens a new one.
      this.page = undefined;
      throw e;
    });
    // Many slides go in a few runs, each in one round trip: Chromium lays out and measures one run
    // while Node renders the next (two cores, not one waiting for the other).
    const runs = Math.max(1, Math.min(RUNS_PER_PASS, Math.floor(slides.length / SLIDES_PER_RUN)));
    const size = Math.max(1, Math.ceil(slides.length / runs));
    let chain: Promise<unknown> = Promise.resolve();
    const results: Promise<Measured>[] = [];
    for (let from = 0; from === 0 || from < slides.length; from += size) {
      const wanted = layoutsOf.filter((l) => l.index >= from && l.index < from + size).map((l) => ({ index: l.index - from, groups: groupSpecs(l.pieces) }));
      // Pictures as stand-ins of their size, in the Markdown already: Marp need not parse megabytes of base64 either.
      const rendered = renderDeck(this.engine, withStandIns(deckMarkdown({ ...deck, slides: slides.slice(from, from + size) }, { theme }), this.standIns));
      if (page.isClosed()) this.page = undefined;
      // The warm page keeps its document: swapping the slides is cheaper than loading a new one, and
      // the theme's CSS (half a megabyte with its fonts) is sent only when it changes.
      const css = this.pageCss === rendered.css ? null : rendered.css;
      this.pageCss = rendered.css;
      const script = `(async (css, html, lang) => {
        document.documentElement.lang = lang;
        if (css !== null) document.head.querySelector('style').textContent = css;
        document.body.innerHTML = html;
        // A <details> opened in class must fit too: slides are measured with every one open.
        document.querySelectorAll('details').forEach((d) => { d.open = true; });
        await document.fonts.ready;
        const measures = ${MEASURE_SCRIPT};
        return { measures, layouts: ${wanted.length ? layoutsScript(wanted) : '[]'} };
      })(${JSON.stringify(css)}, ${JSON.stringify(rendered.html)}, ${JSON.stringify(deck.lang)})`;
      const run = chain.then(() => page.evaluate<Measured>(script));
      chain = run.catch(() => undefined);
      results.push(run);
      // Rendering is synchronous: without a turn of the event loop, this run would be sent only
      // once every run is rendered, and Chromium would wait for all of them.
      if (from + size < slides.length) await new Promise((sent) => setImmediate(sent));
    }
    let measured: Measured[];
    try {
      measured = await Promise.all(results);
    } catch (e) {
      this.page = undefined;
      throw e;
    }
    const runOf = (l: { index: number }) => Math.floor(l.index / size);
    const layouts = layoutsOf.map((l) => measured[runOf(l)]!.layouts[layoutsOf.filter((x) => runOf(x) === runOf(l)).indexOf(l)] ?? undefined);
    this.cost.ms += performance.now() - started;
    this.cost.passes++;
    this.cost.measured += slides.length;
    return { measures: measured.flatMap((m) => m.measures), layouts };
  }

  private key(deck: Deck, theme: string, slide: DeckSlide): string {
    const css = this.engine.themeSet.get(theme)?.css ?? theme;
    // The theme's digest, not its text (half a megabyte with its fonts), in each slide's key.
    let themeKey = this.themeKeys.get(css);
    if (!themeKey) this.themeKeys.set(css, (themeKey = createHash('sha1').update(css).digest('hex')));
    const made = [themeKey, deck.lang, slide.kind, slide.title, slide.body];
    const known = this.keys.get(slide);
    if (known && known.made.every((v, i) => v === made[i])) return known.key;
    // The text itself, not a digest of it: hashing each of hundreds of slides at every save cost
    // more than the Map's own lookup.
    const key = made.map((v) => (v === undefined ? '\u0002' : String(v))).join('\u0000');
    this.keys.set(slide, { made, key });
    return key;
  }

  /**
   * Splits every slide that overflows, together: one layout of them all, cuts planned from it, one
   * pass to confirm every part (a few more at worst, each with less room). A few passes for a whole
   * course, however many slides must be split. A slide whose pieces the layout cannot tell apart is
   * split on its own, by prefixes.
   */
  private async splitAll(deck: Deck, theme: string, slides: DeckSlide[], excess: number[] = [], known?: { pieces: Piece[][]; layouts: (SlideLayout | undefined)[] }): Promise<Fitted[]> {
    const results: (Fitted | undefined)[] = slides.map(() => undefined);
    const pieces = known?.pieces ?? slides.map((slide) => slicePieces(slide.body));
    const candidates = slides.map((_, i) => i).filter((i) => pieces[i]!.length >= 2);
    const layouts = known ? candidates.map((i) => known.layouts[i]) : candidates.length ? (await this.render(deck, theme, candidates.map((i) => slides[i]!), candidates.map((i, k) => ({ index: k, pieces: pieces[i]! })))).layouts : [];
    let pending = candidates.flatMap((i, k) => (layouts[k] ? [{ i, layout: layouts[k]!, budget: layouts[k]!.limit - layouts[k]!.contentTop }] : []));
    for (let attempt = 0; attempt < 4 && pending.length; attempt++) {
      const planned = pending.map((p) => {
        const cuts = planCuts(pieces[p.i]!, p.layout, p.budget);
        const runs = cuts.ends.map((end, k) => pieces[p.i]!.slice(k ? cuts.ends[k - 1] : 0, end));
        return { ...p, runs, parts: runs.map((run, k) => partOf(deck, slides[p.i]!, k, run)) };
      });
      const measures = await this.measure(deck, theme, planned.flatMap((p) => p.parts));
      let at = 0;
      const again: typeof pending = [];
      for (const p of planned) {
        const mine = measures.slice(at, at + p.parts.length);
        at += p.parts.length;
        // A part of one piece taller than a slide cannot do better: it is reported, not retried.
        const excess = mine.map((m, k) => (overflows(m) && p.runs[k]!.length > 1 ? Math.max(m.excessY, 0) : 0));
        // Parts still too wide (a long word in code) cannot be helped by cutting: they are reported.
        if (excess.every((x) => x === 0)) results[p.i] = { parts: p.parts.length > 1 ? p.parts : [slides[p.i]!], unfit: mine.some(overflows) };
        else again.push({ i: p.i, layout: p.layout, budget: p.budget - Math.max(...excess) - 4 });
      }
      pending = again;
    }
    await this.splitEvenly(deck, theme, slides, pieces, results, excess);
    for (const [i, slide] of slides.entries()) results[i] ??= await this.splitByPrefixes(deck, theme, slide);
    return results as Fitted[];
  }

  /**
   * Slides the layout cannot read (a list in two columns: the course's contents, an agenda) cut
   * into 2, 3… even runs of pieces, every count tried at once for every such slide, from what
   * their first measure ran over: two passes for all of them, where a search by prefixes took a few
   * passes for each part of each slide (a 150-entry contents slide: 26).
   */
  private async splitEvenly(deck: Deck, theme: string, slides: DeckSlide[], pieces: Piece[][], results: (Fitted | undefined)[], excess: number[]): Promise<void> {
    let todo = slides.map((_, i) => i).filter((i) => !results[i] && pieces[i]!.length >= 2).map((i) => ({ i, from: Math.max(2, Math.ceil((SLIDE_ROOM + Math.max(0, excess[i] ?? 0)) / SLIDE_ROOM) - 1) }));
    for (let round = 0; round < 2 && todo.length; round++) {
      const tried = todo.flatMap(({ i, from }) =>
        Array.from({ length: EVEN_COUNTS }, (_, k) => from + k).flatMap((count) => {
          const runs = evenRuns(pieces[i]!, count);
          return runs ? [{ i, count, parts: runs.map((run, k) => partOf(deck, slides[i]!, k, run)) }] : [];
        }),
      );
      if (!tried.length) return;
      const measures = await this.measure(deck, theme, tried.flatMap((t) => t.parts));
      let at = 0;
      const fits = tried.map((t) => {
        const mine = measures.slice(at, (at += t.parts.length));
        return mine.every((m) => !overflows(m));
      });
      todo = todo.flatMap((t) => {
        const found = tried.findIndex((c, k) => c.i === t.i && fits[k]);
        if (found >= 0) {
          results[t.i] = { parts: tried[found]!.parts, unfit: false };
          return [];
        }
        return [{ i: t.i, from: t.from + EVEN_COUNTS }];
      });
    }
  }

  /**
   * The largest k from 1 to `most` whose candidate fits, found in a few passes of at most PROBES
   * slides each: a candidate with more pieces is never shorter, so each pass narrows the range to
   * between its last fitting probe and its first overflowing one. 0 when even the first overflows.
   */
  private async largestFitting(deck: Deck, theme: string, most: number, candidate: (k: number) => DeckSlide): Promise<number> {
    let fits = 0;
    let over = most + 1;
    while (over - fits > 1) {
      const span = over - fits - 1;
      const step = Math.max(1, Math.ceil(span / PROBES));
      const probes: number[] = [];
      for (let k = fits + step; k < over; k += step) probes.push(k);
      if (probes.at(-1) !== over - 1) probes.push(over - 1);
      const measures = await this.measure(deck, theme, probes.map(candidate));
      for (const [i, k] of probes.entries()) {
        if (!overflows(measures[i]!)) fits = Math.max(fits, k);
        else over = Math.min(over, k);
      }
      if (over <= fits) over = fits + 1;
    }
    return fits;
  }

  private async splitByPrefixes(deck: Deck, theme: string, slide: DeckSlide): Promise<Fitted> {
    const candidate = (i: number, pieces: Piece[]) => partOf(deck, slide, i, pieces);
    let remaining: Piece[] = slicePieces(slide.body);
    const parts: Piece[][] = [];
    let unfit = false;
    while (remaining.length) {
      const rest = remaining;
      const most = await this.largestFitting(deck, theme, rest.length, (k) => candidate(parts.length, rest.slice(0, k)));
      // Fewer pieces always fit too: the largest that ends on a boundary (a whole paragraph or list),
      // and not on a heading or lead-in, which goes with what it announces; if any.
      const goodEnd = (k: number) => k === rest.length || (rest[k - 1]!.boundary && !isLeadIn(rest[k - 1]!));
      let take = most;
      while (take > 0 && !goodEnd(take)) take--;
      if (!take) take = most;
      if (!take) unfit = true;
      parts.push(rest.slice(0, take || 1));
      remaining = rest.slice(take || 1);
    }
    if (!unfit) await this.balanceLast(deck, theme, parts, candidate);
    const slides = parts.map((pieces, i) => partOf(deck, slide, i, pieces));
    return { parts: slides.length ? slides : [slide], unfit };
  }

  /**
   * Filling each slide in turn leaves the last one short (sixteen points become thirteen and three):
   * whole pieces move from the slide before it while the last still fits, towards an even share.
   */
  private async balanceLast(deck: Deck, theme: string, parts: Piece[][], candidate: (i: number, pieces: Piece[]) => DeckSlide): Promise<void> {
    const n = parts.length;
    if (n < 2) return;
    const before = parts[n - 2]!;
    const last = parts[n - 1]!;
    const most = Math.floor((before.length - last.length) / 2);
    if (most < 1) return;
    // Moving k pieces: the slide before keeps before.slice(0, -k), a prefix of what fitted.
    const moved = (k: number) => [...before.slice(before.length - k), ...last];
    const fitting = await this.largestFitting(deck, theme, most, (k) => candidate(n - 1, moved(k)));
    let k = fitting;
    while (k > 0 && !before[before.length - k - 1]!.boundary) k--;
    if (!k) k = fitting;
    if (!k) return;
    parts[n - 1] = moved(k);
    parts[n - 2] = before.slice(0, before.length - k);
  }

  /** Fits decks that share a theme and language; every slide not seen before is measured in one pass.
   *  `superseded`, asked before each pass: a newer save waits, so this fit is given up (Superseded).
   *  `drawing`: the course's diagrams still being drawn; the slides without one are measured meanwhile. */
  async fit(decks: Deck[], theme: string, superseded: () => boolean = () => false, drawing?: Promise<void>): Promise<FittedDeck[]> {
    this.superseded = superseded;
    try {
      return await this.fitNow(decks, theme, drawing);
    } finally {
      this.superseded = () => false;
    }
  }

  private async fitNow(decks: Deck[], theme: string, drawing?: Promise<void>): Promise<FittedDeck[]> {
    const found = new Map<string, { deck: Deck; slide: DeckSlide }>();
    for (const deck of decks) {
      if (deck.markdown !== undefined) continue;
      for (const slide of deck.slides) {
        const key = this.key(deck, theme, slide);
        if (!this.cache.has(key) && !found.has(key)) found.set(key, { deck, slide });
      }
    }
    // Heard when awaited below; not an unhandled rejection should Chromium quit while measuring.
    drawing?.catch(() => undefined);
    // How many diagrams each slide shows, read once (a parse of its body) for the sort and the checks below.
    const drawings = new Map([...found.values()].map(({ slide }) => [slide, diagrams(slide.body).length]));
    // While the diagrams are drawn, the slides without one are measured: those with one come last.
    const drawn = (slide: DeckSlide) => !drawing || !drawings.get(slide);
    const fresh = [...found].sort(([, a], [, b]) => Number(drawn(b.slide)) - Number(drawn(a.slide)));
    const first = fresh[0]?.[1];
    if (first) {
      const slides = fresh.map(([, f]) => f.slide);
      // Content slides and the agendas Estrade writes (a 14-section course) are split; a title is not.
      const splittable = (slide: DeckSlide) => slide.kind === 'content' || slide.kind === 'agenda';
      // Where the pieces of each slide that could be split end is read in the same pass: a slide that
      // runs over is cut from this layout, without a pass of its own to lay it out again.
      const pieces = slides.map((slide) => (splittable(slide) ? slicePieces(slide.body) : []));
      const cuttable = slides.map((_, index) => index).filter((index) => pieces[index]!.length >= 2);
      const ready = slides.filter(drawn).length;
      // One pass lays slides from..to out, then those that run over are split, all together.
      const measureAndSplit = async (from: number, to: number) => {
        const wanted = cuttable.filter((i) => i >= from && i < to);
        const { measures, layouts } = await this.render(first.deck, theme, slides.slice(from, to), wanted.map((index) => ({ index: index - from, pieces: pieces[index]! })));
        const layoutOf = new Map(wanted.map((index, k) => [index, layouts[k]]));
        const toSplit: { key: string; slide: DeckSlide; excess: number; pieces: Piece[]; layout?: SlideLayout }[] = [];
        const wide: { key: string; slide: DeckSlide; pieces: Piece[] }[] = [];
        for (let i = from; i < to; i++) {
          const [key, { slide }] = fresh[i]!;
          const m = measures[i - from];
          // Two diagrams on one slide would be drawn too small to read: such a slide is split too.
          const over = !m || overflows(m) || drawings.get(slide)! > 1;
          if (m?.overflowX && splittable(slide) && pieces[i]!.some((p) => p.kind === 'row')) wide.push({ key, slide, pieces: pieces[i]! });
          else if (over && splittable(slide)) toSplit.push({ key, slide, excess: m?.excessY ?? 0, pieces: pieces[i]!, layout: layoutOf.get(i) });
          else {
            this.cache.set(key, { parts: [slide], unfit: over });
            // Its diagrams were drawn when it was measured: how small their text is needs no pass of its own.
            if (m && drawings.get(slide)) this.diagramPx.set(key, m.minDiagramPx);
          }
        }
        (await this.narrowed(first.deck, theme, wide.map((w) => w.slide))).forEach((narrow, k) => {
          const { key, pieces: cut } = wide[k]!;
          if (narrow.fits) this.cache.set(key, { parts: [narrow.slide], unfit: false });
          else toSplit.push({ key, slide: narrow.slide, excess: narrow.excessY, pieces: cut });
        });
        // Measured with the first deck's language and settings, as the first pass was.
        const split = await this.splitAll(first.deck, theme, toSplit.map((t) => t.slide), toSplit.map((t) => t.excess), { pieces: toSplit.map((t) => t.pieces), layouts: toSplit.map((t) => t.layout) });
        toSplit.forEach((t, i) => this.cache.set(t.key, split[i]!));
      };
      // One page measures: the slides without a diagram are measured and split while the diagrams
      // are drawn, those with one after.
      if (ready) await measureAndSplit(0, ready);
      if (ready < slides.length) {
        await drawing;
        await measureAndSplit(ready, slides.length);
      }
    }
    await drawing;
    await this.measureDiagrams(decks, theme);
    if (this.partsBefore.size > 50_000) this.partsBefore.clear();
    for (const deck of decks) {
      if (deck.markdown !== undefined) continue;
      for (const [place, slide] of placed(deck)) this.partsBefore.set(place, this.cache.get(this.key(deck, theme, slide))?.parts.length ?? 1);
    }
    return decks.map((deck) => this.assemble(deck, theme));
  }

  /**
   * How big the text of every diagram is drawn on the slides as fitted: one pass for those not
   * measured yet. A diagram drawn too small to read beside other blocks is then given a slide of its
   * own, the full height (with what announces it), and measured again.
   */
  private async measureDiagrams(decks: Deck[], theme: string): Promise<void> {
    for (let round = 0; round < 2; round++) {
      const todo = new Map<string, { deck: Deck; slide: DeckSlide }>();
      const fitted: { deck: Deck; slide: DeckSlide; key: string }[] = [];
      for (const deck of decks) {
        if (deck.markdown !== undefined) continue;
        for (const slide of deck.slides) {
          const key = this.key(deck, theme, slide);
          const parts = this.cache.get(key)?.parts ?? [];
          if (parts.some((part) => diagrams(part.body).length)) fitted.push({ deck, slide, key });
          for (const part of parts) {
            const partKey = this.key(deck, theme, part);
            if (diagrams(part.body).length && !this.diagramPx.has(partKey)) todo.set(partKey, { deck, slide: part });
          }
        }
      }
      const first = [...todo.values()][0];
      if (first) {
        const measures = await this.measure(first.deck, theme, [...todo.values()].map((t) => t.slide));
        [...todo.keys()].forEach((key, i) => this.diagramPx.set(key, measures[i]?.minDiagramPx ?? 0));
      }
      if (round) return;
      let recut = false;
      for (const { deck, slide, key } of fitted) {
        const { parts, unfit } = this.cache.get(key)!;
        const runs = parts.map((part) => {
          const px = this.diagramPx.get(this.key(deck, theme, part)) ?? 0;
          return px > 0 && px < SMALLEST_DIAGRAM_PX ? aroundDiagram(slicePieces(part.body)) : undefined;
        });
        if (runs.every((r) => !r)) continue;
        recut = true;
        const cut = parts.flatMap((part, k) => runs[k]?.map((run) => ({ ...part, body: composePieces(run) })) ?? [part]);
        this.cache.set(key, { parts: cut.map((part, k) => ({ ...part, title: partOf(deck, slide, k, []).title, continued: k > 0 })), unfit });
      }
      if (!recut) return;
    }
  }

  /**
   * Slides whose table is wider than the slide, its text drawn smaller on that slide only: the
   * largest of a few sizes that fits the width, all tried in one pass. Whether the slide then fits,
   * or must still be cut between rows; a slide no size helps is left as it is (and reported).
   */
  private async narrowed(deck: Deck, theme: string, slides: DeckSlide[]): Promise<{ slide: DeckSlide; fits: boolean; excessY: number }[]> {
    if (!slides.length) return [];
    const n = TABLE_SIZES.length;
    const tried = slides.flatMap((slide) => TABLE_SIZES.map((size) => ({ ...slide, ...size })));
    const measures = await this.measure(deck, theme, tried);
    return slides.map((slide, i) => {
      const k = TABLE_SIZES.findIndex((_, j) => !measures[i * n + j]!.overflowX);
      if (k < 0) return { slide, fits: false, excessY: 0 };
      const m = measures[i * n + k]!;
      return { slide: tried[i * n + k]!, fits: !overflows(m), excessY: Math.max(m.excessY, 0) };
    });
  }

  /**
   * The decks as far as earlier measures tell, at once: slides never measured stay whole.
   * `complete` says that nothing was left to measure, so this is what fit() would give.
   */
  guess(decks: Deck[], theme: string): { decks: FittedDeck[]; complete: boolean } {
    const complete = decks.every((deck) => deck.markdown !== undefined || deck.slides.every((slide) => this.cache.has(this.key(deck, theme, slide))));
    return { decks: decks.map((deck) => this.assemble(deck, theme, true)), complete };
  }

  /** A slide not measured yet, cut as it was before its edit (into as many even parts): the open
   *  deck keeps its slide count, so the edit is shown in place before Chromium says how to cut it. */
  private asBefore(deck: Deck, slide: DeckSlide, place: string): Fitted | undefined {
    const count = this.partsBefore.get(place) ?? 1;
    const runs = count > 1 ? evenRuns(slicePieces(slide.body), count) : undefined;
    return runs && { parts: runs.map((run, i) => partOf(deck, slide, i, run)), unfit: false };
  }

  private assemble(deck: Deck, theme: string, guessing = false): FittedDeck {
    if (deck.markdown !== undefined) return { deck, notes: [] };
    const notes: FitNote[] = [];
    const places = new Map([...placed(deck)].map(([place, slide]) => [slide, place]));
    const slides = deck.slides.flatMap((slide) => {
      const fitted = this.cache.get(this.key(deck, theme, slide)) ?? (guessing ? this.asBefore(deck, slide, places.get(slide)!) : undefined) ?? { parts: [slide], unfit: false };
      if (fitted.parts.length > 1 || fitted.unfit) notes.push({ line: slide.line, title: slide.title ?? '', parts: fitted.parts.length, unfit: fitted.unfit });
      const small = Math.min(...fitted.parts.map((p) => this.diagramPx.get(this.key(deck, theme, p)) || Infinity));
      if (small < SMALLEST_DIAGRAM_PX) notes.push({ line: slide.line, title: slide.title ?? '', parts: fitted.parts.length, unfit: false, diagramPx: small });
      // Cached parts carry the notes of the slide they were made from; keep this slide's own, on every
      // part: the presenter view shows the teacher's notes whichever part is on screen.
      return fitted.parts.map((p) => ({ ...p, line: slide.line, notes: slide.notes }));
    });
    return { deck: { ...deck, slides }, notes };
  }

  /**
   * Slides of a teacher's own Marp deck (1-based) whose content runs past the slide, as marp-cli
   * draws them: such a deck is rendered as written, so these are reported rather than split. A
   * slide that Marp scales itself (`<!-- fit -->`, auto-scaled code) is left to Marp.
   */
  async overflowingOwnSlides(deck: Deck, html: boolean): Promise<number[]> {
    if (deck.markdown === undefined) return [];
    const engine = this.engine.forOwnDeck(html);
    const page = await this.warmUp();
    const rendered = renderDeck(engine, withStandIns(deck.markdown, this.standIns));
    this.pageCss = rendered.css;
    await page.evaluate(`((css, html) => {
      document.head.querySelector('style').textContent = css;
      document.body.innerHTML = html;
    })(${JSON.stringify(rendered.css)}, ${JSON.stringify(rendered.html.replace(/<script\b[\s\S]*?<\/script>/g, ''))})`);
    const measures = await measureSlides(page);
    const scaledByMarp = rendered.html.split(/<svg data-marpit-svg/).slice(1).map((svg) => /<marp-auto-scaling|data-marp-fitting|data-auto-scaling/.test(svg));
    return measures.flatMap((m, i) => (m.overflowY && !scaledByMarp[i] ? [i + 1] : []));
  }

  /** Gives up the measuring page, for other work to use (a build prints on it once slides fit). */
  release(): Promise<Tab> | undefined {
    const page = this.page;
    this.page = undefined;
    return page;
  }

  async dispose(): Promise<void> {
    const page = this.release();
    if (page) await (await page).close().catch(() => undefined);
  }
}
