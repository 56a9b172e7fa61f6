// The four classroom views of `estrade present`, one page each: the projector (the slide, full
// screen), the presenter view (slide, next slide, notes, timers), the remote (a phone in the
// teacher's hand) and the students' page (follows the teacher, browses on its own). Plain HTML and a
// small script, no network beyond this server: classrooms are often offline.
import { pageScript } from '../page-scripts.ts';

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
<title>Estrade</title><style>${STYLE}</style></head><body class="${view}"${view === 'students' ? '' : ' data-lock="pending"'}>${BODY[view].replace('TOOLS', TOOLS)}<script>${pageScript('classroom')}</script></body></html>`;
}
