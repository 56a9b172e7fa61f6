// The classroom's views in the browser (projector, presenter, remote, students' page): what they
// show, the teacher's controls, the ink, the questions. Bundled for the browser by
// scripts/compile.mjs; src/present/views.ts serves it in each view's page.
import type { Answer, AnswerTaken, ChoiceResults, ClassEvent, ClassState, DeckEntry, DeckInk, DeckListing, DeckNotes, DeckSlides, InkCall, InkEvent, OpenResults, QuestionAnswer, QuestionView, Stroke, Tool } from '../protocol.ts';
import { sameAnswer } from '../../course/same-answer.ts';
import { PRESENT_WORDS } from '../words.ts';

type Words = Record<keyof (typeof PRESENT_WORDS)['en'], string>;
type View = 'projector' | 'presenter' | 'remote' | 'students';
/** Where a view is: a slide of a deck, or a whiteboard page after it. */
interface Place {
  deck: string;
  slide: number;
  board?: string;
}
/** An element showing a slide, with what it last drew. */
interface Frame extends HTMLElement {
  deckCss?: string;
  code?: string[];
}
type DrawingTool = Tool | 'eraser' | '';

const VIEW = document.body.className as View;
const teacher = VIEW !== 'students';
// The teacher's key comes in the address's fragment (#key=…, never sent to the server; an older
// ?key= address is read too), is kept for this tab only, and leaves the address bar at once.
const given = new URLSearchParams(location.hash.slice(1).includes('=') ? location.hash.slice(1) : location.search.slice(1));
const KEY = 'estrade.teacher-key';
const givenKey = given.get('key');
if (teacher && givenKey) sessionStorage.setItem(KEY, givenKey);
const wanted = Number(given.get('slide') || location.hash.slice(1)) || 0;
if (given.has('key') || location.search) history.replaceState(null, '', location.pathname + (wanted ? `#${wanted}` : ''));
const key = teacher ? sessionStorage.getItem(KEY) : null;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T | null;
/** An element every page of this view holds. */
function the<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = $<T>(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
}
const setText = (id: string, text: string) => {
  const el = $(id);
  if (el) el.textContent = text;
};
const getJson = <T>(url: string, init?: RequestInit) => fetch(url, init).then((r) => r.json() as Promise<T>);
const withKey = (): RequestInit => ({ headers: { authorization: `Bearer ${key}` } });

let decks: DeckEntry[] = [];
let state: ClassState | null = null;
let received = 0;
let words: Words = PRESENT_WORDS.en;
/** Students: the slide browsed on their own, or null when following the teacher. */
let mine: Place | null = null;
const cache = new Map<string, Promise<DeckSlides>>();
const notesCache = new Map<string, Promise<DeckNotes>>();
const banner = Object.assign(document.createElement('div'), { className: 'banner', hidden: true });
document.body.append(banner);
const say = (text: string) => {
  banner.textContent = text;
  banner.hidden = !text;
};
const deckOf = (id: string) => decks.find((d) => d.id === id);

function slides(id: string): Promise<DeckSlides> {
  let asked = cache.get(id);
  // A failed fetch (the server restarting) is not kept: the next render asks again.
  if (!asked) {
    asked = getJson<DeckSlides>(`/__present/deck?id=${encodeURIComponent(id)}`).catch((e: unknown) => {
      cache.delete(id);
      throw e;
    });
    cache.set(id, asked);
  }
  return asked;
}

async function notes(id: string): Promise<string[][]> {
  let asked = notesCache.get(id);
  if (!asked) {
    asked = fetch(`/__present/notes?id=${encodeURIComponent(id)}`, withKey())
      .then((r) => (r.ok ? (r.json() as Promise<DeckNotes>) : { notes: [] }))
      .catch(() => {
        notesCache.delete(id);
        return { notes: [] };
      });
    notesCache.set(id, asked);
  }
  return (await asked).notes;
}

function localise(lang: string | undefined): void {
  words = PRESENT_WORDS[String(lang || '').toLowerCase().split('-')[0] as keyof typeof PRESENT_WORDS] || PRESENT_WORDS.en;
  document.documentElement.lang = lang || 'en';
  for (const el of document.querySelectorAll<HTMLElement>('[data-w]')) el.textContent = words[el.dataset.w as keyof Words];
  document.title = words[VIEW];
  if ($('show-remote')) setText('show-remote', the('remote-code').hidden ? words.showRemote : words.hideRemote);
}

