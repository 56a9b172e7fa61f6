// The four classroom views of `estrade present`, one page each: the projector (the slide, full
// screen), the presenter view (slide, next slide, notes, timers), the remote (a phone in the
// teacher's hand) and the students' page (follows the teacher, browses on its own). Plain HTML and a
// small script, no network beyond this server: classrooms are often offline.
import { PRESENT_WORDS } from './words.ts';

export type View = 'projector' | 'presenter' | 'remote' | 'students';

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;background:#10151c;color:#eef2f6}
button,select{font:inherit;color:inherit;background:#24303e;border:1px solid #4a5a70;border-radius:10px;padding:.5em 1em;cursor:pointer}
button:hover{background:#2f3e51} button:focus-visible,select:focus-visible{outline:3px solid #7fb0ff;outline-offset:2px}
.frame{position:relative;aspect-ratio:16/9;background:#000;overflow:hidden}
.frame .marpit>svg{display:block;width:100%;height:auto}
.banner{position:fixed;left:0;right:0;bottom:0;padding:.6em 1em;background:#7f1d1d;color:#fff;font-size:18px;text-align:center;z-index:10}
.banner[hidden]{display:none}
/* projector */
body.projector{background:#000;overflow:hidden;display:flex;align-items:center;justify-content:center}
body.projector .frame{width:min(100vw,177.78vh)}
body.projector .curtain{position:fixed;inset:0;background:#000;z-index:5}
.qr{position:fixed;inset:0;background:#fff;color:#111;z-index:6;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:2vh;font-size:3.2vh;text-align:center}
.qr svg,.qr img{width:62vh;height:62vh}
.qr[hidden],.curtain[hidden]{display:none}
/* presenter */
body.presenter{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);grid-template-rows:auto minmax(0,1fr) auto;gap:14px;padding:14px;height:100vh}
body.presenter header{grid-column:1/3;display:flex;gap:18px;align-items:baseline;font-size:20px;white-space:nowrap}
body.presenter #deck-title{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis}
.clock,.timer{font-variant-numeric:tabular-nums;font-size:30px;font-weight:700}
.timer.over{color:#ff8a80}
.pace{padding:.2em .7em;border-radius:999px;font-weight:700;font-size:20px}
.pace.ahead{background:#1b5e20}.pace.ontime{background:#2c4a6e}.pace.behind{background:#8a3b12}
.label{font-size:16px;color:#a9b7c9;margin:0 0 6px}
.current{display:flex;flex-direction:column;min-height:0}
.current .frame{width:100%;max-height:100%}
.side{display:flex;flex-direction:column;gap:14px;min-height:0}
.side .frame{width:100%}
.notes{flex:1;overflow:auto;background:#1a222c;border-radius:10px;padding:14px 18px;font-size:24px;line-height:1.45;white-space:pre-wrap}
.controls{grid-column:1/3;display:flex;flex-wrap:wrap;gap:12px;align-items:center;font-size:20px}
.controls select{max-width:28vw}
.controls button{white-space:nowrap}
.controls label{display:flex;gap:8px;align-items:center;white-space:nowrap}
.controls .remote-code{margin-left:auto}
.counter{font-variant-numeric:tabular-nums;white-space:nowrap}
.remote-code{display:flex;gap:12px;align-items:center;font-size:15px;color:#c9d4e3}
.remote-code svg{width:104px;height:104px;background:#fff;border-radius:6px}
.remote-code>span:last-child{max-width:180px}
.end{display:flex;align-items:center;justify-content:center;color:#a9b7c9;font-size:22px}
/* remote */
body.remote{display:flex;flex-direction:column;gap:12px;padding:12px;height:100vh;font-size:20px}
body.remote .big{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}
body.remote .big button{font-size:clamp(20px,6.6vw,28px);padding:1.1em .3em;border-radius:16px;min-width:0;overflow-wrap:anywhere}
body.remote .next{background:#1f5fa8;border-color:#1f5fa8}
body.remote .notes{font-size:20px}
body.remote .row{display:flex;justify-content:space-between;align-items:center;gap:8px}
/* students */
body.students{display:flex;flex-direction:column;align-items:center;gap:12px;padding:12px;min-height:100vh;background:#f4f6f9;color:#17212b}
body.students .frame{width:min(100%,calc((100vh - 170px)*16/9));box-shadow:0 2px 12px #0003}
body.students button{background:#fff;color:#17212b;border-color:#9aa7bd}
body.students .back{background:#1f5fa8;color:#fff;border-color:#1f5fa8;font-weight:700}
body.students .bar{display:flex;gap:10px;align-items:center;flex-wrap:wrap;justify-content:center;font-size:18px}
body.students a{color:#164a86;font-weight:700}
.copy{position:absolute;z-index:3;font-size:13px;padding:.15em .55em;border-radius:6px;background:#fff;color:#17212b;border:1px solid #9aa7bd;opacity:.92}
.status{font-size:16px;color:#44526b}
/* a teacher's view: nothing shows until the key is accepted, then the view or one page saying why not */
body[data-lock]>*{display:none!important}
body[data-lock=refused]>.lock-page{display:flex!important}
.lock-page{position:fixed;inset:0;align-items:center;justify-content:center;padding:8vw;font-size:26px;line-height:1.5;text-align:center;background:#10151c;color:#eef2f6}
.remote-code button{font-size:16px}
/* live questions: the results over the slide (sized with it), the students' answer buttons */
.frame{container-type:inline-size}
.results{position:absolute;inset:0;z-index:2;display:flex;flex-direction:column;justify-content:center;gap:1.6cqw;padding:4cqw 6cqw;background:var(--paper,#fff);color:var(--ink,#17212b);font-size:2.6cqw}
.results[hidden]{display:none}
.results h2{margin:0 0 1cqw;font-size:3.6cqw;color:var(--heading,#17212b)}
.results .row{display:grid;grid-template-columns:2.2em minmax(0,14em) 1fr 5.5em;align-items:center;gap:1.2cqw}
.results .letter{font-weight:800;color:var(--accent-strong,#0a5a4b)}
.results .text{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.results .track{height:1.3em;background:var(--tint,#edf6f3);border-radius:.3em;overflow:hidden}
.results .fill{display:block;height:100%;background:var(--muted,#4a5563)}
.results .right .fill{background:var(--accent,#0f7a66)}
.results .right .text{font-weight:800}
.results .right .letter::after{content:' ✓'}
.results .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.results ol{margin:0;padding-left:1.4em;columns:2;column-gap:4cqw}
.results li{margin:0 0 .4em;break-inside:avoid}
.results li.right{font-weight:800;color:var(--accent-strong,#0a5a4b)}
.results li.right::after{content:' ✓'}
.results .explanation,.results .count{color:var(--muted,#4a5563);font-size:.85em}
.ask{width:min(100%,720px);display:flex;flex-direction:column;gap:10px}
.ask[hidden],.ask [hidden]{display:none!important}
.ask .choices{display:grid;gap:10px}
body.students .ask .choices button{display:flex;gap:.8em;align-items:center;text-align:left;font-size:22px;padding:.7em 1em;border-radius:14px;min-height:56px}
body.students .ask .choices button b{min-width:1.4em;color:#164a86}
body.students .ask .choices button.mine{background:#1f5fa8;color:#fff;border-color:#1f5fa8}
body.students .ask .choices button.mine b{color:#fff}
body.students .ask .choices button.right{outline:4px solid #1b7f3b;outline-offset:2px}
.ask form{display:flex;gap:10px}
.ask input{flex:1;min-width:0;font:inherit;font-size:20px;padding:.5em .7em;border:1px solid #9aa7bd;border-radius:10px}
.ask .said{font-size:18px;color:#17212b;margin:0}
/* ink: strokes over the slide in its own units; a teacher's view draws on it when a tool is chosen */
svg.ink{position:absolute;inset:0;width:100%;height:100%;z-index:1;pointer-events:none;overflow:hidden}
svg.ink.drawing{pointer-events:auto;touch-action:none;cursor:crosshair}
svg.ink.erasing{cursor:cell}
svg.ink path{fill:none;stroke-linecap:round;stroke-linejoin:round}
svg.ink path.highlighter{stroke-opacity:.38;mix-blend-mode:multiply}
svg.ink path.laser{filter:drop-shadow(0 0 6px #ff1744)}
svg.ink path.fading{transition:opacity .7s;opacity:0}
.board-page{position:absolute;inset:0;background:#fff}
.tools{display:flex;gap:8px;align-items:center;flex-wrap:wrap;font-size:17px;margin-top:10px}
.tools[hidden]{display:none}
.tools button{padding:.35em .75em;border-radius:8px}
.tools button[aria-pressed=true]{background:#1f5fa8;border-color:#7fb0ff}
.tools .swatch{width:30px;height:30px;padding:0;border-radius:50%;border:3px solid #fff3}
.tools .swatch[aria-pressed=true]{border-color:#fff}
/* on the projector, a small Draw button in the top right corner (where slides rarely write), the rest once drawing */
body.projector .tools{position:fixed;right:10px;top:10px;z-index:7;margin:0;padding:6px;border-radius:12px;color:#eef2f6}
body.projector .tools.open{background:#10151ccc}
body.projector .tools:not(.open)>:not(#draw-toggle){display:none}
body.projector #draw-toggle{opacity:.35;font-size:14px}
body.projector #draw-toggle:hover,body.projector #draw-toggle:focus-visible{opacity:1}
body.projector .tools.open #draw-toggle{opacity:1}
body.remote .frame{width:100%}
.vote{display:flex;gap:16px;align-items:center;white-space:nowrap;font-size:24px;margin-top:14px}
.vote button{background:#1f5fa8;border-color:#1f5fa8;font-weight:700}
body.remote .vote{flex-wrap:wrap;white-space:normal;font-size:20px;margin-top:4px}
.vote[hidden]{display:none}
`;

const BODY: Record<View, string> = {
  projector: `<div class="frame" id="slide"></div><div class="curtain" id="curtain" hidden></div>
<div class="qr" id="qr" hidden><div id="qr-code"></div><div><span data-w="studentsCode"></span> <strong id="students-url"></strong></div></div>
TOOLS`,
  presenter: `<header><strong id="deck-title"></strong><span class="counter" id="counter"></span>
<span><span data-w="elapsed"></span> <span class="timer" id="elapsed"></span></span>
<span id="left-box"><span id="left-label" data-w="left"></span> <span class="timer" id="left"></span></span>
<span class="pace" id="pace"></span><span><span data-w="clock"></span> <span class="clock" id="clock"></span></span></header>
<section class="current"><p class="label" data-w="current"></p><div class="frame" id="slide"></div>
<div class="vote" id="vote" hidden><span class="counter" id="vote-count"></span><button id="vote-close" type="button"></button></div>
TOOLS</section>
<section class="side"><p class="label" data-w="next"></p><div class="frame" id="next"></div>
<p class="label" data-w="notes"></p><div class="notes" id="notes"></div></section>
<div class="controls"><button id="prev" data-w="previous"></button><button id="forward" data-w="forward"></button>
<button id="blank" data-w="blank"></button><button id="restart" data-w="restart"></button>
<label><span data-w="deck"></span> <select id="decks"></select></label>
<span class="remote-code"><span id="remote-code" hidden></span><span id="remote-help" data-w="remoteCode" hidden></span><button id="show-remote" type="button"></button></span></div>`,
  remote: `<div class="row"><strong class="counter" id="counter"></strong><span><span id="left-label" data-w="left"></span> <span class="timer" id="left"></span></span></div>
<div class="big"><button id="prev" data-w="previous"></button><button id="forward" class="next" data-w="forward"></button></div>
<button id="blank" data-w="blank"></button>
<div class="frame" id="slide"></div>
TOOLS
<span class="vote row" id="vote" hidden><span class="counter" id="vote-count"></span><button id="vote-close" type="button"></button></span>
<p class="label" data-w="notes"></p><div class="notes" id="notes"></div>`,
  students: `<div class="bar"><strong id="deck-title"></strong><span class="counter" id="counter"></span><span id="links"></span></div>
<div class="frame" id="slide"></div>
<div class="bar"><button id="prev" data-w="previous"></button><button id="forward" data-w="forward"></button>
<button class="back" id="back" data-w="backToTeacher" hidden></button></div>
<section class="ask" id="ask" hidden aria-live="polite"><input id="ask-name" maxlength="40" autocomplete="given-name" hidden>
<div class="choices" id="ask-choices"></div>
<form id="ask-open"><input id="ask-text" maxlength="120" autocomplete="off"><button type="submit" data-w="send"></button></form>
<p class="said" id="ask-said"></p></section>
<p class="status" id="status"></p>`,
};

const SCRIPT = `(() => {
const VIEW = document.body.className;
const WORDS = ${JSON.stringify(PRESENT_WORDS)};
const teacher = VIEW !== 'students';
// The teacher's key comes in the address's fragment (#key=…, never sent to the server; an older
// ?key= address is read too), is kept for this tab only, and leaves the address bar at once.
const given = new URLSearchParams(location.hash.slice(1).includes('=') ? location.hash.slice(1) : location.search.slice(1));
const KEY = 'estrade.teacher-key';
if (teacher && given.get('key')) sessionStorage.setItem(KEY, given.get('key'));
const wanted = Number(given.get('slide') || location.hash.slice(1)) || 0;
if (given.has('key') || location.search) history.replaceState(null, '', location.pathname + (wanted ? '#' + wanted : ''));
const key = teacher ? sessionStorage.getItem(KEY) : null;
const $ = (id) => document.getElementById(id);
let decks = [], state = null, received = 0, words = WORDS.en;
let mine = null; // students: the slide browsed on their own, or null when following the teacher
const cache = new Map(), notesCache = new Map();
const banner = Object.assign(document.createElement('div'), { className: 'banner', hidden: true });
document.body.append(banner);
const say = (text) => { banner.textContent = text; banner.hidden = !text; };
const deckOf = (id) => decks.find((d) => d.id === id);
async function slides(id) {
  // A failed fetch (the server restarting) is not kept: the next render asks again.
  if (!cache.has(id)) cache.set(id, fetch('/__present/deck?id=' + encodeURIComponent(id)).then((r) => r.json()).catch((e) => { cache.delete(id); throw e; }));
  return cache.get(id);
}
async function notes(id) {
  if (!notesCache.has(id)) notesCache.set(id, fetch('/__present/notes?id=' + encodeURIComponent(id), { headers: { authorization: 'Bearer ' + key } }).then((r) => (r.ok ? r.json() : { notes: [] })).catch(() => { notesCache.delete(id); return { notes: [] }; }));
  return (await notesCache.get(id)).notes;
}
function localise(lang) {
  words = WORDS[String(lang || '').toLowerCase().split('-')[0]] || WORDS.en;
  document.documentElement.lang = lang || 'en';
  for (const el of document.querySelectorAll('[data-w]')) el.textContent = words[el.dataset.w];
  document.title = words[VIEW];
  if ($('show-remote')) $('show-remote').textContent = $('remote-code').hidden ? words.showRemote : words.hideRemote;
}
function put(frame, deck, n, board) {
  if (!frame) return;
  if (frame.deckCss !== deck.css) {
    // Another deck, or a theme edited: its CSS.
    frame.innerHTML = '<style></style><div class="marpit"></div>';
    frame.firstChild.textContent = deck.css;
    frame.deckCss = deck.css;
    frame.dataset.html = '';
  }
  const svg = board ? '<div class="board-page"></div>' : deck.slides[n - 1];
  frame.code = deck.code;
  const box = frame.querySelector('.marpit');
  for (const button of frame.querySelectorAll('.copy')) button.remove();
  if (!svg) { if (frame.dataset.html !== 'end') { box.innerHTML = '<div class="end">' + words.end + '</div>'; frame.dataset.html = 'end'; } return; }
  if (frame.dataset.html !== svg) {
    box.innerHTML = svg;
    frame.dataset.html = svg;
  }
  if (VIEW === 'students') addCopyButtons(frame);
}
function addCopyButtons(frame) {
  const top = frame.getBoundingClientRect();
  for (const pre of frame.querySelectorAll('pre')) {
    const button = Object.assign(document.createElement('button'), { className: 'copy', textContent: words.copy, type: 'button' });
    const b = pre.getBoundingClientRect();
    button.style.top = (b.top - top.top + 4) + 'px';
    button.style.right = (top.right - b.right + 4) + 'px';
    button.addEventListener('click', () => copy(wholeBlock(pre.innerText, frame.code || []), button));
    frame.append(button);
  }
}
// A slide may show a piece of a code block cut to fit ("(suite)"): the student copies the whole
// block the teacher wrote, the one whose lines hold the piece's.
const lines = (text) => text.replace(/\\r/g, '').split('\\n').map((l) => l.replace(/\\s+$/, '')).join('\\n').replace(/^\\n+|\\n+$/g, '');
function wholeBlock(piece, blocks) {
  const shown = lines(piece);
  if (!shown) return piece;
  return blocks.find((b) => lines(b) === shown) || blocks.find((b) => ('\\n' + lines(b) + '\\n').includes('\\n' + shown + '\\n')) || piece;
}
function copy(text, button) {
  // The clipboard API needs https; a classroom server is plain http: select and copy instead.
  const area = Object.assign(document.createElement('textarea'), { value: text });
  area.setAttribute('readonly', '');
  area.style.position = 'fixed'; area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let done = false;
  try { done = document.execCommand('copy'); } catch {}
  area.remove();
  if (!done && navigator.clipboard) navigator.clipboard.writeText(text).catch(() => undefined);
  button.textContent = words.copied;
  setTimeout(() => { button.textContent = words.copy; }, 1500);
}
const shown = () => (VIEW === 'students' && mine ? mine : state && { deck: state.deck, slide: state.slide, board: state.board });
// Ink: strokes in the slide's units (1280 × 720), page by page ("deck#3", or "deck#b<id>" for a
// whiteboard page); the teacher's views draw, every view shows them as they are drawn.
const inkPages = new Map(), inkById = new Map(), inkLoaded = new Set(), myStrokes = new Set();
let boards = [];
let tool = '', colour = 0;
const pageKey = (at) => at.deck + '#' + (at.board ? 'b' + at.board : at.slide);
const currentPage = () => { const at = shown(); return at ? pageKey(at) : ''; };
function keepStroke(s) {
  let page = inkPages.get(s.page);
  if (!page) inkPages.set(s.page, (page = new Map()));
  page.set(s.id, s);
  inkById.set(s.id, s);
}
function dropStroke(id) {
  const s = inkById.get(id);
  if (!s) return;
  inkById.delete(id);
  const page = inkPages.get(s.page);
  if (page) page.delete(id);
}
async function loadInk(deck) {
  if (inkLoaded.has(deck)) return;
  inkLoaded.add(deck);
  const d = await fetch('/__present/ink?deck=' + encodeURIComponent(deck)).then((r) => (r.ok ? r.json() : null)).catch(() => null);
  if (!d) { inkLoaded.delete(deck); return; }
  for (const s of d.strokes) if (!inkById.has(s.id)) keepStroke(s);
  for (const b of d.boards) if (!boards.some((x) => x.id === b.id)) boards.push(b);
  drawInk();
}
function heardInk(m) {
  if (m.op === 'start') { if (!myStrokes.has(m.stroke.id)) keepStroke(m.stroke); }
  else if (m.op === 'points') { const s = inkById.get(m.id); if (s && !myStrokes.has(m.id)) { s.points.push(...m.points); return drawPath(s); } return; }
  else if (m.op === 'end') { const s = inkById.get(m.id); if (s && s.tool === 'laser') return fadeLaser(s); return; }
  else if (m.op === 'erase') { for (const id of m.ids) dropStroke(id); }
  else if (m.op === 'clear') { for (const id of [...(inkPages.get(m.page) || new Map()).keys()]) dropStroke(id); }
  else if (m.op === 'board') { if (!boards.some((b) => b.id === m.board.id)) boards.push(m.board); return; }
  drawInk();
}
const svgNS = 'http://www.w3.org/2000/svg';
function inkLayer(frame) {
  let svg = frame.querySelector('svg.ink');
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
const pathData = (p) => p.length < 2 ? '' : 'M' + p[0] + ' ' + p[1] + (p.length === 2 ? 'l0.1 0' : 'L' + p.slice(2).join(' '));
function drawPath(s) {
  const svg = $('slide') && $('slide').querySelector('svg.ink');
  if (!svg || s.page !== currentPage()) return;
  let path = svg.querySelector('[data-id="' + s.id + '"]');
  if (!path) {
    path = document.createElementNS(svgNS, 'path');
    path.dataset.id = s.id;
    path.setAttribute('class', s.tool);
    path.setAttribute('stroke', s.color);
    path.setAttribute('stroke-width', s.width);
    svg.append(path);
  }
  path.setAttribute('d', pathData(s.points));
}
function drawInk() {
  const frame = $('slide');
  if (!frame) return;
  const svg = inkLayer(frame);
  const page = inkPages.get(currentPage());
  const ids = new Set(page ? page.keys() : []);
  for (const path of [...svg.children]) if (!ids.has(path.dataset.id)) path.remove();
  if (page) for (const s of page.values()) drawPath(s);
}
function fadeLaser(s) {
  const path = $('slide') && $('slide').querySelector('svg.ink [data-id="' + s.id + '"]');
  if (path) path.classList.add('fading');
  setTimeout(() => { dropStroke(s.id); if (path) path.remove(); }, 700);
}
// The teacher's pen: pointer events (mouse, finger, stylus) in slide units, sent in order, a batch of
// points every 25 ms; the page shows its own stroke at once.
let inkQueue = Promise.resolve();
const inkPost = (body) => (inkQueue = inkQueue.then(() => post('/api/ink', body)).catch(() => undefined));
const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(9)), (b) => b.toString(36).padStart(2, '0')).join('');
function colours() {
  const section = $('slide') && $('slide').querySelector('section');
  const style = section ? getComputedStyle(section) : null;
  const read = (name, fallback) => { const v = style && style.getPropertyValue(name).trim(); return /^#[0-9a-f]{6}$/i.test(v || '') ? v : fallback; };
  return [read('--accent', '#0f7a66'), read('--accent-strong', '#0a5a4b'), '#d62828', '#111111'];
}
function drawingOn(svg) {
  let stroke = null, pending = [], timer = 0, erasing = false;
  const at = (e) => { const r = svg.getBoundingClientRect(); return [Math.round(((e.clientX - r.left) * 1280 / r.width) * 10) / 10, Math.round(((e.clientY - r.top) * 720 / r.height) * 10) / 10]; };
  const flush = () => { clearTimeout(timer); timer = 0; if (stroke && pending.length) inkPost({ op: 'points', id: stroke.id, points: pending.splice(0) }); };
  const eraseAt = (p) => {
    const page = inkPages.get(currentPage());
    if (!page) return;
    const hit = [...page.values()].filter((s) => { for (let i = 0; i < s.points.length; i += 2) if (Math.hypot(s.points[i] - p[0], s.points[i + 1] - p[1]) < 14 + s.width / 2) return true; return false; }).map((s) => s.id);
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
    if (tool === 'eraser') { erasing = true; eraseAt(p); return; }
    const base = tool === 'highlighter' ? 30 : tool === 'laser' ? 9 : 5;
    const pressure = e.pointerType === 'pen' && e.pressure > 0 ? 0.5 + e.pressure : 1;
    const color = tool === 'laser' ? '#ff1744' : tool === 'highlighter' ? '#ffd60a' : colours()[colour];
    stroke = { id: newId(), page: currentPage(), tool, color, width: Math.round(base * pressure * 10) / 10, points: p.slice() };
    myStrokes.add(stroke.id);
    keepStroke(stroke);
    drawPath(stroke);
    inkPost({ op: 'start', id: stroke.id, page: stroke.page, tool: stroke.tool, color, width: stroke.width, points: p });
  });
  svg.addEventListener('pointermove', (e) => {
    if (erasing) return eraseAt(at(e));
    if (!stroke) return;
    for (const ev of e.getCoalescedEvents ? e.getCoalescedEvents() : [e]) { const p = at(ev); stroke.points.push(...p); pending.push(...p); }
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
function chooseTool(next) {
  tool = next;
  const svg = $('slide') && inkLayer($('slide'));
  if (svg) { svg.classList.toggle('drawing', !!tool); svg.classList.toggle('erasing', tool === 'eraser'); }
  for (const b of document.querySelectorAll('[data-tool]')) b.setAttribute('aria-pressed', String(b.dataset.tool === tool && !!tool));
  if ($('tools')) $('tools').classList.toggle('open', !!tool);
}
function paintSwatches() {
  const list = colours();
  for (const b of document.querySelectorAll('[data-colour]')) {
    b.style.background = list[Number(b.dataset.colour)];
    b.setAttribute('aria-pressed', String(Number(b.dataset.colour) === colour));
    b.title = b.ariaLabel = words.colour + ' ' + (Number(b.dataset.colour) + 1);
  }
}
function chooseColour(n) {
  colour = n;
  paintSwatches();
  if (!tool || tool === 'eraser' || tool === 'laser') chooseTool('pen');
}
const undoInk = () => inkPost({ op: 'undo', page: currentPage() });
const clearInk = () => inkPost({ op: 'clear', page: currentPage() });
const newBoard = () => post('/api/board', {});
if (teacher) {
  for (const b of document.querySelectorAll('[data-tool]')) b.addEventListener('click', () => chooseTool(b.dataset.tool === tool && b.id !== 'draw-toggle' ? '' : b.id === 'draw-toggle' && tool ? '' : b.dataset.tool));
  for (const b of document.querySelectorAll('[data-colour]')) b.addEventListener('click', () => chooseColour(Number(b.dataset.colour)));
  if ($('ink-undo')) $('ink-undo').addEventListener('click', undoInk);
  if ($('ink-clear')) $('ink-clear').addEventListener('click', clearInk);
  if ($('ink-board')) $('ink-board').addEventListener('click', newBoard);
}
/** The part's pages in order: each slide, then the whiteboard pages inserted after it. */
function positions(deck, total) {
  const out = [];
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
try { voter = localStorage.getItem(VOTER) || ''; } catch {}
if (!/^[A-Za-z0-9_-]{8,64}$/.test(voter)) {
  voter = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try { localStorage.setItem(VOTER, voter); } catch {}
}
const asked = new Map(), answers = new Map(), checked = new Set();
const qKey = (deck, n) => deck + '#' + n;
const escapeText = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const sameAnswer = (text) => String(text).normalize('NFD').replace(/\\p{M}/gu, '').toLowerCase().replace(/\\s+/g, ' ').replace(/[\\s.!?;:,]+$/u, '').trim();
const answersText = (n) => n + ' ' + (new Intl.PluralRules(document.documentElement.lang).select(n) === 'one' ? words.answerOne : words.answerOther);
function questionShown() {
  const el = $('slide') && $('slide').querySelector('[data-question]');
  const at = shown();
  return el && at ? { deck: at.deck, number: Number(el.dataset.question) } : null;
}
function showQuestion() {
  const q = questionShown();
  const key = q && qKey(q.deck, q.number);
  const view = q && asked.get(key);
  // A student's page asks once for its own answer (kept across reloads); any page for a question it never heard of.
  if (q && (!view || (VIEW === 'students' && !checked.has(key))) && !checked.has(key)) {
    checked.add(key);
    fetch('/__present/question?deck=' + encodeURIComponent(q.deck) + '&number=' + q.number + '&voter=' + voter)
      .then((r) => (r.ok ? r.json() : null))
      .then((d) => { if (!d) return; if (!asked.has(key)) asked.set(key, d.question); if (d.yours !== null) answers.set(key, d.yours); showQuestion(); })
      .catch(() => checked.delete(key));
  }
  drawResults($('slide'), view && view.closed ? view : null);
  drawVote(view || null);
  drawAsk(view || null);
}
function drawResults(frame, view) {
  if (!frame) return;
  let box = frame.querySelector('.results');
  if (!view || !view.results) { if (box) box.hidden = true; return; }
  if (!box) { box = Object.assign(document.createElement('div'), { className: 'results' }); frame.append(box); }
  // In the theme's colours, read from the slide underneath.
  const section = frame.querySelector('section');
  if (section) { const style = getComputedStyle(section); for (const name of ['--paper', '--ink', '--heading', '--accent', '--accent-strong', '--muted', '--tint']) { const value = style.getPropertyValue(name); if (value) box.style.setProperty(name, value); } }
  const total = view.count;
  const percent = new Intl.NumberFormat(document.documentElement.lang, { style: 'percent', maximumFractionDigits: 0 });
  let html = '<h2>' + escapeText(view.prompt) + '</h2>';
  if (view.kind === 'choice') {
    html += view.options.map((text, i) => {
      const n = view.results.counts[i], share = total ? n / total : 0;
      return '<div class="row' + (view.results.right.includes(i) ? ' right' : '') + '" data-count="' + n + '"><span class="letter">' + LETTERS[i] + '</span><span class="text">' + escapeText(text) + '</span><span class="track"><span class="fill" style="width:' + (share * 100).toFixed(1) + '%"></span></span><span class="num">' + n + ' · ' + percent.format(share) + '</span></div>';
    }).join('');
    if (view.results.explanation) html += '<p class="explanation">' + escapeText(view.results.explanation) + '</p>';
  } else {
    html += '<ol>' + view.results.groups.slice(0, 12).map((g) => '<li' + (g.right ? ' class="right"' : '') + ' data-count="' + g.count + '">' + escapeText(g.text) + ' <span class="count">×' + g.count + '</span></li>').join('') + '</ol>';
    if (view.results.answer) html += '<p class="explanation">' + escapeText(words.theAnswer + ' ' + view.results.answer) + '</p>';
  }
  box.innerHTML = html + '<p class="count">' + answersText(total) + '</p>';
  box.hidden = false;
}
function drawVote(view) {
  const box = $('vote');
  if (!box) return;
  box.hidden = !view;
  if (!view) return;
  $('vote-count').textContent = words.question + ' ' + view.number + ' · ' + answersText(view.count);
  $('vote-close').textContent = view.closed ? words.reopenVote : words.closeVote;
  $('vote-close').onclick = () => post('/api/question', { deck: view.deck, number: view.number, closed: !view.closed });
}
let askView = null, askNames = false;
const NAME = 'estrade.name';
function drawAsk(view) {
  const box = $('ask');
  if (!box) return;
  askView = view;
  box.hidden = !view;
  if (!view) return;
  // The teacher asked for first names (estrade present --names): one, kept in this browser.
  $('ask-name').hidden = !askNames || view.closed;
  $('ask-name').placeholder = words.firstName;
  if (askNames && !$('ask-name').value) { try { $('ask-name').value = localStorage.getItem(NAME) || ''; } catch {} }
  const key = qKey(view.deck, view.number), given = answers.get(key), results = view.closed && view.results;
  const choices = $('ask-choices');
  choices.hidden = view.kind !== 'choice';
  $('ask-open').hidden = view.kind !== 'open' || view.closed;
  if (view.kind === 'choice') {
    const signature = key + '\\n' + view.options.join('\\n');
    if (choices.dataset.signature !== signature) {
      choices.innerHTML = '';
      view.options.forEach((text, i) => {
        const button = Object.assign(document.createElement('button'), { type: 'button' });
        button.append(Object.assign(document.createElement('b'), { textContent: LETTERS[i] }), Object.assign(document.createElement('span'), { textContent: text }));
        button.addEventListener('click', () => answer(askView, i));
        choices.append(button);
      });
      choices.dataset.signature = signature;
    }
    [...choices.children].forEach((button, i) => {
      button.classList.toggle('mine', given === i);
      button.classList.toggle('right', !!results && results.right.includes(i));
      button.setAttribute('aria-pressed', String(given === i));
      button.disabled = view.closed;
    });
  } else if ($('ask-text').dataset.key !== key) {
    $('ask-text').value = typeof given === 'string' ? given : '';
    $('ask-text').dataset.key = key;
    $('ask-text').placeholder = words.typeAnswer;
  }
  let said = '';
  if (!view.closed) said = given === undefined ? (view.kind === 'choice' ? words.answerNow : '') : words.answered;
  else if (given === undefined) said = words.voteClosed + ' ' + words.noAnswer;
  else if (view.kind === 'choice') said = !results.right.length ? words.voteClosed : results.right.includes(given) ? words.rightAnswer : words.theAnswer + ' ' + results.right.map((i) => LETTERS[i]).join(', ');
  else said = !results.answer ? words.voteClosed : sameAnswer(given) === sameAnswer(results.answer) ? words.rightAnswer : words.theAnswer + ' ' + results.answer;
  $('ask-said').textContent = said;
}
async function answer(view, value) {
  if (!view) return;
  const key = qKey(view.deck, view.number);
  const name = askNames ? $('ask-name').value.trim() : '';
  if (askNames && !name) { $('ask-said').textContent = words.nameFirst; $('ask-name').focus(); return; }
  if (name) { try { localStorage.setItem(NAME, name); } catch {} }
  const r = await fetch('/__present/answer', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deck: view.deck, number: view.number, voter, answer: value, ...(name ? { name } : {}) }) }).catch(() => null);
  if (!r || !r.ok) { $('ask-said').textContent = r && r.status === 409 ? words.voteClosed : r && r.status === 425 ? words.notYet : words.couldNotSend; return; }
  const d = await r.json();
  answers.set(key, d.yours);
  asked.set(key, d.view);
  showQuestion();
}
if ($('ask-open')) $('ask-open').addEventListener('submit', (e) => { e.preventDefault(); const text = $('ask-text').value.trim(); if (text) answer(askView, text); });
let renders = 0;
async function render() {
  if (!state) return;
  // A later render (a move, an edit) may finish first: an earlier one then leaves the page alone.
  const turn = ++renders;
  const at = shown();
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
  if ($('counter')) $('counter').textContent = at.board ? words.board + ' · ' + words.slide + ' ' + at.slide + ' ' + words.of + ' ' + total : words.slide + ' ' + at.slide + ' ' + words.of + ' ' + total;
  if ($('deck-title') && info) $('deck-title').textContent = info.title;
  history.replaceState(null, '', location.pathname + '#' + at.slide);
  if (VIEW === 'projector') $('curtain').hidden = !state.blank;
  if ($('blank')) $('blank').textContent = state.blank ? words.unblank : words.blank;
  if (VIEW === 'presenter') {
    put($('next'), deck, at.slide + 1);
    const select = $('decks');
    const options = decks.map((d) => d.id + '\\n' + d.title).join('|');
    if (select.dataset.options !== options) {
      select.innerHTML = '';
      for (const d of decks) select.append(new Option(d.title, d.id));
      select.dataset.options = options;
    }
    select.value = at.deck;
  }
  if ($('notes')) $('notes').textContent = (deckNotes[at.slide - 1] || []).join('\\n\\n') || words.noNotes;
  if (VIEW === 'students') {
    $('back').hidden = !mine;
    $('status').textContent = mine ? words.teacherAt + ' ' + state.slide + (state.deck !== at.deck ? ' (' + (deckOf(state.deck) || {}).title + ')' : '') : words.following;
    const links = [];
    if (info && info.pdf) links.push('<a href="' + info.pdf + '" download>' + words.slidesPdf + '</a>');
    if (info && info.handout) links.push('<a href="' + info.handout + '" download>' + words.handoutPdf + '</a>');
    if (info && info.pdf) links.push('<a href="/lesson.pdf" target="_blank" id="lesson-link">' + words.lessonPdf + '</a>');
    $('links').innerHTML = links.join(' · ');
  }
  showQuestion();
  tick();
}
const two = (n) => String(n).padStart(2, '0');
const duration = (ms) => { const s = Math.floor(Math.abs(ms) / 1000); return (s >= 3600 ? Math.floor(s / 3600) + ':' : '') + two(Math.floor(s / 60) % 60) + ':' + two(s % 60); };
function tick() {
  if (!state) return;
  const since = performance.now() - received;
  const elapsed = state.elapsed + since;
  // A part that says its minutes counts down from when the class entered it; else the lesson does.
  const part = state.part || { elapsed: 0 };
  const own = !!part.minutes;
  const minutes = own ? part.minutes : state.minutes;
  const counted = own ? part.elapsed + since : elapsed;
  if ($('elapsed')) $('elapsed').textContent = duration(elapsed);
  if ($('clock')) $('clock').textContent = new Intl.DateTimeFormat(document.documentElement.lang, { hour: '2-digit', minute: '2-digit', hourCycle: document.documentElement.lang.startsWith('fr') ? 'h23' : undefined }).format(new Date());
  if ($('left')) {
    if (!minutes) { $('left').textContent = '—'; }
    else {
      const left = minutes * 60000 - counted;
      $('left').textContent = (left < 0 ? '+' : '') + duration(left);
      $('left').classList.toggle('over', left < 0);
      $('left-label').textContent = left < 0 ? (own ? words.partOver : words.over) : own ? words.partLeft : words.left;
    }
  }
  if ($('pace')) {
    const deck = deckOf(state.deck);
    if (!minutes || !deck) { $('pace').hidden = true; }
    else {
      // Where the teacher is in the deck against where the time says they should be.
      const reached = deck.slides > 1 ? (state.slide - 1) / (deck.slides - 1) : 1;
      const due = Math.min(1, counted / (minutes * 60000));
      const pace = reached - due > 0.1 ? 'ahead' : due - reached > 0.1 ? 'behind' : 'ontime';
      $('pace').hidden = false;
      $('pace').className = 'pace ' + pace;
      $('pace').textContent = words[pace === 'ontime' ? 'onTime' : pace];
    }
  }
}
setInterval(tick, 1000);
async function post(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key }, body: JSON.stringify(body) });
  say(r.status === 401 || r.status === 403 ? words.keyRefused : '');
  return r.ok;
}
function move(by) {
  if (!state) return;
  const at = shown();
  const list = positions(at.deck, (deckOf(at.deck) || { slides: 1 }).slides);
  const here = Math.max(0, list.findIndex((p) => p.slide === at.slide && (p.board || null) === (at.board || null)));
  const next = list[Math.min(Math.max(0, here + by), list.length - 1)];
  if (VIEW === 'students') {
    mine = next.slide === state.slide && (next.board || null) === (state.board || null) && at.deck === state.deck ? null : next;
    render();
    return;
  }
  if (next !== list[here]) post('/api/goto', { deck: next.deck, slide: next.slide, board: next.board || null });
}
const blank = () => post('/api/blank', {});
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
  if (teacher && (e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'z' || e.key === 'Z')) { e.preventDefault(); undoInk(); return; }
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const k = e.key;
  if (teacher) {
    const tools = { d: 'pen', h: 'highlighter', e: 'eraser', l: 'laser' };
    if (tools[k]) { chooseTool(tool === tools[k] ? '' : tools[k]); e.preventDefault(); return; }
    if (k === 'Escape' && tool) { chooseTool(''); e.preventDefault(); return; }
    if (k === 'w') { newBoard(); e.preventDefault(); return; }
    if (['1', '2', '3', '4'].includes(k)) { chooseColour(Number(k) - 1); e.preventDefault(); return; }
  }
  if (['ArrowRight', 'ArrowDown', 'PageDown', ' ', 'Enter', 'n'].includes(k)) move(1);
  else if (['ArrowLeft', 'ArrowUp', 'PageUp', 'Backspace', 'p'].includes(k)) move(-1);
  else if (k === 'Home') move(-1e6);
  else if (k === 'End') move(1e6);
  else if (teacher && (k === 'b' || k === 'B' || k === '.')) blank();
  else if (VIEW === 'projector' && (k === 'q' || k === 'Q')) $('qr').hidden = !$('qr').hidden;
  else if (VIEW === 'projector' && (k === 'f' || k === 'F')) (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined);
  else if (VIEW === 'students' && (k === 'Escape' || k === 't')) { mine = null; render(); }
  else return;
  e.preventDefault();
});
for (const [id, fn] of [['prev', () => move(-1)], ['forward', () => move(1)], ['blank', blank], ['restart', () => post('/api/timer', { part: !!(state && state.part && state.part.minutes) })], ['show-remote', toggleRemote], ['back', () => { mine = null; render(); }]]) {
  if ($(id)) $(id).addEventListener('click', fn);
}
if ($('decks')) $('decks').addEventListener('change', (e) => post('/api/goto', { deck: e.target.value, slide: 1 }));
if (VIEW === 'projector') {
  fetch('/__present/qr/students.svg').then((r) => r.text()).then((svg) => { $('qr-code').innerHTML = svg; });
  fetch('/__present/decks').then((r) => r.json()).then((listing) => { $('students-url').textContent = listing.students; });
}
// The remote's code holds the key: shown on demand, for a minute, never while it may be mirrored.
let remoteTimer = 0;
function toggleRemote() {
  const code = $('remote-code');
  const show = code.hidden;
  clearTimeout(remoteTimer);
  code.hidden = $('remote-help').hidden = !show;
  $('show-remote').textContent = show ? words.hideRemote : words.showRemote;
  if (!show) { code.innerHTML = ''; return; }
  fetch('/__present/qr/remote.svg', { headers: { authorization: 'Bearer ' + key } }).then((r) => (r.ok ? r.text() : '')).then((svg) => { if (!code.hidden) code.innerHTML = svg; });
  remoteTimer = setTimeout(() => { if (!code.hidden) toggleRemote(); }, 60000);
}
async function connect() {
  const listing = await fetch('/__present/decks').then((r) => r.json());
  decks = listing.decks;
  askNames = !!listing.names;
  const events = new EventSource('/__present/events');
  events.onmessage = async (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'question') { asked.set(qKey(m.question.deck, m.question.number), m.question); showQuestion(); return; }
    if (m.type === 'ink') { heardInk(m); return; }
    if (m.type === 'state') {
      if (m.state.question) asked.set(qKey(m.state.question.deck, m.state.question.number), m.state.question);
      const moved = !state || state.deck !== m.state.deck;
      state = m.state; received = performance.now();
      if (moved) decks = (await fetch('/__present/decks').then((r) => r.json())).decks;
      say('');
    } else if (m.type === 'deck') {
      // An edit of the course: new slides for that deck, shown in place.
      if (m.id === '*') { cache.clear(); notesCache.clear(); } // a theme changed: every deck
      else { cache.delete(m.id); notesCache.delete(m.id); }
      decks = (await fetch('/__present/decks').then((r) => r.json())).decks;
    }
    render();
  };
  events.onerror = () => { say(words.offline); };
}
// A teacher's view shows itself only once the server accepts its key; else one page says why.
async function unlocked() {
  if (!teacher) return true;
  const ok = !!key && await fetch('/__present/teacher', { headers: { authorization: 'Bearer ' + key } }).then((r) => r.ok).catch(() => false);
  if (ok) { document.body.removeAttribute('data-lock'); return true; }
  const listing = await fetch('/__present/decks').then((r) => r.json()).catch(() => ({ decks: [] }));
  localise((listing.decks[0] || {}).lang || navigator.language);
  const page = document.createElement('div');
  page.className = 'lock-page';
  page.setAttribute('role', 'alert');
  page.textContent = words.needsKey;
  document.body.replaceChildren(page);
  document.body.dataset.lock = 'refused';
  return false;
}
// A teacher's view opened at #n takes the class there once.
unlocked().then((ok) => ok && connect().then(() => { if (teacher && wanted > 0) setTimeout(() => { if (state && state.slide !== wanted) post('/api/goto', { deck: state.deck, slide: wanted }); }, 300); }));
})();`;

// The drawing tools of a teacher's view: a tool at a time, four colours, undo, clear, whiteboard.
const TOOLS = `<div class="tools" id="tools"><button type="button" id="draw-toggle" data-tool="pen" data-w="draw"></button>
<button type="button" data-tool="highlighter" data-w="highlighter"></button><button type="button" data-tool="eraser" data-w="eraser"></button>
<button type="button" data-tool="laser" data-w="laser"></button>
<button type="button" class="swatch" data-colour="0"></button><button type="button" class="swatch" data-colour="1"></button>
<button type="button" class="swatch" data-colour="2"></button><button type="button" class="swatch" data-colour="3"></button>
<button type="button" id="ink-undo" data-w="undo"></button><button type="button" id="ink-clear" data-w="clearPage"></button>
<button type="button" id="ink-board" data-w="board"></button><button type="button" data-tool="" data-w="move"></button></div>`;

export function viewPage(view: View): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Estrade</title><style>${STYLE}</style></head><body class="${view}"${view === 'students' ? '' : ' data-lock="pending"'}>${BODY[view].replace('TOOLS', TOOLS)}<script>${SCRIPT}</script></body></html>`;
}
