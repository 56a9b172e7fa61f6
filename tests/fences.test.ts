// Where the code is: one scanner, CommonMark's fence rules, for every step that must leave code alone.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import type MarkdownItType from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { blockTokens, closesFence, diagrams, fencedLines, fences, openingFence } from '../src/course/fences.ts';
import { linkReferences } from '../src/course/blocks.ts';
import { parseCourse } from '../src/course/course.ts';
import { frenchTypography } from '../src/course/typography.ts';
import { headingJumps } from '../src/doctor.ts';
import { ownSlideLines } from '../src/build.ts';
import { isDiagram } from '../src/render/cuts.ts';

const lines = (...l: string[]) => l.join('\n');

describe("CommonMark's fences", () => {
  it('open with three or more backticks or tildes after at most three spaces; four spaces are indented code', () => {
    expect(fencedLines(lines('```', 'a', '```', '   ~~~', 'b', '   ~~~', '', '    ```', '    c', '    ```'))).toEqual([true, true, true, true, true, true, false, false, false, false]);
  });

  it('close only with the same character, at least as many, and nothing after', () => {
    const text = lines('````md', '```', 'inside', '```', '``` not a closing', '~~~~', '`````', 'after');
    expect(fencedLines(text)).toEqual([true, true, true, true, true, true, true, false]);
    expect(fences(text)).toEqual([{ start: 0, end: 6, info: 'md', marker: '````', content: '```\ninside\n```\n``` not a closing\n~~~~\n' }]);
  });

  it('run to the end when nothing closes them, and a backtick fence has no backtick in its info', () => {
    expect(fencedLines(lines('text', '```', 'never closed', '## still code'))).toEqual([false, true, true, true]);
    expect(fencedLines(lines('```js` is inline code', 'text'))).toEqual([false, false]);
  });

  it('are found inside list items and quotes (a box, an admonition), not inside an HTML comment', () => {
    expect(fencedLines(lines('- item', '', '  ```', '  code', '  ```', '', '> ```', '> quoted', '> ```', '', '<!--', '```', 'note', '```', '-->'))).toEqual([
      false, false, true, true, true, false, true, true, true, false, false, false, false, false, false,
    ]);
  });

  it('are diagrams when the first word of their info is mermaid, as Marp decides', () => {
    const text = lines('```mermaid', 'graph TD', '```', '', '```mermaid-raw', 'x', '```', '', '> ```mermaid interactive', '> graph LR', '> ```', '', '```python', 'mermaid = 1', '```');
    expect(diagrams(text).map((d) => [d.start, d.content])).toEqual([
      [0, 'graph TD\n'],
      [8, 'graph LR\n'],
    ]);
    expect(isDiagram({ kind: 'block', text: lines('```mermaid-raw', 'x', '```'), group: 0, boundary: true })).toBe(false);
    expect(isDiagram({ kind: 'block', text: lines('~~~ mermaid', 'graph TD', '~~~'), group: 0, boundary: true })).toBe(true);
  });

  it('read line by line in a dialect (bodies indented four spaces): the same rules at any indent', () => {
    expect(openingFence('        ~~~~ python')).toBe('~~~~');
    expect(openingFence('    ```js`')).toBeUndefined();
    expect(closesFence('    ~~~~~', '~~~~')).toBe(true);
    expect(closesFence('    ~~~', '~~~~')).toBe(false);
    expect(closesFence('    ``` x', '```')).toBe(false);
  });
});

describe('the block structure, read without inline parsing', () => {
  it('finds fences and link definitions as a full parse does, without parsing a word of inline text', () => {
    const text = '# Titre *gras*\n\nUn [lien][doc] et `du code`.\n\n- un **point**\n\n```py\nx = 1\n```\n\n[doc]: https://exemple.fr "La doc"\n';
    const tokens = blockTokens(text);
    expect(tokens.filter((t) => t.type === 'inline').length).toBeGreaterThan(0);
    expect(tokens.filter((t) => t.type === 'inline').every((t) => !t.children?.length)).toBe(true);
    expect(fences(text)).toEqual([{ start: 6, end: 8, info: 'py', marker: '```', content: 'x = 1\n' }]);
    expect(linkReferences(text)).toBe('[DOC]: <https://exemple.fr> "La doc"');
    // Asked again about the same text (a course's fences, then its links, then its diagrams): read once.
    expect(blockTokens(text)).toBe(blockTokens(text));
    expect(linkReferences(text)).toBe('[DOC]: <https://exemple.fr> "La doc"');
    expect(linkReferences('Rien.\n')).toBe('');
  });
});

