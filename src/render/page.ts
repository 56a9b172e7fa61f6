// A bare page of a deck's slides, one 1280×720 box after another: what Chromium measures, prints
// and photographs. The presenter HTML wraps the same slides in marp-cli's bespoke template.
import type { RenderedDeck } from './marp.ts';

export const SLIDE = { width: 1280, height: 720 } as const;

export function slidesPage(deck: Pick<RenderedDeck, 'css' | 'html'>, lang: string, title = '', extraCss = ''): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${deck.css}</style><style>html,body{margin:0;padding:0;background:#fff}
div.marpit>svg{display:block;width:${SLIDE.width}px;height:${SLIDE.height}px}${extraCss}</style></head>
<body>${deck.html}</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