function put(frame: Frame | null, deck: DeckSlides, n: number, board?: string): void {
  if (!frame) return;
  if (frame.deckCss !== deck.css) {
    // Another deck, or a theme edited: its CSS.
    frame.innerHTML = '<style></style><div class="marpit"></div>';
    frame.firstChild!.textContent = deck.css;
    frame.deckCss = deck.css;
    frame.dataset.html = '';
  }
  const svg = board ? '<div class="board-page"></div>' : deck.slides[n - 1];
  frame.code = deck.code;
  const box = frame.querySelector<HTMLElement>('.marpit')!;
  for (const button of frame.querySelectorAll('.copy')) button.remove();
  if (!svg) {
    if (frame.dataset.html !== 'end') {
      box.innerHTML = `<div class="end">${words.end}</div>`;
      frame.dataset.html = 'end';
    }
    return;
  }
  if (frame.dataset.html !== svg) {
    box.innerHTML = svg;
    frame.dataset.html = svg;
  }
  if (VIEW === 'students') addCopyButtons(frame);
}

function addCopyButtons(frame: Frame): void {
  const top = frame.getBoundingClientRect();
  for (const pre of frame.querySelectorAll('pre')) {
    const button = Object.assign(document.createElement('button'), { className: 'copy', textContent: words.copy, type: 'button' });
    const b = pre.getBoundingClientRect();
    button.style.top = `${b.top - top.top + 4}px`;
    button.style.right = `${top.right - b.right + 4}px`;
    button.addEventListener('click', () => copy(wholeBlock(pre.innerText, frame.code || []), button));
    frame.append(button);
  }
}

// A slide may show a piece of a code block cut to fit ("(suite)"): the student copies the whole
// block the teacher wrote, the one whose lines hold the piece's.
const lines = (text: string) => text.replace(/\r/g, '').split('\n').map((l) => l.replace(/\s+$/, '')).join('\n').replace(/^\n+|\n+$/g, '');
function wholeBlock(piece: string, blocks: string[]): string {
  const shown = lines(piece);
  if (!shown) return piece;
  return blocks.find((b) => lines(b) === shown) || blocks.find((b) => `\n${lines(b)}\n`.includes(`\n${shown}\n`)) || piece;
}

function copy(text: string, button: HTMLButtonElement): void {
  // The clipboard API needs https; a classroom server is plain http: select and copy instead.
  const area = Object.assign(document.createElement('textarea'), { value: text });
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch {}
  area.remove();
  if (!done && navigator.clipboard) navigator.clipboard.writeText(text).catch(() => undefined);
  button.textContent = words.copied;
  setTimeout(() => {
    button.textContent = words.copy;
  }, 1500);
}

const shown = (): Place | null => (VIEW === 'students' && mine ? mine : state && { deck: state.deck, slide: state.slide, board: state.board });

// Ink: strokes in the slide's units (1280 × 720), page by page ("deck#3", or "deck#b<id>" for a
// whiteboard page); the teacher's views draw, every view shows them as they are drawn.
const inkPages = new Map<string, Map<string, Stroke>>();
const inkById = new Map<string, Stroke>();
const inkLoaded = new Set<string>();
const myStrokes = new Set<string>();
const boards: DeckInk['boards'] = [];
let tool: DrawingTool = '';
let colour = 0;
const pageKey = (at: Place) => `${at.deck}#${at.board ? `b${at.board}` : at.slide}`;
const currentPage = () => {
  const at = shown();
  return at ? pageKey(at) : '';
};

function keepStroke(s: Stroke): void {
  let page = inkPages.get(s.page);
  if (!page) inkPages.set(s.page, (page = new Map()));
  page.set(s.id, s);
  inkById.set(s.id, s);
}

function dropStroke(id: string): void {
  const s = inkById.get(id);
  if (!s) return;
  inkById.delete(id);
  inkPages.get(s.page)?.delete(id);
}

async function loadInk(deck: string): Promise<void> {
  if (inkLoaded.has(deck)) return;
  inkLoaded.add(deck);
  const d = await fetch(`/__present/ink?deck=${encodeURIComponent(deck)}`)
    .then((r) => (r.ok ? (r.json() as Promise<DeckInk>) : null))
    .catch(() => null);
  if (!d) {
    inkLoaded.delete(deck);
    return;
  }
  for (const s of d.strokes) if (!inkById.has(s.id)) keepStroke(s);
  for (const b of d.boards) if (!boards.some((x) => x.id === b.id)) boards.push(b);
  drawInk();
}

function heardInk(m: InkEvent): void {
  if (m.op === 'start') {
    if (!myStrokes.has(m.stroke.id)) keepStroke(m.stroke);
  } else if (m.op === 'points') {
    const s = inkById.get(m.id);
    if (s && !myStrokes.has(m.id)) {
      s.points.push(...m.points);
      drawPath(s);
    }
    return;
  } else if (m.op === 'end') {
    const s = inkById.get(m.id);
    if (s && s.tool === 'laser') fadeLaser(s);
    return;
  } else if (m.op === 'erase') {
    for (const id of m.ids) dropStroke(id);
  } else if (m.op === 'clear') {
    for (const id of [...(inkPages.get(m.page) || new Map<string, Stroke>()).keys()]) dropStroke(id);
  } else if (m.op === 'board') {
    if (!boards.some((b) => b.id === m.board.id)) boards.push(m.board);
    return;
  }
  drawInk();
}

