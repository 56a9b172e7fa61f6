// What Pandoc and PHP Markdown Extra add to Markdown, that slides showed as text: footnotes (`[^1]`
// with its `[^1]: note`), definition lists (`Term` with `: definition`), ==highlight==, H~2~O, x^2^
// and *[HTML]: abbreviations.
import { describe, expect, it } from 'vitest';
import { composePieces, slicePieces } from '../src/course/blocks.ts';
import { parseCourse } from '../src/course/course.ts';
import { fencedLines } from '../src/course/fences.ts';
import { takeFootnotes, withFootnotes } from '../src/course/footnotes.ts';
import { createEngine, renderDeck } from '../src/render/marp.ts';

const course = (body: string, front = 'lang: fr\n') => parseCourse(`---\n${front}---\n# Cours\n\n## 1. Partie\n\n${body}`, 'c.md');
const bodies = (body: string, front?: string) => course(body, front).course.sections.flatMap((s) => s.slides.map((slide) => slide.body));

describe('footnotes', () => {
  it('writes each note at the bottom of the slides that call it, numbered by first call, and nowhere else', () => {
    const slides = bodies('### Un\n\nUn mot[^b] et un autre[^a].\n\n### Deux\n\nRien ici.\n\n### Trois\n\nEncore le premier[^b].\n\n[^a]: La note A.\n[^b]: La note B,\n    sur deux lignes.\n');
    expect(slides).toEqual([
      'Un mot<sup>1</sup> et un autre<sup>2</sup>.\n\n<small><sup>1</sup> La note B, sur deux lignes.</small><br>\n<small><sup>2</sup> La note A.</small>',
      'Rien ici.',
      'Encore le premier<sup>1</sup>.\n\n<small><sup>1</sup> La note B, sur deux lignes.</small>',
    ]);
  });

  it("writes a note called in a slide's heading at the bottom of that slide, the heading without its call", () => {
    const { course, diagnostics } = parseCourse('# T\n\n## A\n\n### Dropout[^1]\n\nIt zeroes[^2].\n\n---\n\nMore.\n\n### Next `x[^1]`\n\nx\n\n[^1]: Srivastava, 2014.\n[^2]: At random.\n', 'a.md');
    expect(course.sections[0]!.slides.map((s) => [s.title, s.body])).toEqual([
      ['Dropout', 'It zeroes<sup>2</sup>.\n\n<small><sup>1</sup> Srivastava, 2014.</small><br>\n<small><sup>2</sup> At random.</small>'],
      ['Dropout', 'More.'],
      ['Next `x[^1]`', 'x'],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('keeps the line numbers, and leaves code, unknown labels and Marp decks of the teacher alone', () => {
    const lines = ['Texte[^x] et `code[^x]`.', '```', 'tableau[^x]', '[^x]: dans le code', '```', '[^x]: La note.', 'Sans note[^y].'];
    const taken = takeFootnotes(lines, fencedLines(lines.join('\n')));
    expect(lines).toEqual(['Texte[^x] et `code[^x]`.', '```', 'tableau[^x]', '[^x]: dans le code', '```', '', 'Sans note[^y].']);
    expect(withFootnotes(lines.join('\n'), taken)).toBe('Texte<sup>1</sup> et `code[^x]`.\n```\ntableau[^x]\n[^x]: dans le code\n```\n\nSans note[^y].\n\n<small><sup>1</sup> La note.</small>');
    // Definitions gathered at the end under a heading: the notes are on the slides that call them,
    // and the slide that held them is gone; a slide of the teacher's with only its heading stays.
    expect(bodies('### Un\n\nMot[^n].\n\n### Notes\n\n[^n]: La note.\n')).toEqual(['Mot<sup>1</sup>.\n\n<small><sup>1</sup> La note.</small>']);
    expect(bodies('### Un\n\nMot.\n\n### Vide\n')).toEqual(['Mot.', '']);
    expect(bodies('Un mot[^n].\n\n[^n]: La note.\n', 'marp: true\n').join('')).toContain('[^n]');
  });

  it('keeps the words of a note the text never calls where they are written, and says so with its line', () => {
    const { course: parsed, diagnostics } = course('### Un\n\nMot[^a].\n\n[^a]: Appelée.\n[^oubli]: Une note\n    jamais appelée.\n');
    expect(parsed.sections[0]!.slides.map((s) => s.body)).toEqual(['Mot<sup>1</sup>.\n\n<small>Une note jamais appelée.</small>\n\n<small><sup>1</sup> Appelée.</small>']);
    // Front matter (3 lines), `# Cours`, blank, `## 1. Partie`, blank, `### Un`, blank, the text, blank, [^a], then [^oubli]: line 13.
    expect(diagnostics).toEqual([expect.objectContaining({ line: 13, severity: 'warning', message: expect.stringContaining('[^oubli]') })]);
    // A label defined twice: the first note is the one called, the second keeps its words where it is.
    const twice = course('### Un\n\nMot[^a].\n\n[^a]: La première.\n\n[^a]: La seconde.\n');
    expect(twice.course.sections[0]!.slides.map((s) => s.body)).toEqual(['Mot<sup>1</sup>.\n\n\n<small>La seconde.</small>\n\n<small><sup>1</sup> La première.</small>']);
    expect(twice.diagnostics).toEqual([expect.objectContaining({ line: 14, message: expect.stringMatching(/\[\^a\] is defined a second time/) })]);
  });
});

describe('definition lists', () => {
  it('cut a long definition after its first paragraph, then between the lines written under it', () => {
    const commands = Array.from({ length: 12 }, (_, i) => `    $ commande ${i}`);
    const pieces = slicePieces(['Terme', ': Sa définition.', '', ...commands, '', 'Après.'].join('\n'));
    expect(pieces[0]).toMatchObject({ kind: 'term', text: 'Terme\n: Sa définition.' });
    expect(pieces.slice(1, 13).map((p) => p.text)).toEqual(commands.map((c) => c.trim()));
    // Composed back after a cut: the lines read as text under one another, none lost.
    expect(composePieces(pieces.slice(5, 13)).split('\n')).toEqual(commands.slice(4).map((c) => c.trim()));
  });

  it('are drawn as terms and their definitions, and cut between their terms', () => {
    const text = 'Conteneur\n: Un processus isolé.\n\nImage\n: Son modèle, en couches.';
    const html = renderDeck(createEngine([]), `---\nmarp: true\n---\n\n${text}\n`).html;
    expect(html).toMatch(/<dl>\s*<dt>Conteneur<\/dt>\s*<dd>Un processus isolé\.<\/dd>\s*<dt>Image<\/dt>/);
    // A long one (a glossary) is cut between its terms, each with its definitions, and composed back as written.
    const pieces = slicePieces(text);
    expect(pieces.map((p) => [p.kind, p.text])).toEqual([['term', 'Conteneur\n: Un processus isolé.'], ['term', 'Image\n: Son modèle, en couches.']]);
    expect(composePieces(pieces)).toBe(text);
    // A colon alone on its line (French punctuation wrapped by hand) is a colon, not a term with nothing defined.
    const wrapped = bodies('### Un\n\nVous avez besoin de\n:\n\n- un serveur\n- un éditeur\n')[0]!;
    const drawn = renderDeck(createEngine([]), `---\nmarp: true\n---\n\n${wrapped}\n`).html;
    expect(drawn).not.toContain('<dl>');
    expect(drawn).toMatch(/Vous avez besoin de(<br \/>)?\s*:<\/p>/);
    // A teacher's own Marp deck is drawn as marp-cli draws it: no definition list there.
    expect(renderDeck(createEngine([]).forOwnDeck(false), `---\nmarp: true\n---\n\n${text}\n`).html).not.toContain('<dl>');
  });
});

describe('marks inside a line', () => {
  const render = (markdown: string, own = false) => {
    const engine = createEngine([]);
    return renderDeck(own ? engine.forOwnDeck(false) : engine, `---\nmarp: true\n---\n\n${markdown}\n`).html;
  };

  it('draws highlights, subscripts and superscripts, and keeps ~~struck~~ text struck', () => {
    const html = render("Un ==passage== et ~~ceci~~ : H~2~O, x^2^, le chemin ~/cours et 2 ~ 3.");
    expect(html).toContain('<mark>passage</mark>');
    expect(html).toContain('<s>ceci</s>');
    expect(html).toContain('H<sub>2</sub>O');
    expect(html).toContain('x<sup>2</sup>');
    expect(html).toContain('~/cours et 2 ~ 3');
    // A teacher's own Marp deck, as marp-cli draws it.
    expect(render('Un ==passage==.', true)).toContain('==passage==');
  });

  it('gives every deck of the course its abbreviations, wherever they are defined, and never shows a definition', () => {
    const { course } = parseCourse('---\nlang: fr\n---\n# Cours\n\n## 1. Un\n\n### A\n\nLe HTML ici.\n\n## 2. Deux\n\n### B\n\nLe HTML là.\n\n*[HTML]: HyperText Markup Language\n', 'c.md');
    expect(course.references).toBe('*[HTML]: HyperText Markup Language');
    for (const section of course.sections) {
      const body = section.slides.map((s) => s.body).join('\n');
      const html = render(`${body}\n\n${course.references}`);
      expect(html).toMatch(/<abbr title="HyperText Markup Language">HTML<\/abbr>/);
      expect(html).not.toContain('*[HTML]');
    }
  });
});
