// The parts of Marp that are not its documented surface and that Estrade relies on, each checked
// against the installed packages: an upgrade that renames or removes one fails here, by name,
// instead of a build that goes wrong in silence. The Marp packages are pinned to exact versions.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Marp } from '@marp-team/marp-core';
import { Theme } from '@marp-team/marpit';
import type MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { DECK_CONTROLS, localisedControls } from '../src/export/controls.ts';
import { presenterHtml } from '../src/export/html.ts';
import { createEngine } from '../src/render/marp.ts';
import { sectionsInOnePass } from '../src/render/slide-sections.ts';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** Every folder in node_modules (nested ones too) holding a package of that name. */
function copiesOf(name: string): string[] {
  const found: string[] = [];
  const walk = (modules: string) => {
    let entries: string[];
    try {
      entries = readdirSync(modules);
    } catch {
      return;
    }
    for (const entry of entries) {
      const names = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
      for (const pkg of names) {
        const dir = join(modules, pkg);
        if (!statSync(dir).isDirectory()) continue;
        if (pkg === name) found.push(dir);
        walk(join(dir, 'node_modules'));
      }
    }
  };
  walk(join(root, 'node_modules'));
  return found;
}

describe("Marp's packages", () => {
  it('are pinned to exact versions, and those are the ones installed', () => {
    for (const name of ['@marp-team/marp-cli', '@marp-team/marp-core', '@marp-team/marpit']) {
      const wanted = manifest.dependencies[name]!;
      expect(wanted, name).toMatch(/^\d+\.\d+\.\d+$/);
      const installed = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
      expect(installed.version, name).toBe(wanted);
    }
  });

  it('are installed once each, with one KaTeX and one markdown-it: marp-cli renders with our marp-core', () => {
    for (const name of ['@marp-team/marp-core', '@marp-team/marpit', 'katex', 'markdown-it']) expect(copiesOf(name), name).toHaveLength(1);
  });
});

describe("Marpit's slide rule, which the engine writes again in one pass", () => {
  // A deck that uses what the rule feeds: slide breaks at any depth, directives, notes, headers,
  // backgrounds, fragments, a heading divider, code with a --- inside.
  const deck = [
    '---', 'paginate: true', 'header: En-tête', 'headingDivider: 3', '---', '',
    '# Premier', '', '<!-- note -->', '', '* un', '* deux', '',
    ...Array.from({ length: 40 }, (_, i) => [`---`, '', `<!-- _class: lead${i % 3} -->`, `## Diapo ${i}`, '', '> cité', '>', '> ***', '', '- point', '', '  ---', '', '```', '---', '```', '', `![bg](x${i}.png)`, '', '### Divisé', '', `- ${i}`, ''].join('\n')),
    '***', '', 'Fin.',
  ].join('\n');
  const rendered = (anchor: unknown, linear: boolean) => {
    const marp = new Marp({ anchor } as ConstructorParameters<typeof Marp>[0]);
    if (linear) sectionsInOnePass(marp);
    const { html, css, comments } = marp.render(deck);
    return { html, css, comments, tokens: (marp.markdown as MarkdownIt).parse(deck, {}).map((t) => [t.type, t.map?.join('-'), t.level, t.attrGet('id'), JSON.stringify(t.meta)].join('|')) };
  };

  it('is named marpit_slide, and ours gives the same tokens and HTML as Marpit\'s, whatever the anchors', () => {
    for (const anchor of [true, false, (i: number) => `diapo-${i}`]) {
      const ours = rendered(anchor, true);
      expect(ours.html.match(/<section\b/g)?.length).toBeGreaterThan(80);
      expect(ours).toEqual(rendered(anchor, false));
    }
  });
});