const svgNS = 'http://www.w3.org/2000/svg';
function inkLayer(frame: HTMLElement): SVGSVGElement {
  let svg = frame.querySelector<SVGSVGElement>('svg.ink');
  if (!svg) {
    svg = document.createElementNS(svgNS, 'svg');
    svg.setAttribute('class', 'ink');
    svg.setAttribute('viewBox', '0 0 1280 720');
    svg.setAttribute('preserveAspectRatio', 'none');
    frame.append(svg);
    if (teacher && frame.id === 'slide') {
      drawingOn(svg);
      svg.classList.toggle('drawing', !!tool);
      svg.classList.toggle('erasing', tool === 'eraser');
    }
  }
  return svg;
}

const pathData = (p: number[]) => (p.length < 2 ? '' : `M${p[0]} ${p[1]}${p.length === 2 ? 'l0.1 0' : `L${p.slice(2).join(' ')}`}`);
function drawPath(s: Stroke): void {
  const svg = $('slide')?.querySelector('svg.ink');
  if (!svg || s.page !== currentPage()) return;
  let path = svg.querySelector<SVGPathElement>(`[data-id="${s.id}"]`);
  if (!path) {
    path = document.createElementNS(svgNS, 'path');
    path.dataset.id = s.id;
    path.setAttribute('class', s.tool);
    path.setAttribute('stroke', s.color);
    path.setAttribute('stroke-width', String(s.width));
    svg.append(path);
  }
  path.setAttribute('d', pathData(s.points));
}

function drawInk(): void {
  const frame = $('slide');
  if (!frame) return;
  const svg = inkLayer(frame);
  const page = inkPages.get(currentPage());
  const ids = new Set(page ? page.keys() : []);
  for (const path of [...svg.children] as SVGElement[]) if (!ids.has(path.dataset.id ?? '')) path.remove();
  if (page) for (const s of page.values()) drawPath(s);
}

function fadeLaser(s: Stroke): void {
  const path = $('slide')?.querySelector(`svg.ink [data-id="${s.id}"]`);
  if (path) path.classList.add('fading');
  setTimeout(() => {
    dropStroke(s.id);
    if (path) path.remove();
  }, 700);
}

// The teacher's pen: pointer events (mouse, finger, stylus) in slide units, sent in order, a batch of
// points every 25 ms; the page shows its own stroke at once.
let inkQueue: Promise<unknown> = Promise.resolve();
const inkPost = (body: InkCall) => (inkQueue = inkQueue.then(() => post('/api/ink', body)).catch(() => undefined));
const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(36).padStart(2, '0')).join('');

function colours(): string[] {
  const section = $('slide')?.querySelector('section');
  const style = section ? getComputedStyle(section) : null;
  const read = (name: string, fallback: string) => {
    const v = style?.getPropertyValue(name).trim() ?? '';
    return /^#[0-9a-f]{6}$/i.test(v) ? v : fallback;
  };
  return [read('--accent', '#0f7a66'), read('--accent-strong', '#0a5a4b'), '#d62828', '#111111'];
}

