// Courses made of what teachers write, for property tests: sections of slides of every kind of
// block the dialects hold (MkDocs, Pandoc, MyST, Obsidian, Quarto, HTML by hand), written at random.
import fc from 'fast-check';

export const word = fc.constantFrom('conteneur', 'image', 'réseau', 'données', 'serveur', 'client', 'élève', 'couche', 'volume', 'port', 'docker', 'système', 'fichier', 'mémoire', 'processus', 'noyau', 'cours', 'exemple');
export const words = (min: number, max: number) => fc.array(word, { minLength: min, maxLength: max }).map((w) => w.join(' '));
export const sentence = words(3, 14).map((s) => `${s[0]!.toUpperCase()}${s.slice(1)}.`);

/** What a box may hold. */
const inner = fc.oneof(
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' ')),
  fc.array(words(1, 8), { minLength: 2, maxLength: 9 }).map((items) => items.map((i) => `- ${i}`).join('\n')),
  fc.array(words(1, 5), { minLength: 1, maxLength: 16 }).map((lines) => ['```sh', ...lines.map((l) => `echo ${l}`), '```'].join('\n')),
);

export const block = fc.oneof(
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' ')),
  fc.array(words(1, 8), { minLength: 2, maxLength: 9 }).map((items) => items.map((i) => `- ${i}`).join('\n')),
  fc.array(words(1, 6), { minLength: 2, maxLength: 6 }).map((items) => items.map((i, k) => `${k + 1}. ${i}`).join('\n')),
  fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 9 }), word).map(([cols, rows, w]) =>
    [`| ${Array.from({ length: cols }, (_, c) => `${w}${c}`).join(' | ')} |`, `|${' --- |'.repeat(cols)}`, ...Array.from({ length: rows }, (_, r) => `| ${Array.from({ length: cols }, (_, c) => `v${r}x${c}`).join(' | ')} |`)].join('\n')),
  fc.array(words(1, 5), { minLength: 1, maxLength: 16 }).map((lines) => ['```sh', ...lines.map((l) => `echo ${l}`), '```'].join('\n')),
  fc.constant('$$\nE = m c^2\n$$'),
  sentence.map((s) => `<!-- ${s} -->`),
  words(2, 6).map((s) => `<b>${s}</b>`),
  // Paragraphs of HTML written by hand, one per line.
  fc.array(sentence, { minLength: 1, maxLength: 14 }).map((s) => s.map((x) => `<p>${x}</p>`).join('\n')),
  // The dialects' boxes (MkDocs, Pandoc, MyST), their bodies made of the blocks above.
  fc.tuple(fc.constantFrom('!!! note', '??? tip', '???+ warning'), words(1, 4), fc.array(inner, { minLength: 1, maxLength: 3 }))
    .map(([mark, title, body]) => `${mark} "${title}"\n${body.join('\n\n').split('\n').map((l) => (l ? `    ${l}` : '')).join('\n')}`),
  fc.tuple(fc.constantFrom('callout', 'solution', 'objectives'), fc.array(inner, { minLength: 1, maxLength: 3 })).map(([kind, body]) => `::: ${kind}\n${body.join('\n\n')}\n:::`),
  // MyST nests fences by length: a directive that holds code opens with more backticks than the code.
  fc.array(inner, { minLength: 1, maxLength: 3 }).map((body) => `\`\`\`\`{note}\n${body.join('\n\n')}\n\`\`\`\``),
  // Pandoc's and PHP Markdown Extra's forms: definition lists, footnotes (a label may be called or
  // defined twice, or never called), highlights and line blocks.
  fc.array(fc.tuple(words(1, 3), sentence), { minLength: 1, maxLength: 3 }).map((terms) => terms.map(([term, definition]) => `${term}\n: ${definition}`).join('\n\n')),
  fc.tuple(sentence, fc.constantFrom('1', '2', 'note'), sentence, fc.boolean()).map(([text, label, note, called]) => `${called ? text.replace(/\.$/, `[^${label}].`) : text}\n\n[^${label}]: ${note}`),
  fc.tuple(words(1, 4), words(1, 3), words(1, 4)).map(([a, marked, b]) => `${a} ==${marked}== ${b}.`),
  fc.array(words(1, 6), { minLength: 2, maxLength: 6 }).map((lines) => lines.map((l) => `| ${l}`).join('\n')),
  // A link with kramdown's or Pandoc's attributes after it.
  fc.tuple(words(1, 4), words(1, 3), fc.constantFrom('{:target="_blank"}', '{.bouton}', '{#lien}')).map(([a, text, attrs]) => `${a} [${text}](https://exemple.fr/page)${attrs}.`),
  // A lead-in wrapped by hand before its French colon, then what it announces.
  fc.tuple(words(3, 10), fc.array(words(1, 6), { minLength: 1, maxLength: 5 })).map(([lead, items]) => `${lead}\n:\n\n${items.map((i) => `- ${i}`).join('\n')}`),
  // Obsidian: a callout with its title, links to notes, a comment of the teacher's inside a line and on lines of its own.
  fc.tuple(fc.constantFrom('note', 'tip', 'warning'), fc.constantFrom('', '-', '+'), words(1, 3), fc.array(inner, { minLength: 1, maxLength: 2 }))
    .map(([kind, fold, title, body]) => [`> [!${kind}]${fold} ${title}`, ...body.join('\n\n').split('\n').map((l) => (l ? `> ${l}` : '>'))].join('\n')),
  fc.tuple(words(1, 4), word, words(1, 2), sentence).map(([a, page, shown, note]) => `${a} [[${page}]] et [[${page}#Partie|${shown}]] %%${note}%% fin.\n\n%% ${note} %%`),
  // A table written in HTML, its header a row of <th> or a <thead>.
  fc.tuple(fc.boolean(), fc.array(fc.tuple(word, words(1, 4)), { minLength: 1, maxLength: 14 })).map(([thead, rows]) =>
    ['<table>', thead ? '<thead><tr><th>Terme</th><th>Sens</th></tr></thead>' : '<tr><th>Terme</th><th>Sens</th></tr>', ...rows.map(([a, b]) => `<tr><td>${a}</td><td>${b}</td></tr>`), '</table>'].join('\n')),
  // A table as wide as a teacher's spreadsheet: 6 to 10 columns of words.
  fc.tuple(fc.integer({ min: 6, max: 10 }), fc.integer({ min: 1, max: 12 }), word).map(([cols, rows, w]) =>
    [`| ${Array.from({ length: cols }, (_, c) => `${w}${c}`).join(' | ')} |`, `|${' --- |'.repeat(cols)}`, ...Array.from({ length: rows }, (_, r) => `| ${Array.from({ length: cols }, (_, c) => `v${r}x${c}`).join(' | ')} |`)].join('\n')),
  // Pandoc's tables: simple (a header over groups of dashes) and grid (+---+ borders, a cell over two lines).
  fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 12 }).map((rows) => [`${'Terme'.padEnd(14)}Sens`, `${'-'.repeat(12)}  ${'-'.repeat(12)}`, ...rows.map(([a, b]) => `${a.padEnd(14)}${b}`)].join('\n')),
  fc.array(fc.tuple(word, word, word), { minLength: 1, maxLength: 8 }).map((rows) => ['+----------------+----------------+', '| Terme          | Sens           |', '+================+================+', ...rows.flatMap(([a, b, c]) => [`| ${a.padEnd(15)}| ${b.padEnd(15)}|`, `|                | ${c.padEnd(15)}|`, '+----------------+----------------+'])].join('\n')),
  // Code indented four spaces, up to a long console listing; an R Markdown or Quarto chunk with its options.
  fc.array(words(1, 6), { minLength: 1, maxLength: 40 }).map((lines) => lines.map((l) => `    $ ${l}`).join('\n')),
  fc.tuple(fc.constantFrom('{r}', '{python echo=FALSE}', '{r setup, include=FALSE}'), fc.array(words(1, 5), { minLength: 1, maxLength: 20 }))
    .map(([chunk, lines]) => ['```' + chunk, '#| echo: false', ...lines.map((l) => `# ${l}`)].join('\n') + '\n```'),
  // Diagrams: a flowchart from top to bottom, up to very tall, or from left to right; as a Markdown
  // fence, or a Quarto chunk.
  fc.tuple(fc.constantFrom('TD', 'LR'), fc.array(words(1, 3), { minLength: 2, maxLength: 16 }), fc.constantFrom('```mermaid', '```{mermaid}')).map(([way, labels, fence]) =>
    [fence, `graph ${way}`, ...labels.slice(1).map((label, k) => `  n${k}[${k ? '' : `${labels[0]}`}] --> n${k + 1}[${label}]`.replace(/\[\]/, ''))].join('\n') + '\n```'),
  // A console line of 200 characters; a table of 40 to 60 rows.
  fc.array(word, { minLength: 24, maxLength: 30 }).map((w) => ['```sh', `echo ${w.join(' ')}`, '```'].join('\n')),
  fc.tuple(fc.integer({ min: 40, max: 60 }), word).map(([rows, w]) =>
    [`| ${w} | valeur |`, '| --- | --- |', ...Array.from({ length: rows }, (_, r) => `| ligne${r} | v${r} |`)].join('\n')),
  // Displayed maths as LaTeX writes it, with no dollars (Jupyter, MathJax).
  fc.constantFrom('\\begin{align}\na &= b + c \\\\\nd &= e f\n\\end{align}', '\\begin{equation}\nF = m a\n\\end{equation}'),
);