describe("Marpit's theme internals, which the engine memoizes", () => {
  it('ThemeSet has pack and resolveImport, and packing a theme twice gives the same CSS', () => {
    const marp = createEngine([]);
    const themeSet = marp.themeSet as unknown as Record<string, unknown>;
    expect(typeof themeSet.pack).toBe('function');
    expect(typeof themeSet.resolveImport).toBe('function');
    const css = (themeSet.pack as (n: string, o: object) => string)('default', {});
    expect(css).toContain('section');
    expect((themeSet.pack as (n: string, o: object) => string)('default', {})).toBe(css);
  });

  it('Theme.fromCSS parses a theme, and two engines share the parsed built-in themes', () => {
    const theme = Theme.fromCSS('/* @theme contract */\nsection { color: red; }');
    expect(theme.name).toBe('contract');
    const a = createEngine([]).themeSet.get('gaia');
    const b = createEngine([]).themeSet.get('gaia');
    expect(a).toBeDefined();
    expect(a).toBe(b);
  });

  it("KaTeX is called through the module's renderToString (which the engine memoizes), and a deck's own macros still reach its later slides", () => {
    const marp = createEngine([]);
    // The first deck with maths has the engine keep them: what marp-core calls is Estrade's then.
    marp.render('---\nmarp: true\n---\n\n$x$\n');
    const katex = require('katex') as { renderToString: (tex: string, o?: object) => string };
    let calls = 0;
    const render = katex.renderToString;
    const deck = '---\nmarp: true\n---\n\n$$\\int_0^1 x^2\\,dx = \\tfrac{1}{3}$$\n\n---\n\n$\\gdef\\aire{\\pi r^2}$ $A = \\aire$\n\n---\n\n$$S = 4\\aire$$\n';
    try {
      katex.renderToString = (tex, o) => (calls++, render(tex, o));
      const first = marp.render(deck).html as string;
      const drawn = calls;
      const again = marp.render(deck).html as string;
      // marp-core reaches KaTeX through the module (a rename would skip the memo, and count nothing).
      expect(drawn).toBeGreaterThanOrEqual(4);
      expect(again).toBe(first);
      // \aire, defined on the second slide, is drawn on the third: π r², not an error.
      expect(first).not.toMatch(/katex-error/);
      expect(first.split('<section')[3]).toMatch(/π/);
      // Another deck's \aire is its own: the same formula, drawn with its definition.
      const other = marp.render(deck.replace('\\pi r^2', '\\omega')).html as string;
      expect(other.split('<section')[3]).toMatch(/ω/);
      expect(other.split('<section')[3]).not.toMatch(/π/);
    } finally {
      katex.renderToString = render;
    }
  });

  it("Marp's list of kept HTML elements is a static object", () => {
    const allowed = (Marp as unknown as { html?: Record<string, unknown> }).html;
    expect(allowed && typeof allowed).toBe('object');
    expect(Object.keys(allowed!)).toEqual(expect.arrayContaining(['br']));
  });
});

describe("marp-cli's bespoke template, which Estrade translates and extends", () => {
  it('has the presenter view markup, the notes and the English words Estrade looks for', async () => {
    const themes = ['estrade.css'].map((t) => join(root, 'themes', t));
    const markdown = '---\nmarp: true\ntheme: estrade\n---\n\n# One\n\n<!-- a note -->\n\n---\n\n# Two\n';
    const html = (await presenterHtml([{ name: 'contract', markdown, notes: true }], themes)).get('contract')!;
    for (const name of ['bespoke-marp-parent', 'bespoke-marp-note', 'bespoke-marp-presenter-info-container', 'bespoke-marp-presenter-info-time', 'bespoke-marp-presenter-info-timer', 'bespoke-marp-active']) {
      expect(html, name).toContain(name);
    }
    expect(html).toContain('<div id=":$p">');
    expect(html).toMatch(/`Page \$\{[^}`]+\} of \$\{[^}`]+\}`/);
    const french = localisedControls(html, 'fr');
    for (const [en, fr] of Object.entries(DECK_CONTROLS.fr!)) {
      if (en === 'Page' || en === 'of' || en.length < 8) continue;
      expect(html, en).toContain(en);
      expect(french, fr).toContain(fr);
    }
  });
});