function drawingOn(svg: SVGSVGElement): void {
  let stroke: Stroke | null = null;
  const pending: number[] = [];
  let timer = 0;
  let erasing = false;
  const at = (e: PointerEvent): [number, number] => {
    const r = svg.getBoundingClientRect();
    return [Math.round((((e.clientX - r.left) * 1280) / r.width) * 10) / 10, Math.round((((e.clientY - r.top) * 720) / r.height) * 10) / 10];
  };
  const flush = () => {
    clearTimeout(timer);
    timer = 0;
    if (stroke && pending.length) inkPost({ op: 'points', id: stroke.id, points: pending.splice(0) });
  };
  const eraseAt = (p: [number, number]) => {
    const page = inkPages.get(currentPage());
    if (!page) return;
    const near = (s: Stroke) => {
      for (let i = 0; i < s.points.length; i += 2) if (Math.hypot(s.points[i]! - p[0], s.points[i + 1]! - p[1]) < 14 + s.width / 2) return true;
      return false;
    };
    const hit = [...page.values()].filter(near).map((s) => s.id);
    if (!hit.length) return;
    for (const id of hit) dropStroke(id);
    drawInk();
    inkPost({ op: 'erase', ids: hit });
  };
  svg.addEventListener('pointerdown', (e) => {
    if (!tool) return;
    e.preventDefault();
    svg.setPointerCapture(e.pointerId);
    const p = at(e);
    if (tool === 'eraser') {
      erasing = true;
      eraseAt(p);
      return;
    }
    const base = tool === 'highlighter' ? 30 : tool === 'laser' ? 9 : 5;
    const pressure = e.pointerType === 'pen' && e.pressure > 0 ? 0.5 + e.pressure : 1;
    const color = tool === 'laser' ? '#ff1744' : tool === 'highlighter' ? '#ffd60a' : colours()[colour]!;
    const mine: Stroke = { id: newId(), page: currentPage(), tool, color, width: Math.round(base * pressure * 10) / 10, points: p.slice() };
    stroke = mine;
    myStrokes.add(mine.id);
    keepStroke(mine);
    drawPath(mine);
    inkPost({ op: 'start', id: mine.id, page: mine.page, tool: mine.tool, color, width: mine.width, points: p });
  });
  svg.addEventListener('pointermove', (e) => {
    if (erasing) return eraseAt(at(e));
    if (!stroke) return;
    for (const ev of e.getCoalescedEvents ? e.getCoalescedEvents() : [e]) {
      const p = at(ev);
      stroke.points.push(...p);
      pending.push(...p);
    }
    drawPath(stroke);
    if (!timer) timer = setTimeout(flush, 25);
  });
  const end = () => {
    erasing = false;
    if (!stroke) return;
    flush();
    inkPost({ op: 'end', id: stroke.id });
    if (stroke.tool === 'laser') fadeLaser(stroke);
    stroke = null;
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
}

function chooseTool(next: DrawingTool): void {
  tool = next;
  const frame = $('slide');
  const svg = frame && inkLayer(frame);
  if (svg) {
    svg.classList.toggle('drawing', !!tool);
    svg.classList.toggle('erasing', tool === 'eraser');
  }
  for (const b of document.querySelectorAll<HTMLElement>('[data-tool]')) b.setAttribute('aria-pressed', String(b.dataset.tool === tool && !!tool));
  $('tools')?.classList.toggle('open', !!tool);
}

function paintSwatches(): void {
  const list = colours();
  for (const b of document.querySelectorAll<HTMLElement>('[data-colour]')) {
    b.style.background = list[Number(b.dataset.colour)]!;
    b.setAttribute('aria-pressed', String(Number(b.dataset.colour) === colour));
    b.title = b.ariaLabel = `${words.colour} ${Number(b.dataset.colour) + 1}`;
  }
}

function chooseColour(n: number): void {
  colour = n;
  paintSwatches();
  if (!tool || tool === 'eraser' || tool === 'laser') chooseTool('pen');
}

const undoInk = () => inkPost({ op: 'undo', page: currentPage() });
const clearInk = () => inkPost({ op: 'clear', page: currentPage() });
const newBoard = () => post('/api/board', {});
if (teacher) {
  for (const b of document.querySelectorAll<HTMLElement>('[data-tool]')) {
    const own = (b.dataset.tool ?? '') as DrawingTool;
    b.addEventListener('click', () => chooseTool(own === tool && b.id !== 'draw-toggle' ? '' : b.id === 'draw-toggle' && tool ? '' : own));
  }
  for (const b of document.querySelectorAll<HTMLElement>('[data-colour]')) b.addEventListener('click', () => chooseColour(Number(b.dataset.colour)));
  $('ink-undo')?.addEventListener('click', undoInk);
  $('ink-clear')?.addEventListener('click', clearInk);
  $('ink-board')?.addEventListener('click', newBoard);
}

/** The part's pages in order: each slide, then the whiteboard pages inserted after it. */
function positions(deck: string, total: number): Place[] {
  const out: Place[] = [];
  for (let s = 1; s <= total; s++) {
    out.push({ deck, slide: s });
    for (const b of boards) if (b.deck === deck && b.after === s) out.push({ deck, slide: s, board: b.id });
  }
  return out;
}

// Live questions: each question's state as the server last told it, and this page's own answers.
// The page's id (random, kept in this browser) lets the server count one answer per student.
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const VOTER = 'estrade.voter';
let voter = '';
try {
  voter = localStorage.getItem(VOTER) || '';
} catch {}
if (!/^[A-Za-z0-9_-]{8,64}$/.test(voter)) {
  voter = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    localStorage.setItem(VOTER, voter);
  } catch {}
}
const asked = new Map<string, QuestionView>();
const answers = new Map<string, Answer>();
const checked = new Set<string>();
const qKey = (deck: string, n: number) => `${deck}#${n}`;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeText = (text: unknown) => String(text).replace(/[&<>"]/g, (c) => ESCAPES[c]!);
const answersText = (n: number) => `${n} ${new Intl.PluralRules(document.documentElement.lang).select(n) === 'one' ? words.answerOne : words.answerOther}`;
const choiceResults = (view: QuestionView) => view.results as ChoiceResults;
const openResults = (view: QuestionView) => view.results as OpenResults;

function questionShown(): { deck: string; number: number } | null {
  const el = $('slide')?.querySelector<HTMLElement>('[data-question]');
  const at = shown();
  return el && at ? { deck: at.deck, number: Number(el.dataset.question) } : null;
}

function showQuestion(): void {
  const q = questionShown();
  const key = q && qKey(q.deck, q.number);
  const view = key ? asked.get(key) : undefined;
  // A student's page asks once for its own answer (kept across reloads); any page for a question it never heard of.
  if (q && key && (!view || (VIEW === 'students' && !checked.has(key))) && !checked.has(key)) {
    checked.add(key);
    fetch(`/__present/question?deck=${encodeURIComponent(q.deck)}&number=${q.number}&voter=${voter}`)
      .then((r) => (r.ok ? (r.json() as Promise<QuestionAnswer>) : null))
      .then((d) => {
        if (!d) return;
        if (!asked.has(key)) asked.set(key, d.question);
        if (d.yours !== null) answers.set(key, d.yours);
        showQuestion();
      })
      .catch(() => checked.delete(key));
  }
  drawResults($('slide'), view?.closed ? view : null);
  drawVote(view ?? null);
  drawAsk(view ?? null);
}

function drawResults(frame: HTMLElement | null, view: QuestionView | null): void {
  if (!frame) return;
  let box = frame.querySelector<HTMLElement>('.results');
  if (!view || !view.results) {
    if (box) box.hidden = true;
    return;
  }
  if (!box) {
    box = Object.assign(document.createElement('div'), { className: 'results' });
    frame.append(box);
  }
  // In the theme's colours, read from the slide underneath.
  const section = frame.querySelector('section');
  if (section) {
    const style = getComputedStyle(section);
    for (const name of ['--paper', '--ink', '--heading', '--accent', '--accent-strong', '--muted', '--tint']) {
      const value = style.getPropertyValue(name);
      if (value) box.style.setProperty(name, value);
    }
  }
  const total = view.count;
  const percent = new Intl.NumberFormat(document.documentElement.lang, { style: 'percent', maximumFractionDigits: 0 });
  let html = `<h2>${escapeText(view.prompt)}</h2>`;
  if (view.kind === 'choice') {
    const results = choiceResults(view);
    html += (view.options ?? [])
      .map((text, i) => {
        const n = results.counts[i] ?? 0;
        const share = total ? n / total : 0;
        return `<div class="row${results.right.includes(i) ? ' right' : ''}" data-count="${n}"><span class="letter">${LETTERS[i]}</span><span class="text">${escapeText(text)}</span><span class="track"><span class="fill" style="width:${(share * 100).toFixed(1)}%"></span></span><span class="num">${n} · ${percent.format(share)}</span></div>`;
      })
      .join('');
    if (results.explanation) html += `<p class="explanation">${escapeText(results.explanation)}</p>`;
  } else {
    const results = openResults(view);
    html += `<ol>${results.groups
      .slice(0, 12)
      .map((g) => `<li${g.right ? ' class="right"' : ''} data-count="${g.count}">${escapeText(g.text)} <span class="count">×${g.count}</span></li>`)
      .join('')}</ol>`;
    if (results.answer) html += `<p class="explanation">${escapeText(`${words.theAnswer} ${results.answer}`)}</p>`;
  }
  box.innerHTML = `${html}<p class="count">${answersText(total)}</p>`;
  box.hidden = false;
}

function drawVote(view: QuestionView | null): void {
  const box = $('vote');
  if (!box) return;
  box.hidden = !view;
  if (!view) return;
  setText('vote-count', `${words.question} ${view.number} · ${answersText(view.count)}`);
  const close = the('vote-close');
  close.textContent = view.closed ? words.reopenVote : words.closeVote;
  close.onclick = () => post('/api/question', { deck: view.deck, number: view.number, closed: !view.closed });
}

let askView: QuestionView | null = null;
let askNames = false;
const NAME = 'estrade.name';
function drawAsk(view: QuestionView | null): void {
  const box = $('ask');
  if (!box) return;
  askView = view;
  box.hidden = !view;
  if (!view) return;
  // The teacher asked for first names (estrade present --names): one, kept in this browser.
  const nameInput = the<HTMLInputElement>('ask-name');
  nameInput.hidden = !askNames || view.closed;
  nameInput.placeholder = words.firstName;
  if (askNames && !nameInput.value) {
    try {
      nameInput.value = localStorage.getItem(NAME) || '';
    } catch {}
  }
  const key = qKey(view.deck, view.number);
  const given = answers.get(key);
  const choices = the('ask-choices');
  choices.hidden = view.kind !== 'choice';
  the('ask-open').hidden = view.kind !== 'open' || view.closed;
  if (view.kind === 'choice') {
    const options = view.options ?? [];
    const signature = `${key}\n${options.join('\n')}`;
    if (choices.dataset.signature !== signature) {
      choices.innerHTML = '';
      options.forEach((text, i) => {
        const button = Object.assign(document.createElement('button'), { type: 'button' });
        button.append(Object.assign(document.createElement('b'), { textContent: LETTERS[i] }), Object.assign(document.createElement('span'), { textContent: text }));
        button.addEventListener('click', () => answer(askView, i));
        choices.append(button);
      });
      choices.dataset.signature = signature;
    }
    const right = view.closed && view.results ? choiceResults(view).right : [];
    ([...choices.children] as HTMLButtonElement[]).forEach((button, i) => {
      button.classList.toggle('mine', given === i);
      button.classList.toggle('right', right.includes(i));
      button.setAttribute('aria-pressed', String(given === i));
      button.disabled = view.closed;
    });
  } else {
    const text = the<HTMLInputElement>('ask-text');
    if (text.dataset.key !== key) {
      text.value = typeof given === 'string' ? given : '';
      text.dataset.key = key;
      text.placeholder = words.typeAnswer;
    }
  }
  let said = '';
  if (!view.closed) said = given === undefined ? (view.kind === 'choice' ? words.answerNow : '') : words.answered;
  else if (given === undefined) said = `${words.voteClosed} ${words.noAnswer}`;
  else if (view.kind === 'choice') {
    const right = choiceResults(view).right;
    said = !right.length ? words.voteClosed : right.includes(given as number) ? words.rightAnswer : `${words.theAnswer} ${right.map((i) => LETTERS[i]).join(', ')}`;
  } else {
    const expected = openResults(view).answer;
    said = !expected ? words.voteClosed : sameAnswer(String(given)) === sameAnswer(expected) ? words.rightAnswer : `${words.theAnswer} ${expected}`;
  }
  setText('ask-said', said);
}

async function answer(view: QuestionView | null, value: Answer): Promise<void> {
  if (!view) return;
  const key = qKey(view.deck, view.number);
  const nameInput = the<HTMLInputElement>('ask-name');
  const name = askNames ? nameInput.value.trim() : '';
  if (askNames && !name) {
    setText('ask-said', words.nameFirst);
    nameInput.focus();
    return;
  }
  if (name) {
    try {
      localStorage.setItem(NAME, name);
    } catch {}
  }
  const body = { deck: view.deck, number: view.number, voter, answer: value, ...(name ? { name } : {}) };
  const r = await fetch('/__present/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
  if (!r || !r.ok) {
    setText('ask-said', r && r.status === 409 ? words.voteClosed : r && r.status === 425 ? words.notYet : words.couldNotSend);
    return;
  }
  const d = (await r.json()) as AnswerTaken;
  answers.set(key, d.yours);
  asked.set(key, d.view);
  showQuestion();
}

$('ask-open')?.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = the<HTMLInputElement>('ask-text').value.trim();
  if (text) answer(askView, text);
});

let renders = 0;
async function render(): Promise<void> {
  if (!state) return;
  const now = state;
  // A later render (a move, an edit) may finish first: an earlier one then leaves the page alone.
  const turn = ++renders;
  const at = shown()!;
  const info = deckOf(at.deck);
  // The slide and its notes change together: a new deck's slide never shows beside the last one's notes.
  const [deck, deckNotes] = await Promise.all([slides(at.deck), $('notes') ? notes(at.deck) : []]);
  if (turn !== renders) return;
  localise(deck.lang);
  put($('slide'), deck, at.slide, at.board);
  loadInk(at.deck);
  drawInk();
  if (teacher) paintSwatches();
  const total = deck.slides.length;
  const counter = `${words.slide} ${at.slide} ${words.of} ${total}`;
  setText('counter', at.board ? `${words.board} · ${counter}` : counter);
  if (info) setText('deck-title', info.title);
  history.replaceState(null, '', `${location.pathname}#${at.slide}`);
  if (VIEW === 'projector') the('curtain').hidden = !now.blank;
  setText('blank', now.blank ? words.unblank : words.blank);
  if (VIEW === 'presenter') {
    put($('next'), deck, at.slide + 1);
    const select = the<HTMLSelectElement>('decks');
    const options = decks.map((d) => `${d.id}\n${d.title}`).join('|');
    if (select.dataset.options !== options) {
      select.innerHTML = '';
      for (const d of decks) select.append(new Option(d.title, d.id));
      select.dataset.options = options;
    }
    select.value = at.deck;
  }
  setText('notes', (deckNotes[at.slide - 1] || []).join('\n\n') || words.noNotes);
  if (VIEW === 'students') {
    the('back').hidden = !mine;
    setText('status', mine ? `${words.teacherAt} ${now.slide}${now.deck !== at.deck ? ` (${deckOf(now.deck)?.title})` : ''}` : words.following);
    const links: string[] = [];
    if (info?.pdf) links.push(`<a href="${info.pdf}" download>${words.slidesPdf}</a>`);
    if (info?.handout) links.push(`<a href="${info.handout}" download>${words.handoutPdf}</a>`);
    if (info?.pdf) links.push(`<a href="/lesson.pdf" target="_blank" id="lesson-link">${words.lessonPdf}</a>`);
    the('links').innerHTML = links.join(' · ');
  }
  showQuestion();
  tick();
}

const two = (n: number) => String(n).padStart(2, '0');
const duration = (ms: number) => {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${s >= 3600 ? `${Math.floor(s / 3600)}:` : ''}${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
};

function tick(): void {
  if (!state) return;
  const since = performance.now() - received;
  const elapsed = state.elapsed + since;
  // A part that says its minutes counts down from when the class entered it; else the lesson does.
  const part = state.part || { elapsed: 0 };
  const own = !!part.minutes;
  const minutes = own ? part.minutes : state.minutes;
  const counted = own ? part.elapsed + since : elapsed;
  setText('elapsed', duration(elapsed));
  const lang = document.documentElement.lang;
  setText('clock', new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: lang.startsWith('fr') ? 'h23' : undefined }).format(new Date()));
  const left = $('left');
  if (left) {
    if (!minutes) left.textContent = '—';
    else {
      const rest = minutes * 60000 - counted;
      left.textContent = (rest < 0 ? '+' : '') + duration(rest);
      left.classList.toggle('over', rest < 0);
      setText('left-label', rest < 0 ? (own ? words.partOver : words.over) : own ? words.partLeft : words.left);
    }
  }
  const pace = $('pace');
  if (pace) {
    const deck = deckOf(state.deck);
    if (!minutes || !deck) pace.hidden = true;
    else {
      // Where the teacher is in the deck against where the time says they should be.
      const reached = deck.slides > 1 ? (state.slide - 1) / (deck.slides - 1) : 1;
      const due = Math.min(1, counted / (minutes * 60000));
      const how = reached - due > 0.1 ? 'ahead' : due - reached > 0.1 ? 'behind' : 'ontime';
      pace.hidden = false;
      pace.className = `pace ${how}`;
      pace.textContent = words[how === 'ontime' ? 'onTime' : how];
    }
  }
}
setInterval(tick, 1000);

