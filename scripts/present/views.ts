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
.controls{grid-column:1/3;display:flex;gap:12px;align-items:center;font-size:20px}
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
body.remote .big{display:grid;grid-template-columns:1fr 1fr;gap:12px}
body.remote .big button{font-size:28px;padding:1.1em .5em;border-radius:16px}
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
`;

const BODY: Record<View, string> = {
  projector: `<div class="frame" id="slide"></div><div class="curtain" id="curtain" hidden></div>
<div class="qr" id="qr" hidden><div id="qr-code"></div><div><span data-w="studentsCode"></span> <strong id="students-url"></strong></div></div>`,
  presenter: `<header><strong id="deck-title"></strong><span class="counter" id="counter"></span>
<span><span data-w="elapsed"></span> <span class="timer" id="elapsed"></span></span>
<span id="left-box"><span id="left-label" data-w="left"></span> <span class="timer" id="left"></span></span>
<span class="pace" id="pace"></span><span><span data-w="clock"></span> <span class="clock" id="clock"></span></span></header>
<section class="current"><p class="label" data-w="current"></p><div class="frame" id="slide"></div></section>
<section class="side"><p class="label" data-w="next"></p><div class="frame" id="next"></div>
<p class="label" data-w="notes"></p><div class="notes" id="notes"></div></section>
<div class="controls"><button id="prev" data-w="previous"></button><button id="forward" data-w="forward"></button>
<button id="blank" data-w="blank"></button><button id="restart" data-w="restart"></button>
<label><span data-w="deck"></span> <select id="decks"></select></label>
<span class="remote-code"><span id="remote-code" hidden></span><span id="remote-help" data-w="remoteCode" hidden></span><button id="show-remote" type="button"></button></span></div>`,
  remote: `<div class="row"><strong class="counter" id="counter"></strong><span><span id="left-label" data-w="left"></span> <span class="timer" id="left"></span></span></div>
<div class="big"><button id="prev" data-w="previous"></button><button id="forward" class="next" data-w="forward"></button></div>
<button id="blank" data-w="blank"></button>
<p class="label" data-w="notes"></p><div class="notes" id="notes"></div>`,
  students: `<div class="bar"><strong id="deck-title"></strong><span class="counter" id="counter"></span><span id="links"></span></div>
<div class="frame" id="slide"></div>
<div class="bar"><button id="prev" data-w="previous"></button><button id="forward" data-w="forward"></button>
<button class="back" id="back" data-w="backToTeacher" hidden></button></div>
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
  words = lang && lang.toLowerCase().startsWith('fr') ? WORDS.fr : WORDS.en;
  document.documentElement.lang = lang || 'en';
  for (const el of document.querySelectorAll('[data-w]')) el.textContent = words[el.dataset.w];
  document.title = words[VIEW];
  if ($('show-remote')) $('show-remote').textContent = $('remote-code').hidden ? words.showRemote : words.hideRemote;
}
function put(frame, deck, n) {
  if (!frame) return;
  if (frame.deckCss !== deck.css) {
    // Another deck, or a theme edited: its CSS.
    frame.innerHTML = '<style></style><div class="marpit"></div>';
    frame.firstChild.textContent = deck.css;
    frame.deckCss = deck.css;
    frame.dataset.html = '';
  }
  const svg = deck.slides[n - 1];
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
const shown = () => (VIEW === 'students' && mine ? mine : state && { deck: state.deck, slide: state.slide });
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
  put($('slide'), deck, at.slide);
  const total = deck.slides.length;
  if ($('counter')) $('counter').textContent = words.slide + ' ' + at.slide + ' ' + words.of + ' ' + total;
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
    $('links').innerHTML = links.join(' · ');
  }
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
  if (VIEW === 'students') {
    const at = shown();
    const total = (deckOf(at.deck) || { slides: 1 }).slides;
    const slide = Math.min(Math.max(1, at.slide + by), total);
    mine = slide === state.slide && at.deck === state.deck ? null : { deck: at.deck, slide };
    render();
    return;
  }
  const total = (deckOf(state.deck) || { slides: 1 }).slides;
  const slide = Math.min(Math.max(1, state.slide + by), total);
  if (slide !== state.slide) post('/api/goto', { deck: state.deck, slide });
}
const blank = () => post('/api/blank', {});
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLSelectElement || e.altKey || e.ctrlKey || e.metaKey) return;
  const k = e.key;
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
  const events = new EventSource('/__present/events');
  events.onmessage = async (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'state') {
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

export function viewPage(view: View): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Estrade</title><style>${STYLE}</style></head><body class="${view}"${view === 'students' ? '' : ' data-lock="pending"'}>${BODY[view]}<script>${SCRIPT}</script></body></html>`;
}
