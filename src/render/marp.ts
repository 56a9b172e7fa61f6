// The one Marp adapter: marp-core 5 with shiki, mermaid and KaTeX, made to work offline
// (system emoji font instead of twemoji images, KaTeX fonts inlined, no web-font imports).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Marp, type MarpOptions } from '@marp-team/marp-core';
import { Theme } from '@marp-team/marpit';
import katex from '@marp-team/marp-core/plugins/katex';
import mermaid from '@marp-team/marp-core/plugins/mermaid';
import shiki from '@marp-team/marp-core/plugins/shiki';
import { choicesPlugin } from './choices.ts';
import { hardWrapsPlugin } from './hard-wraps.ts';
import { diagramOf } from './diagrams.ts';
import { sectionsInOnePass } from './slide-sections.ts';
import { definitionLists } from '../course/blocks.ts';
import { kept } from '../kept.ts';

const require = createRequire(import.meta.url);

// What Pandoc and PHP Markdown Extra write inline, drawn as meant instead of as text: ==highlight==,
// H~2~O, x^2^, and *[HTML]: abbreviations (markdown-it's own plugins).
const INLINE_DIALECTS = ['markdown-it-mark', 'markdown-it-sub', 'markdown-it-sup', 'markdown-it-abbr'].map((name) => require(name) as (md: EstradeMarp['markdown']) => void);
const KATEX_FONTS = 'estrade-katex-fonts/';

let katexFontFaces: Map<string, string> | undefined;
/** KaTeX's woff2 fonts as data: URLs, read once and only when a deck has math. */
function katexFont(name: string): string {
  katexFontFaces ??= new Map();
  let url = katexFontFaces.get(name);
  if (!url) {
    const dir = join(dirname(require.resolve('katex/package.json')), 'dist', 'fonts');
    url = `data:font/woff2;base64,${readFileSync(join(dir, `${name}.woff2`)).toString('base64')}`;
    katexFontFaces.set(name, url);
  }
  return url;
}

// Every render of a deck gives the same theme CSS, half a megabyte with its fonts: made offline once.
const offline = new Map<string, string>();