async function post(path: string, body: object): Promise<boolean> {
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  say(r.status === 401 || r.status === 403 ? words.keyRefused : '');
  return r.ok;
}

function move(by: number): void {
  if (!state) return;
  const at = shown()!;
  const list = positions(at.deck, (deckOf(at.deck) || { slides: 1 }).slides);
  const here = Math.max(0, list.findIndex((p) => p.slide === at.slide && (p.board || null) === (at.board || null)));
  const next = list[Math.min(Math.max(0, here + by), list.length - 1)]!;
  if (VIEW === 'students') {
    mine = next.slide === state.slide && (next.board || null) === (state.board || null) && at.deck === state.deck ? null : next;
    render();
    return;
  }
  if (next !== list[here]) post('/api/goto', { deck: next.deck, slide: next.slide, board: next.board || null });
}

const blank = () => post('/api/blank', {});
const KEY_TOOLS: Record<string, Tool | 'eraser'> = { d: 'pen', h: 'highlighter', e: 'eraser', l: 'laser' };
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
  if (teacher && (e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'z' || e.key === 'Z')) {
    e.preventDefault();
    undoInk();
    return;
  }
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const k = e.key;
  if (teacher) {
    const chosen = KEY_TOOLS[k];
    if (chosen) {
      chooseTool(tool === chosen ? '' : chosen);
      e.preventDefault();
      return;
    }
    if (k === 'Escape' && tool) {
      chooseTool('');
      e.preventDefault();
      return;
    }
    if (k === 'w') {
      newBoard();
      e.preventDefault();
      return;
    }
    if (['1', '2', '3', '4'].includes(k)) {
      chooseColour(Number(k) - 1);
      e.preventDefault();
      return;
    }
  }
  if (['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter', 'n'].includes(k)) move(1);
  else if (['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace', 'p'].includes(k)) move(-1);
  else if (k === 'Home') move(-1e6);
  else if (k === 'End') move(1e6);
  else if (teacher && (k === 'b' || k === 'B' || k === '.')) blank();
  else if (VIEW === 'projector' && (k === 'q' || k === 'Q')) the('qr').hidden = !the('qr').hidden;
  else if (VIEW === 'projector' && (k === 'f' || k === 'F')) (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined);
  else if (VIEW === 'students' && (k === 'Escape' || k === 't')) {
    mine = null;
    render();
  } else return;
  e.preventDefault();
});

