// The Markdown dialects teachers write (MkDocs-Material, Pandoc, MyST, Hugo): each is drawn as the
// teacher meant — boxes with their titles, code as code, breaks as nothing — never shown as syntax,
// never losing a word, and every line keeps its number.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCourse } from '../src/course/course.ts';
import { atxHeadings, standardMarkdown } from '../src/course/dialects.ts';
import { showableHtml } from '../src/course/raw-html.ts';
import { SHOWN_HTML } from '../src/render/marp.ts';
import type { Manifest } from '../src/export/manifest.ts';
import { buildInto, type CliRun } from './helpers/build.ts';
import { inspectDeck, lostWords, withoutSyntax } from './helpers/inspect.ts';

describe('dialects as CommonMark, line for line', () => {
  it('makes an MkDocs admonition a box: its title in bold, its indented body inside, tables and code kept', () => {
    const { text } = standardMarkdown('!!! note "Vocabulaire"\n    Une ligne.\n\n    | a | b |\n    | - | - |\n    | 1 | 2 |\n\nAprès.');
    expect(text).toBe('> **Vocabulaire**\n> Une ligne.\n>\n> | a | b |\n> | - | - |\n> | 1 | 2 |\n\nAprès.');
  });

  it('titles an admonition without a title by its kind; ??? and ???+ are open boxes too', () => {
    expect(standardMarkdown('!!! warning\n    Attention.').text).toBe('> **Warning**\n> Attention.');
    expect(standardMarkdown('??? tip "Astuce"\n    Oui.').text).toBe('> **Astuce**\n> Oui.');
    expect(standardMarkdown('???+ example\n    ```sql\n    SELECT 1;\n    ```').text).toBe('> **Example**\n> ```sql\n> SELECT 1;\n> ```');
  });

  it("titles boxes by their kind in the course's language", () => {
    expect(standardMarkdown('!!! warning\n    Attention.', 'fr').text).toBe('> **Attention**\n> Attention.');
    expect(standardMarkdown('::: callout\nTexte.\n:::', 'fr').text.split('\n')[0]).toBe('> **Encadré**');
    expect(standardMarkdown('```{seealso}\nx\n```', 'en').text.split('\n')[0]).toBe('> **See also**');
  });

  it("makes Pandoc's line blocks lines with hard breaks, their indents kept, and leaves tables alone", () => {
    expect(standardMarkdown('| Un vers,\n|   retrait\n  suite.\n|\n| Fin').text).toBe('Un vers,\\\n&nbsp;&nbsp;retrait\nsuite.\\\n&nbsp;\\\nFin');
    for (const table of ['| a | b |\n| - | - |\n| 1 | 2 |', '| a | b |\n| 1 | 2 |', 'Texte\n| pas en tête']) expect(standardMarkdown(table).text).toBe(table);
  });

  it("titles GitHub's alerts (> [!TIP]) by their kind", () => {
    expect(standardMarkdown('> [!TIP]\n>\n> Voici.', 'fr').text).toBe('> **Astuce**\n>\n> Voici.');
    expect(standardMarkdown('> [!warning]\n> Careful.').text).toBe('> **Warning**\n> Careful.');
  });

  it('makes Pandoc fenced divs boxes, nested ones inside, titled by title= or their class', () => {
    const { text } = standardMarkdown('::: {.challenge title="Your turn"}\nDo it.\n\n:::: solution\nDone.\n::::\n:::\nAfter.');
    expect(text).toBe('> **Your turn**\n> Do it.\n>\n> > **Solution**\n> > Done.\n>\n\nAfter.');
  });

  it('makes MyST code cells code (their # comments are not headings), notes boxes, +++ and targets nothing', () => {
    const { text } = standardMarkdown('```{code-cell} python\n:tags: [hide-output]\n# a comment\nx = 1\n```\n+++\n(target)=\n```{note}\nSlowly.\n```');
    expect(text.split('\n')).toEqual(['```python', '# a comment', 'x = 1', '```', '', '', '', '> **Note**', '> Slowly.', '']);
  });

  it('gives an image its width from attributes and drops attribute lines', () => {
    expect(standardMarkdown('![Schéma](s.png){ width=300 }\n{: .center }').text).toBe('![Schéma w:300px](s.png)\n');
    // After a link: nothing a slide shows. A word in braces after a link is the teacher's text.
    expect(standardMarkdown('Voir [ici](https://a.fr){:target="_blank"}, [là](b.html){.bouton} et [ceci](c.html){#x}.').text).toBe('Voir [ici](https://a.fr), [là](b.html) et [ceci](c.html).');
    expect(standardMarkdown('Un [lien](a.html){et du texte}.').text).toBe('Un [lien](a.html){et du texte}.');
  });

  it('turns Hugo shortcodes into boxes, links and code, and says which it left out', () => {
    const { text, notes } = standardMarkdown('{{< hint info >}}\nUne classe.\n{{< /hint >}}\nOn écrit {{<inlineJava>}}class A{{</inlineJava>}}.\n{{< youtube abc >}}\n{{< toc >}}');
    expect(text.split('\n')).toEqual(['> **info**', '> Une classe.', '', 'On écrit `class A`.', '[YouTube : abc](https://www.youtube.com/watch?v=abc)', '']);
    expect(notes).toEqual([{ line: 6, message: expect.stringContaining('{{< toc >}}') }]);
  });

  it("turns R Markdown's and Quarto's chunks into code in their language, a diagram for {mermaid}, their options left out", () => {
    const { text, notes } = standardMarkdown('```{r}\n# a comment\nx <- 1\n```\n```{python echo=FALSE}\n#| label: fig\n#| echo: false\nprint(1)\n```\n```{r setup, include=FALSE}\nlibrary(x)\n```\n```{mermaid}\ngraph TD\n```\n```{note}\nhi\n```');
    expect(text.split('\n')).toEqual(['```r', '# a comment', 'x <- 1', '```', '```python', 'print(1)', '```', '', '', '```r', 'library(x)', '```', '```mermaid', 'graph TD', '```', '> **Note**', '> hi', '']);
    expect(notes).toEqual([]);
  });

  it('reads headings underlined with === as # and with --- as ## when the course writes no ## heading', () => {
    const setext = 'Réseaux\n=======\n\nIntro.\n\nLe modèle\nen couches\n---------\n\n> Cité\n> ---\n\n```\nTitre\n-----\n```';
    expect(atxHeadings(setext).split('\n')).toEqual(['# Réseaux', '', '', 'Intro.', '', '## Le modèle en couches', '', '', '', '> Cité', '> ---', '', '```', 'Titre', '-----', '```']);
    const { course } = parseCourse(standardMarkdown(setext).text, 'r.md');
    expect([course.heading, course.sections.map((s) => [s.title, s.line])]).toEqual(['Réseaux', [['Le modèle en couches', 6]]]);
    // Where the sections are ## headings, a --- under a paragraph is the slide break it was meant as.
    const breaks = '# Cours\n\n## Partie\n\nUn texte\n---\nLa suite\n\nAutre partie\n============';
    expect(atxHeadings(breaks).split('\n')).toEqual(['# Cours', '', '## Partie', '', 'Un texte', '---', 'La suite', '', '# Autre partie', '']);
  });

  it("turns Pandoc's grid and simple tables into pipe tables, the lines below keeping their numbers", () => {
    const grid = ['+-------+------+', '| Nom   | Port |', '+=======+======+', '| HTTP  | 80   |', '| web   |      |', '+-------+------+', '| A|B   | 1    |', '+-------+------+'];
    expect(standardMarkdown(['Avant.', '', ...grid, '', 'Après.'].join('\n')).text.split('\n')).toEqual(['Avant.', '', '| Nom | Port |', '| --- | --- |', '| HTTP web | 80 |', '| A\\|B | 1 |', '', '', '', '', '', 'Après.']);
    const simple = ['Masque       Préfixe', '-----------  -------', '255.0.0.0    /8', '255.255.0.0  /16'];
    expect(standardMarkdown(['', ...simple, '', 'Fin.'].join('\n')).text.split('\n')).toEqual(['', '| Masque | Préfixe |', '| --- | --- |', '| 255.0.0.0 | /8 |', '| 255.255.0.0 | /16 |', '', 'Fin.']);
    // Not tables: a pipe table, a break written --- --- under a paragraph, a lone word over dashes.
    for (const text of ['| a | b |\n| - | - |\n| 1 | 2 |', 'Un texte\n--- ---\nLa suite', '\nTitre\n-----  -----\nx']) expect(standardMarkdown(text).text).toBe(text);
  });

  it("reads Obsidian's links, embedded pictures, callouts and comments; code spans are left alone", () => {
    const text = 'See [[Page]], [[Page|the text]], [[Page#Part]].\n![[a b.png]] ![[Other note]]\n> [!note] Title\n> [!warning]- Folded\n> [!TIP]\nSome %%hidden%% text `a %% b %% c`.\n%% a note %%\n%%\nprivate\n%%';
    expect(standardMarkdown(text, 'en').text.split('\n')).toEqual(['See Page, the text, Page › Part.', '![](<a b.png>) Other note', '> **Title**', '> **Folded**', '> **Tip**', 'Some  text `a %% b %% c`.', '<!-- a note -->', '<!--', 'private', '-->']);
  });

  it('leaves code blocks alone, whatever they hold', () => {
    const code = '```\n!!! note\n    x\n::: callout\n{{< hint >}}\n+++\n```';
    expect(standardMarkdown(code).text).toBe(code);
  });

  it('never changes the number of lines, whatever it is given', () => {
    const line = fc.oneof(
      fc.constantFrom('!!! note "T"', '??? tip', '???+ warning "W"', '    indented', '::: callout', ':::: solution', ':::', '::::', '```{note}', '```{code-cell} python', ':tags: [x]', '```', '+++', '(t)=', '{: .c }', '{{< hint >}}', '{{< /hint >}}', '{{< youtube x >}}', '![a](b){ width=3 }', '', 'text', '# Title'),
      fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, ' ')),
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
      const text = lines.join('\n');
      expect(standardMarkdown(text).text.split('\n')).toHaveLength(text.split('\n').length);
    }), { numRuns: 400 });
  });
});

