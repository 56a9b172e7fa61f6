// The small script injected into pages the dev server serves (never into dist/): it listens for
// server-sent events, swaps changed slides in place, reloads when it must, and shows problems.
import { PRESENT_WORDS } from '../present/words.ts';
import { EVENTS_PATH } from './protocol.ts';

const HEADINGS = Object.fromEntries(Object.entries(PRESENT_WORDS).map(([lang, words]) => [lang, words.lastGoodShown]));

const CLIENT = `(() => {
  const here = location.pathname;
  let overlay;
  const show = (lines) => {
    overlay ??= Object.assign(document.createElement('div'), { id: 'estrade-overlay' });
    overlay.setAttribute('style', 'position:fixed;z-index:2147483647;left:0;right:0;top:0;padding:16px 24px;background:#7f1d1d;color:#fff;font:16px/1.5 monospace;white-space:pre-wrap;box-shadow:0 4px 16px #0008');
    // In the course's language (the page's lang), like the rest of the deck.
    const headings = ${JSON.stringify(HEADINGS)};
    const heading = headings[document.documentElement.lang.slice(0, 2).toLowerCase()] || headings.en;
    overlay.textContent = heading + '\\n' + lines.join('\\n');
    document.body.append(overlay);
  };
  const hide = () => { overlay?.remove(); overlay = undefined; };
  const concerns = (course) => here.startsWith(course) || here === '/' || here === '/index.html';
  const go = (n) => { if (n) location.hash = '#' + n; };
  const swap = (html, jump) => {
    const next = new DOMParser().parseFromString(html, 'text/html').querySelectorAll('section');
    const current = document.querySelectorAll('svg[data-marpit-svg] > foreignObject > section');
    if (next.length !== current.length) return false;
    next.forEach((section, i) => {
      const old = current[i];
      if (old.innerHTML === section.innerHTML && old.className === section.className && old.getAttribute('style') === section.getAttribute('style')) return;
      for (const { name, value } of [...section.attributes]) if (name !== 'id') old.setAttribute(name, value);
      old.innerHTML = section.innerHTML;
    });
    go(jump);
    return true;
  };
  // Speaker notes as marp-cli's template writes them, rewritten in place: one element per slide
  // that has notes (the server reloads the page when a slide gains or loses its notes).
  const escape = (text) => text.replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const swapNotes = (notes) => {
    for (const el of document.querySelectorAll('.bespoke-marp-note')) {
      const html = (notes[Number(el.dataset.index)] ?? []).map((n) => '<p>' + escape(n) + '</p>').join('');
      if (el.innerHTML !== html) el.innerHTML = html;
    }
  };
  const connect = () => {
    const events = new EventSource(${JSON.stringify(EVENTS_PATH)} + '?page=' + encodeURIComponent(here));
    events.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.type === 'slides' && m.deck === here) { if (!swap(m.html, m.jump)) location.reload(); swapNotes(m.notes); document.dispatchEvent(new CustomEvent('estrade:updated')); }
      else if (m.type === 'reload' && (m.path === here || m.path === '*')) { if (m.jump) history.replaceState(null, '', '#' + m.jump); location.reload(); }
      else if (m.type === 'problems' && concerns(m.course)) show(m.lines);
      else if (m.type === 'fixed' && concerns(m.course)) hide();
    };
    events.onerror = () => { events.close(); setTimeout(connect, 500); };
  };
  connect();
})();`;

/** Adds the live-reload client to a served HTML page. */
export function withClient(html: string): string {
  const tag = `<script>${CLIENT}</script>`;
  return html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${tag}</body>`) : html + tag;
}