const BUTTONS: [string, () => unknown][] = [
  ['prev', () => move(-1)],
  ['forward', () => move(1)],
  ['blank', blank],
  ['restart', () => post('/api/timer', { part: !!state?.part?.minutes })],
  ['show-remote', toggleRemote],
  [
    'back',
    () => {
      mine = null;
      render();
    },
  ],
];
for (const [id, fn] of BUTTONS) $(id)?.addEventListener('click', fn);
$<HTMLSelectElement>('decks')?.addEventListener('change', (e) => post('/api/goto', { deck: (e.target as HTMLSelectElement).value, slide: 1 }));
if (VIEW === 'projector') {
  fetch('/__present/qr/students.svg')
    .then((r) => r.text())
    .then((svg) => {
      the('qr-code').innerHTML = svg;
    });
  getJson<DeckListing>('/__present/decks').then((listing) => setText('students-url', listing.students));
}

// The remote's code holds the key: shown on demand, for a minute, never while it may be mirrored.
let remoteTimer = 0;
function toggleRemote(): void {
  const code = the('remote-code');
  const show = code.hidden;
  clearTimeout(remoteTimer);
  code.hidden = the('remote-help').hidden = !show;
  setText('show-remote', show ? words.hideRemote : words.showRemote);
  if (!show) {
    code.innerHTML = '';
    return;
  }
  fetch('/__present/qr/remote.svg', withKey())
    .then((r) => (r.ok ? r.text() : ''))
    .then((svg) => {
      if (!code.hidden) code.innerHTML = svg;
    });
  remoteTimer = setTimeout(() => {
    if (!code.hidden) toggleRemote();
  }, 60000);
}

