// A planned deck → the Marp Markdown that marp-core renders: directives, layout classes, notes.
import type { Deck, DeckSlide } from './deck.ts';
import { frenchTypography } from './typography.ts';

const directive = (key: string, value: string | boolean) => `<!-- ${key}: ${typeof value === 'string' ? JSON.stringify(value) : value} -->`;

function slideMarkdown(original: DeckSlide, deck: Deck, isWhole: boolean): string {
  const slide = deck.typography ? { ...original, title: original.title && frenchTypography(original.title), body: frenchTypography(original.body) } : original;
  const parts: string[] = [];
  // A layout class replaces the deck's classes on its slide, so they are repeated with it.
  const layout = (name: string) => directive('_class', [name, deck.className].filter(Boolean).join(' '));
  switch (slide.kind) {
    case 'title':
      parts.push(layout('title'), directive('_paginate', false), directive('_footer', ''), `# ${slide.title ?? ''}`);
      break;
    case 'section':
      if (isWhole) parts.push(directive('footer', `${deck.title} · ${slide.title ?? ''}`));
      parts.push(layout('section'), directive('_paginate', false), directive('_footer', ''), `# ${slide.title ?? ''}`);
      break;
    case 'agenda':
      parts.push(layout('agenda'), `## ${slide.title ?? ''}`);
      break;
    case 'content':
      if (slide.answer) parts.push(layout('answer'));
      if (slide.title) parts.push(`## ${slide.title}`);
      break;
    default: {
      const never: never = slide.kind;
      throw new Error(`unknown slide kind ${String(never)}`);
    }
  }
  // A table too wide for the slide at the theme's size, drawn smaller on this slide only.
  if (slide.tableFontPx) parts.push(`<style scoped>table { font-size: ${slide.tableFontPx}px; } th, td { padding: ${Math.round(slide.tableFontPx * 0.3)}px ${Math.round(slide.tableFontPx * 0.5)}px;${slide.tableWrap ? ' overflow-wrap: anywhere;' : ''} }</style>`);
  if (slide.body) parts.push(slide.body);
  for (const note of slide.notes) parts.push(`<!--\n${note}\n-->`);
  return parts.join('\n\n');
}

export interface MarpMarkdownOptions {
  theme: string;
  author?: string;
}

export function deckMarkdown(deck: Deck, options: MarpMarkdownOptions): string {
  if (deck.markdown !== undefined) return deck.markdown;
  const isWhole = deck.index === undefined;
  const front = [
    '---',
    'marp: true',
    `theme: ${options.theme}`,
    'paginate: true',
    `lang: ${deck.lang}`,
    `title: ${JSON.stringify(deck.pageTitle)}`,
    ...(options.author ? [`author: ${JSON.stringify(options.author)}`] : []),
    `footer: ${JSON.stringify(isWhole ? '' : deck.footer)}`,
    ...(deck.className ? [`class: ${JSON.stringify(deck.className)}`] : []),
    '---',
  ].join('\n');
  // Link definitions draw nothing: after the last slide, they serve every slide of the deck.
  const references = deck.references ? `\n\n${deck.references}` : '';
  return `${front}\n\n${deck.slides.map((s) => slideMarkdown(s, deck, isWhole)).join('\n\n---\n\n')}${references}\n`;
}