const SYNTAX_SHOWN = /\[\[|\]\]|%%|\[!\w|\+---|\+===|----- |\{r\}|\{python|\{mermaid\}|#\||\[\^|!!!|\?\?\?|:::|\{\{|\}\}|\{code-cell\}|\{note\}|\{admonition\}|\+\+\+|\{:|\)=|:tags:|:width:|width=/;

describe('courses written in dialects, built and looked at in Chromium', () => {
  const dir = 'tests/fixtures/dialects';
  const courses = readdirSync(dir).filter((f) => f.endsWith('.md'));
  let out = '';
  let run: CliRun;

  beforeAll(async () => {
    ({ dir: out, run } = await buildInto([dir], ['--no-pdf']));
  }, 120_000);
  it('builds them all without a warning', () => {
    expect(run.code).toBe(0);
    expect(run.err.filter((l) => /warning|error/.test(l))).toEqual([]);
  });

  it.each(courses)('%s: boxes drawn as boxes, no syntax shown as text, no word lost, nothing past the edge', async (file) => {
    const name = file.replace(/\.md$/, '');
    const manifest = JSON.parse(readFileSync(join(out, name, 'manifest.json'), 'utf8')) as Manifest;
    let shown = '';
    let boxes = 0;
    for (const deck of manifest.decks) {
      const inspection = await inspectDeck(join(out, name, deck.html));
      expect(inspection.overflowing, deck.html).toEqual([]);
      expect(inspection.minFontPx).toBeGreaterThanOrEqual(16);
      expect(inspection.text).not.toMatch(SYNTAX_SHOWN);
      shown += `\n${inspection.text}`;
      boxes += (readFileSync(join(out, name, deck.html), 'utf8').match(/<blockquote>/g) ?? []).length;
    }
    expect(boxes).toBeGreaterThanOrEqual(2);
    if (name === 'pandoc') {
      // Definitions as a list of terms, footnotes as raised numbers with their notes on the slide.
      const html = manifest.decks.map((d) => readFileSync(join(out, name, d.html), 'utf8')).join('');
      expect(html.match(/<dt>/g) ?? []).toHaveLength(2);
      expect(html).toMatch(/message<sup>1<\/sup>/);
      expect(html).toMatch(/<small><sup>2<\/sup> Also called the index, as <code>git diff --cached<\/code> shows\.<\/small>/);
      // A line block: its lines as written, one under the other, the indent kept, no bar shown.
      expect(html).toMatch(/Add the login form<br \/>\n\u00a0<br \/>\n\u00a0{4}Checks the password on the server,(<br \/>)?\nnever in the page\.<br \/>\nCloses #12/);
      expect(shown).not.toMatch(/\| (Add|Closes)/);
    }
    if (name === 'quarto') {
      // A chunk of Mermaid is drawn as a diagram (its labels in the picture), not shown as its source.
      expect(shown).not.toMatch(/graph LR|-->/);
      const html = manifest.decks.map((d) => readFileSync(join(out, name, d.html), 'utf8')).join('');
      expect(html.match(/<svg data-marp-mermaid/g) ?? []).toHaveLength(1);
    }
    if (name === 'obsidian') {
      // Obsidian's comments are the teacher's: in no file the class gets; a picture named alone is embedded.
      for (const deck of manifest.decks) expect(readFileSync(join(out, name, deck.html), 'utf8')).not.toMatch(/Private|struggled|remembers|microscope/);
      expect(shown).toMatch(/Chapter 2 - DNA.*cell division/);
      expect(manifest.decks.map((d) => readFileSync(join(out, name, d.html), 'utf8')).join('')).toMatch(/<img[^>]+src="data:image\/png;base64,/);
    }
    expect(lostWords(withoutSyntax(readFileSync(join(dir, file), 'utf8')), shown)).toEqual([]);
  });
});

describe('HTML a slide cannot show', () => {
  it('leaves autolinks alone (<https://…>, <prof@ecole.fr>): Markdown makes them links', () => {
    const text = 'Le site : <https://progserv1.example.ch>, écrire à <prof@ecole.fr>.';
    const { markdown, changes } = showableHtml(text, SHOWN_HTML);
    expect(markdown).toBe(text);
    expect(changes).toEqual([]);
  });

  it('still takes the tags off an element it cannot show, and says so', () => {
    const { markdown, changes } = showableHtml('Un <blink>clignotant</blink>.', SHOWN_HTML);
    expect(markdown).toBe('Un clignotant.');
    // One warning an element, not one a tag; a closing tag with no opening one is said too.
    expect(changes.map((c) => c.message)).toEqual([expect.stringContaining('<blink>')]);
    const font = showableHtml('Du <font color="red">rouge</font> et du <font color="blue">bleu</font>, puis </blink>.', SHOWN_HTML);
    expect(font.markdown).toBe('Du rouge et du bleu, puis .');
    expect(font.changes.map((c) => c.found)).toEqual(['<font color="red">', '<font color="blue">', '</blink>']);
  });
});