export function offlineCss(css: string): string {
  return kept(offline, css, 50, () => css
    // Web fonts of Marp's built-in themes (gaia, uncover) would be fetched from the internet; the
    // system's fonts draw the text instead, so the deck opens offline.
    .replace(/@import\s+(url\()?(['"])https?:\/\/[^'"]*\2\)?[^;]*;/g, '')
    .replace(/src:\s*url\(['"]?estrade-katex-fonts\/([\w-]+)\.woff2['"]?\)[^;}]*/g, (_m, name: string) => `src:url(${katexFont(name)}) format("woff2")`));
}

export function offlineHtml(html: string): string {
  // A Google web font imported in the HTML (an SVG, a teacher's own <style>) would be fetched from
  // the internet; the theme's font is used instead.
  return html.includes('fonts.googleapis.com') ? html.replace(/@import url\((['"])https?:\/\/fonts\.googleapis\.com[^)]*\1\);?/g, '') : html;
}

// Marpit runs PostCSS over the theme on every render, which is most of a render's cost; the result
// depends only on the theme (with what it imports) and the options, so it is kept, for every engine.
const packed = new Map<string, string>();
interface PackingThemeSet {
  get(name: string, fallback?: boolean): { css: string } | undefined;
  pack(name: string, opts?: object): string;
  resolveImport(theme: { css: string }): { css: string }[];
}
function memoizeThemePacking(marp: Marp): void {
  const themeSet = marp.themeSet as unknown as PackingThemeSet;
  const pack = themeSet.pack.bind(themeSet);
  themeSet.pack = (name, opts = {}) => {
    const theme = themeSet.get(name, true);
    const key = createHash('sha1').update(JSON.stringify([name, theme ? themeSet.resolveImport(theme).map((t) => t.css) : null, opts])).digest('hex');
    return kept(packed, key, 500, () => pack(name, opts));
  };
}

// Every Marp engine parses the three built-in themes with PostCSS, and marp-cli makes one engine per
// deck: parsing a theme CSS once per process saves a fifth of the presenter-HTML time. Themes are
// frozen objects, so sharing them between engines is safe.
const parsedThemes = new Map<string, Readonly<Theme>>();
const fromCss = Theme.fromCSS.bind(Theme);
Theme.fromCSS = (css: string, opts: Parameters<typeof Theme.fromCSS>[1] = {}) => {
  const types = Object.entries(opts.metaType ?? {}).map(([name, type]) => [name, type.name]);
  return kept(parsedThemes, JSON.stringify([css, types, !!opts.cssNesting]), 100, () => fromCss(css, opts));
};

const highlighted = new Map<string, string>();

// KaTeX draws the same maths again at each render (a section's deck, the whole course's, each save
// in estrade dev): its HTML depends only on the TeX and the options, unless the deck defines macros
// (\gdef, \newcommand: KaTeX keeps them in the deck's macros, which a later formula may use).
// KaTeX takes a twentieth of a second to load: only once a deck may hold maths, as marp-core does.
const drawnMaths = new Map<string, string>();
const DEFINES_MACRO = /\\(?:[gex]?def|global|let|(?:re)?newcommand|providecommand|DeclareMathOperator)/;
let mathsKept = false;
function keepMaths(): void {
  mathsKept = true;
  const katexModule = require('katex') as { renderToString: (tex: string, options?: { macros?: object }) => string };
  const renderMaths = katexModule.renderToString.bind(katexModule);
  katexModule.renderToString = (tex, options = {}) => {
    const { macros, ...rest } = options;
    if ((macros && Object.keys(macros).length) || DEFINES_MACRO.test(tex)) return renderMaths(tex, options);
    return kept(drawnMaths, `${JSON.stringify(rest)}\u0000${tex}`, 5000, () => renderMaths(tex, options));
  };
}

export class EstradeMarp extends Marp {
  /** `ownDeck`: a teacher's own Marp deck keeps every line break, as marp-cli draws it. */
  constructor(options: MarpOptions = {}, ownDeck = false) {
    super({
      emoji: { shortcode: true, unicode: false },
      math: 'katex',
      script: false,
      ...options,
      markdown: { breaks: true, ...(options.markdown ?? {}) },
    });
    this.use(shiki()).use(mermaid()).use(katex({ fontPath: KATEX_FONTS }));
    sectionsInOnePass(this);
    this.markdown.use(choicesPlugin);
    // A teacher's own Marp deck is drawn as marp-cli draws it; Estrade's decks read the dialects.
    if (!ownDeck) for (const plugin of [hardWrapsPlugin, definitionLists, ...INLINE_DIALECTS]) this.markdown.use(plugin);
    memoizeThemePacking(this);
    // Fitting renders the same code again and again (each pass, each part of a cut block), and
    // marp-cli's engines once more: Shiki's highlighting of a block depends only on its text,
    // language and attributes (colours are CSS variables of the theme), so every engine shares it.
    const highlight = this.highlighter.bind(this);
    this.highlighter = (code: string, lang: string, attrs: string) => kept(highlighted, `${lang}\u0000${attrs}\u0000${code}`, 5000, () => highlight(code, lang, attrs));
    // Diagrams are drawn by Mermaid in Chromium before rendering (diagrams.ts); what it rejected,
    // or what was not drawn, shows as its source in a code block, never as a stack trace.
    const rules = this.markdown.renderer.rules;
    const fence = rules.fence!;
    rules.marp_mermaid = (...args: Parameters<typeof fence>) => {
      const [tokens, idx] = args as unknown as [{ content: string }[], number];
      const svg = diagramOf(tokens[idx]!.content)?.svg;
      return svg ? `<p>${svg}</p>\n` : fence(...args);
    };
    // Local images are embedded as data: URLs; markdown-it refuses SVG ones, which are safe in <img>.
    const validateLink = this.markdown.validateLink.bind(this.markdown);
    this.markdown.validateLink = (url: string) => /^data:image\/svg\+xml;base64,/i.test(url) || validateLink(url);
  }

  private readonly themeCss: string[] = [];
  private readonly twins = new Map<boolean, EstradeMarp>();

  addTheme(css: string): void {
    this.themeSet.add(css);
    this.themeCss.push(css);
  }

  /** The engine for a Marp deck of the teacher's own, as marp-cli renders it: with Marp's small
   *  inline script (`<!-- fit -->` headings, auto-scaling code) and, with `html`, the HTML as written. */
  forOwnDeck(html: boolean): EstradeMarp {
    let twin = this.twins.get(html);
    if (!twin) {
      twin = new OwnDeckMarp({ html });
      for (const css of this.themeCss) twin.themeSet.add(css);
      this.twins.set(html, twin);
    }
    return twin;
  }

  // marp-cli may ask for the HTML as an array of slides (`htmlAsArray`); both shapes are handled.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override render(markdown: string, env: any = {}): any {
    // Maths are written between dollars ($, $$) or after a backslash (\( \[ \begin).
    if (!mathsKept && /[$\\]/.test(markdown)) keepMaths();
    const result = super.render(markdown, env);
    const html: string | string[] = result.html;
    return { ...result, html: Array.isArray(html) ? html.map(offlineHtml) : offlineHtml(html), css: offlineCss(result.css) };
  }
}

/** The HTML elements Marp keeps (the rest it shows as text). */
export const SHOWN_HTML: ReadonlySet<string> = new Set(Object.keys((Marp as unknown as { html: Record<string, unknown> }).html ?? {}));

/** Estrade's engine for a teacher's own `marp: true` deck: Marp's inline script stays on. */
export class OwnDeckMarp extends EstradeMarp {
  constructor(options: MarpOptions = {}) {
    super({ script: true, ...options }, true);
  }
}

/** What a student may be given: the same slides, no speaker notes (Marp's `comments`, which
 *  marp-cli's presenter template writes into the page). */
const withoutNotes = (result: { comments?: string[][] }) => ({ ...result, comments: (result.comments ?? []).map(() => []) });

export class StudentMarp extends EstradeMarp {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override render(markdown: string, env: any = {}): any {
    return withoutNotes(super.render(markdown, env));
  }
}

export class StudentOwnDeckMarp extends OwnDeckMarp {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override render(markdown: string, env: any = {}): any {
    return withoutNotes(super.render(markdown, env));
  }
}

export interface RenderedDeck {
  html: string;
  css: string;
  notes: string[][];
  slides: number;
}

/** Whether any slide of the deck has speaker notes. */
export const hasNotes = (deck: RenderedDeck) => deck.notes.some((n) => n.length > 0);

export function createEngine(themes: string[]): EstradeMarp {
  const marp = new EstradeMarp();
  for (const css of themes) marp.addTheme(css);
  return marp;
}

export function renderDeck(marp: EstradeMarp, markdown: string): RenderedDeck {
  const { html, css, comments } = marp.render(markdown) as { html: string; css: string; comments: string[][] };
  return { html, css, notes: comments, slides: comments.length };
}
