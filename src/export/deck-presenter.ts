// The deck's own presenter view (`p`, the one a teacher uses from a USB stick with no server) with
// Estrade's clock: the time of day on a 24-hour clock in the course's language, a countdown from the
// lesson's minutes (`duration`) and the pacing (ahead, on time, behind), in place of marp-cli's
// `8:48:16 AM` and count-up. marp-cli's view keeps what it does well: the next slide, the notes, and
// the windows of one deck kept in step through the browser's storage, which works from file://.
import { PRESENT_WORDS } from '../present/words.ts';

export interface DeckClock {
  lang: string;
  /** The lesson's minutes: a countdown and the pacing; none, the time spent. */
  minutes?: number;
}

interface ClockWords {
  elapsed: string;
  left: string;
  over: string;
  clock: string;
  ahead: string;
  onTime: string;
  behind: string;
  restart: string;
}

/** Runs in the deck's presenter view (a browser, from file:// too): serialised into the page. */
function presenterClock(config: { lang: string; minutes: number; words: ClockWords }): void {
  if (new URLSearchParams(location.search).get('view') !== 'presenter') return;
  const { lang, minutes, words } = config;
  const STARTED = `estrade.presenter-started:${location.pathname}`;
  const two = (n: number) => String(n).padStart(2, '0');
  const span = (ms: number) => {
    const s = Math.floor(Math.abs(ms) / 1000);
    return (s >= 3600 ? `${Math.floor(s / 3600)}:` : '') + `${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  };
  const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  // Kept for this window: a reload goes on counting (a browser that refuses storage starts again).
  const keep = (value: number) => {
    try {
      sessionStorage.setItem(STARTED, String(value));
    } catch {}
  };
  let started = Date.now();
  try {
    started = Number(sessionStorage.getItem(STARTED)) || started;
  } catch {}
  keep(started);

  const install = () => {
    const info = document.querySelector('.bespoke-marp-presenter-info-container');
    const theirTime = document.querySelector<HTMLElement>('.bespoke-marp-presenter-info-time');
    const theirTimer = document.querySelector<HTMLElement>('.bespoke-marp-presenter-info-timer');
    if (!info || !theirTime || !theirTimer) return false;
    theirTime.style.display = 'none';
    theirTimer.style.display = 'none';
    const box = document.createElement('div');
    box.className = 'estrade-clock';
    box.setAttribute('style', 'display:flex;gap:1.2em;align-items:baseline;justify-content:flex-end;font-variant-numeric:tabular-nums;white-space:nowrap');
    box.innerHTML = '<span><span class="estrade-left-label"></span> <button type="button" class="estrade-left" style="all:unset;cursor:pointer;font-weight:700"></button></span>' +
      '<span class="estrade-pace" style="padding:0 .5em;border-radius:.3em;font-weight:700"></span><span><span class="estrade-clock-label"></span> <strong class="estrade-time"></strong></span>';
    info.appendChild(box);
    const $ = (name: string) => box.querySelector<HTMLElement>(`.${name}`)!;
    $('estrade-clock-label').textContent = words.clock;
    $('estrade-left').title = words.restart;
    $('estrade-left').addEventListener('click', () => {
      started = Date.now();
      keep(started);
      tick();
    });
    const slides = () => [...document.querySelectorAll('.bespoke-marp-parent > svg[data-marpit-svg], .bespoke-marp-parent svg[data-marpit-svg]')];
    const tick = () => {
      const spent = Date.now() - started;
      $('estrade-time').textContent = time.format(new Date());
      const pace = $('estrade-pace');
      if (!minutes) {
        $('estrade-left-label').textContent = words.elapsed;
        $('estrade-left').textContent = span(spent);
        pace.hidden = true;
        return;
      }
      const left = minutes * 60000 - spent;
      $('estrade-left-label').textContent = left < 0 ? words.over : words.left;
      $('estrade-left').textContent = (left < 0 ? '+' : '') + span(left);
      $('estrade-left').style.color = left < 0 ? '#ff8a80' : '';
      // Where the teacher is in the deck against where the time says they should be.
      const all = slides();
      const at = all.findIndex((s) => s.classList.contains('bespoke-marp-active'));
      const reached = all.length > 1 ? Math.max(0, at) / (all.length - 1) : 1;
      const due = Math.min(1, spent / (minutes * 60000));
      const state = reached - due > 0.1 ? 'ahead' : due - reached > 0.1 ? 'behind' : 'onTime';
      pace.hidden = false;
      pace.dataset.pace = state;
      pace.textContent = words[state];
      pace.style.background = state === 'behind' ? '#8a1c1c' : state === 'ahead' ? '#1f5fa8' : '#1b6b3a';
      pace.style.color = '#fff';
    };
    tick();
    setInterval(tick, 500);
    return true;
  };
  // marp-cli builds its view when the page has loaded.
  if (!install()) {
    const watch = new MutationObserver(() => {
      if (install()) watch.disconnect();
    });
    watch.observe(document.body, { childList: true, subtree: true });
  }
}

const clockWords = (lang: string): ClockWords => {
  const table = PRESENT_WORDS[lang.slice(0, 2).toLowerCase() as keyof typeof PRESENT_WORDS] ?? PRESENT_WORDS.en;
  const { elapsed, left, over, clock, ahead, onTime, behind, restart } = table;
  return { elapsed, left, over, clock, ahead, onTime, behind, restart };
};

/** The deck's HTML with Estrade's clock in its presenter view. */
export function withDeckClock(html: string, clock: DeckClock): string {
  const config = { lang: clock.lang, minutes: clock.minutes ?? 0, words: clockWords(clock.lang) };
  const script = `<script>(${presenterClock.toString()})(${JSON.stringify(config).replace(/</g, '\\u003c')});</script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + script : html.slice(0, at) + script + html.slice(at);
}