// The ruler: markdown-it itself, reading the whole text in one parse, as Marp does.
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as typeof MarkdownItType;
const whole = new MarkdownIt({ html: true });
whole.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);
const summary = (tokens: readonly ReturnType<typeof whole.parse>[number][]) => tokens.map((t) => [t.type, t.map?.join('-'), t.level, t.content, t.info, t.markup].join('|'));

// Blocks that keep something open over a blank line and a heading, or look as if they did.
const piece = fc.oneof(
  fc.constantFrom('## Partie', '### Diapo', '# Titre', '######', '#### Détail {#id}', 'Texte.', 'Titre\n=====', 'Sous-titre\n---', '- point\n- autre', '1. un\n2. deux', '> cité\n> encore', '    indenté', '| a | b |\n| - | - |\n| 1 | 2 |'),
  fc.constantFrom('```', '~~~~', '```mermaid', '  ```', '- item\n\n  ```\n  code', '> ```', '<!--', '-->', '<pre>', '</pre>', '<div>', '</div>', '<?php', '?>', '<![CDATA[', ']]>', '[lien]: https://a.fr "Titre"', '[LIEN]: https://b.fr', '[autre]:\n  https://c.fr'),
  fc.constantFrom('', '', ' ', '\t', 'Mac\r\r## pas une partie'),
);
const text = fc.array(piece, { maxLength: 40 }).chain((pieces) => fc.constantFrom('\n', '\n\n').map((sep) => pieces.join(sep)));

describe('a course read part by part, its untouched parts not read again', () => {
  it('gives the tokens and link definitions of one parse of the whole text, whatever is left open', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        for (const markdown of [a, `${a}\n\n${b}`, `${b}\n\n${a}`]) {
          const env: { references?: object } = {};
          const mine: { references?: object } = {};
          expect(summary(blockTokens(markdown, mine))).toEqual(summary(whole.parse(markdown, env)));
          expect(mine.references ?? {}).toEqual(env.references ?? {});
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts lines from the start of the whole text after an edit adds lines above', () => {
    const course = lines('# Cours', '', '## Un', '', 'Texte.', '', '## Deux', '', '```sh', 'ls', '```');
    expect(fences(course)).toEqual([{ start: 8, end: 10, info: 'sh', marker: '```', content: 'ls\n' }]);
    const edited = course.replace('Texte.', 'Texte.\n\nPlus.');
    expect(fences(edited)).toEqual([{ start: 10, end: 12, info: 'sh', marker: '```', content: 'ls\n' }]);
    expect(fences(course)).toEqual([{ start: 8, end: 10, info: 'sh', marker: '```', content: 'ls\n' }]);
  });
});

describe('every step leaves code alone by the same rules', () => {
  it('French spacing never changes code in a box (a quote), nor after a line that only looks like a closing fence', () => {
    const text = lines('Question ?', '', '> ```python', '> x = a if b else c ; print(x) ?', '> ```', '', '```', 'y = 1 ; z = 2', '``` pas une fin', 'w = 3 ; v = 4', '```');
    const out = frenchTypography(text).split('\n');
    expect(out[0]).toBe('Question\u202F?');
    expect(out.slice(2)).toEqual(text.split('\n').slice(2));
  });

  it('doctor reads no heading inside code whose fence holds shorter fences', () => {
    const text = lines('# Cours', '', '````md', '```', '### dans le code', '```', '````', '', '## Partie');
    expect(headingJumps(text, 'c.md')).toEqual([]);
  });

  it('a course makes no section of a heading inside code, however its fences nest', () => {
    const { course } = parseCourse(lines('# Cours', '', '## Partie', '', '### Exemple', '', '````md', '```', '## Pas une partie', '```', '````', ''), 'c.md');
    expect(course.sections.map((s) => s.title)).toEqual(['Partie']);
    expect(course.sections[0]!.slides[0]!.body).toContain('## Pas une partie');
    // Notes in `#` chapters: a `##` inside code does not make them a course of `##` sections.
    const chapters = parseCourse(lines('# Chapitre 1', '', 'Texte.', '', '````md', '```', '## Pas une partie', '```', '````', '', '# Chapitre 2', '', 'Texte.', ''), 'c.md');
    expect(chapters.course.sections.map((s) => s.title)).toEqual(['Chapitre 2']);
  });

  it("an author's Marp deck starts no slide at a --- inside code", () => {
    expect(ownSlideLines(lines('# One', '', '````', '```', '---', '```', '````', '', '---', '', '# Two'), 10)).toEqual([10, 19]);
  });
});