const slide = fc.tuple(fc.option(words(1, 5), { nil: undefined }), fc.array(block, { minLength: 1, maxLength: 4 }))
  .map(([title, blocks]) => `${title ? `### ${title[0]!.toUpperCase()}${title.slice(1)}\n\n` : ''}${blocks.join('\n\n')}`);

const section = fc.tuple(fc.boolean(), words(1, 5), fc.array(slide, { minLength: 1, maxLength: 4 }));

export const course = fc.record({
  sections: fc.array(section, { minLength: 1, maxLength: 3 }),
  // How its sections are headed: `##`, underlined (setext, older notes and Pandoc), or `#` chapters with no `##` at all.
  headings: fc.constantFrom('atx', 'atx', 'setext', 'chapters'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  legacy: fc.boolean(),
});

export interface GeneratedCourse {
  sections: [boolean, string, string[]][];
  headings?: 'atx' | 'setext' | 'chapters';
  crlf: boolean;
  bom: boolean;
  legacy: boolean;
}

export function bytesOf(c: GeneratedCourse): { text: string; bytes: Buffer } {
  // Numbered sections throughout, or plain ones throughout: a mix means something else (DESIGN).
  // Underlined, "1. Title" would be a list item: such sections are not numbered.
  const numbered = c.sections[0]![0] && c.headings !== 'setext';
  const heading = (level: 1 | 2, title: string) =>
    c.headings === 'setext' ? `${title}\n${(level === 1 ? '=' : '-').repeat(Math.max(3, title.length))}` : `${c.headings === 'chapters' ? '#' : '#'.repeat(level)} ${title}`;
  const text = [heading(1, `Cours de ${c.sections[0]![1]}`), ...c.sections.map(([, title, slides], i) => `${heading(2, `${numbered ? `${i + 1}. ` : ''}${title[0]!.toUpperCase()}${title.slice(1)}`)}\n\n${slides.join('\n\n')}`)].join('\n\n') + '\n';
  const lines = c.crlf ? text.replace(/\n/g, '\r\n') : text;
  const body = c.legacy ? Buffer.from(lines, 'latin1') : Buffer.from(lines, 'utf8');
  return { text, bytes: c.bom && !c.legacy ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body };
}
