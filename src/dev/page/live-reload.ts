// Runs in the pages the dev server serves (never in dist/): listens for the server's events, swaps
// changed slides in place, reloads when it must, and shows the course's problems over the page.
// Bundled for the browser by scripts/compile.mjs (src/page-scripts.ts injects it).
import { PRESENT_WORDS } from '../../present/words.ts';
import { EVENTS_PATH, type DevMessage } from '../protocol.ts';

const here = location.pathname;
let overlay: HTMLDivElement | undefined;

function show(lines: string[]): void {
  overlay ??= Object.assign(document.createElement('div'), { id: 'estrade-overlay' });
  overlay.setAttribute('style', 'position:fixed;z-index:2147483647;left:0;right:0;top:0;padding:16px 24px;background:#7f1d1d;color:#fff;font:16px/1.5 monospace;white-space:pre-wrap;box-shadow:0 4px 16px #0008');
  // In the course's language (the page's lang), like the rest of the deck.
  const lang = document.documentElement.lang.slice(0, 2).toLowerCase();
  const words = PRESENT_WORDS[lang as keyof typeof PRESENT_WORDS] ?? PRESENT_WORDS.en;
  overlay.textContent = `${words.lastGoodShown}\n${lines.join('\n')}`;
  document.body.append(overlay);
}

function hide(): void {
  overlay?.remove();
  overlay = undefined;
}

const concerns = (course: string) => here.startsWith(course) || here === '/' || here === '/index.html';
const go = (n?: number) => {
  if (n) location.hash = `#${n}`;
};

/** Puts the slides that changed in place of the old ones; false when the slide count changed. */
function swap(count: number, changed: [number, string][], jump?: number): boolean {
  const current = document.querySelectorAll('svg[data-marpit-svg] > foreignObject > section');
  if (count !== current.length) return false;
  for (const [i, svg] of changed) {
    const section = new DOMParser().parseFromString(svg, 'text/html').querySelector('section');
    const old = current[i];
    if (!section || !old) continue;
    for (const { name, value } of [...section.attributes]) if (name !== 'id') old.setAttribute(name, value);
    old.innerHTML = section.innerHTML;
  }
  go(jump);
  return true;
}

// Speaker notes as marp-cli's template writes them, rewritten in place: one element per slide
// that has notes (the server reloads the page when a slide gains or loses its notes).
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function swapNotes(notes: string[][]): void {
  for (const el of document.querySelectorAll<HTMLElement>('.bespoke-marp-note')) {
    const html = (notes[Number(el.dataset.index)] ?? []).map((n) => `<p>${escape(n)}</p>`).join('');
    if (el.innerHTML !== html) el.innerHTML = html;
  }
}

function heard(m: DevMessage): void {
  if (m.type === 'slides' && m.deck === here) {
    if (!swap(m.slides, m.changed, m.jump)) location.reload();
    swapNotes(m.notes);
    document.dispatchEvent(new CustomEvent('estrade:updated'));
  } else if (m.type === 'reload' && (m.path === here || m.path === '*')) {
    if (m.jump) history.replaceState(null, '', `#${m.jump}`);
    location.reload();
  } else if (m.type === 'problems' && concerns(m.course)) show(m.lines);
  else if (m.type === 'fixed' && concerns(m.course)) hide();
}

function connect(): void {
  const events = new EventSource(`${EVENTS_PATH}?page=${encodeURIComponent(here)}`);
  events.onmessage = (e: MessageEvent<string>) => heard(JSON.parse(e.data) as DevMessage);
  events.onerror = () => {
    events.close();
    setTimeout(connect, 500);
  };
}

connect();