async function heard(m: ClassEvent): Promise<void> {
  if (m.type === 'question') {
    asked.set(qKey(m.question.deck, m.question.number), m.question);
    showQuestion();
    return;
  }
  if (m.type === 'ink') {
    heardInk(m);
    return;
  }
  if (m.type === 'state') {
    if (m.state.question) asked.set(qKey(m.state.question.deck, m.state.question.number), m.state.question);
    const moved = !state || state.deck !== m.state.deck;
    state = m.state;
    received = performance.now();
    if (moved) decks = (await getJson<DeckListing>('/__present/decks')).decks;
    say('');
  } else if (m.type === 'deck') {
    // An edit of the course: new slides for that deck, shown in place.
    if (m.id === '*') {
      // A theme changed: every deck.
      cache.clear();
      notesCache.clear();
    } else {
      cache.delete(m.id);
      notesCache.delete(m.id);
    }
    decks = (await getJson<DeckListing>('/__present/decks')).decks;
  }
  render();
}

async function connect(): Promise<void> {
  const listing = await getJson<DeckListing>('/__present/decks');
  decks = listing.decks;
  askNames = !!listing.names;
  const events = new EventSource('/__present/events');
  events.onmessage = (e: MessageEvent<string>) => heard(JSON.parse(e.data) as ClassEvent);
  events.onerror = () => say(words.offline);
}

// A teacher's view shows itself only once the server accepts its key; else one page says why.
async function unlocked(): Promise<boolean> {
  if (!teacher) return true;
  const ok =
    !!key &&
    (await fetch('/__present/teacher', withKey())
      .then((r) => r.ok)
      .catch(() => false));
  if (ok) {
    document.body.removeAttribute('data-lock');
    return true;
  }
  const listing = await getJson<Pick<DeckListing, 'decks'>>('/__present/decks').catch(() => ({ decks: [] as DeckEntry[] }));
  localise(listing.decks[0]?.lang || navigator.language);
  const page = document.createElement('div');
  page.className = 'lock-page';
  page.setAttribute('role', 'alert');
  page.textContent = words.needsKey;
  document.body.replaceChildren(page);
  document.body.dataset.lock = 'refused';
  return false;
}

// A teacher's view opened at #n takes the class there once.
unlocked().then(async (ok) => {
  if (!ok) return;
  await connect();
  if (teacher && wanted > 0) {
    setTimeout(() => {
      if (state && state.slide !== wanted) post('/api/goto', { deck: state.deck, slide: wanted });
    }, 300);
  }
});
