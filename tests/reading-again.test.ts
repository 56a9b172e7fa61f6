// `estrade dev` reads a course again at every save, and an edit inside one section is read in that
// section only (course.ts). The rule: whatever the course and the edit, what is read is what a
// reading of the whole course gives — same slides, lines, sections, diagnostics. The ruler is a
// reading of the edited text under another name, which nothing was read under before.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCourse } from '../src/build.ts';
import { parseCourse, type ParsedCourse } from '../src/course/course.ts';
import type { Diagnostic } from '../src/course/types.ts';
import { block, bytesOf, course, sentence, word } from './helpers/generated-course.ts';

let named = 0;

/** The edited text read whole, as if for the first time, its file named as the other reading's. */
function readWhole(text: string, file: string): ParsedCourse {
  const fresh = `whole-${named++}/${file}`;
  const parsed = parseCourse(text, fresh);
  return JSON.parse(JSON.stringify(parsed).replaceAll(JSON.stringify(fresh).slice(1, -1), JSON.stringify(file).slice(1, -1))) as ParsedCourse;
}

const sorted = (p: ParsedCourse) => ({ ...p, diagnostics: [...p.diagnostics].sort((a, b) => a.line - b.line || a.message.localeCompare(b.message)) });

/** Reads `before` then `after` under one name, and checks the second reading against a whole one. */
function readsAsWhole(before: string, after: string, file = `again-${named++}/cours.md`): ParsedCourse {
  parseCourse(before, file);
  const again = parseCourse(after, file);
  expect(JSON.parse(JSON.stringify(sorted(again)))).toEqual(sorted(readWhole(after, file)));
  return again;
}

// What a teacher types in a line, and lines that may reach past their section.
const typed = fc.oneof(word, sentence, fc.constant(''), block.map((b) => b.split('\n')[0]!));
const reaching = fc.constantFrom('```', '```python', '~~~', ':::', '::: note', '<!--', '-->', '<!-- note -->', '## 9. Partie', '## Partie', '# Chapitre', '### Titre', '---', '===', '[^1]: note', 'texte[^1] ici', '[lien]: https://exemple.fr', '*[HTML]: HyperText', '%%', '!!! note "Titre"', '    indenté', '{{< hint >}}', '{{< /hint >}}', '+++', '$$', '| a | b |', '<div>', '</div>');

const edit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'insert', 'delete', 'append', 'indent', 'dedent'),
  line: fc.oneof({ weight: 3, arbitrary: typed }, { weight: 2, arbitrary: reaching }),
});

describe('a course read again after an edit', () => {
  it('reads as the whole course does, whatever the course and the edits (300 courses)', () => {
    fc.assert(
      fc.property(course, fc.constantFrom('', '---\nlang: fr\n---\n', '---\ntitle: Cours\n---\n'), fc.array(edit, { minLength: 1, maxLength: 3 }), (c, front, edits) => {
        let text = front + bytesOf(c).text;
        for (const e of edits) {
          const lines = text.split('\n');
          const at = e.at % lines.length;
          if (e.kind === 'replace') lines[at] = e.line;
          else if (e.kind === 'insert') lines.splice(at, 0, e.line);
          else if (e.kind === 'delete') lines.splice(at, 1);
          else if (e.kind === 'append') lines[at] = `${lines[at]} ${e.line}`;
          else lines[at] = e.kind === 'indent' ? `    ${lines[at]}` : lines[at]!.trimStart();
          const after = lines.join('\n');
          readsAsWhole(text, after);
          text = after;
        }
      }),
      { numRuns: Number(process.env.ESTRADE_PROPERTY_RUNS ?? 60) * 5 },
    );
  });

  it('reads only the section an edit of a sentence touched', () => {
    const text = ['# Cours', '', '## 1. Un', '', '### A', 'Le texte du cours.', '', '## 2. Deux', '', '### B', 'Une autre partie.', ''].join('\n');
    const file = 'seul/cours.md';
    const first = parseCourse(text, file);
    const again = readsAsWhole(text, text.replace('Le texte du cours.', 'Le texte du cours, retouché.'), file);
    // The section left alone is the very one read before; the edited one is new.
    expect(again.course.sections[1]).toBe(first.course.sections[1]);
    expect(again.course.sections[0]).not.toBe(first.course.sections[0]);
    expect(again.course.sections[0]!.slides[0]!.body).toBe('Le texte du cours, retouché.');
  });

  it('reads the whole course again when an edit leaves something open into the next section (a box ended early, its fence left open)', () => {
    const text = ['# Cours', '', '## Un', '', '!!! note "Titre"', '    ```sh', '    echo un', '    echo deux', '    ```', '', '## Deux', '', 'Texte [[page]] et %%secret%% fin.', ''].join('\n');
    const again = readsAsWhole(text, text.replace('    echo un', 'echo un'));
    // Read whole, the fence the box held now runs to the end: the next section's words stay as written.
    expect(again.course.sections[1]!.slides[0]!.body).toContain('%%secret%%');
  });

  it('shifts the lines of the sections below an edit that adds lines', () => {
    const text = ['# Cours', '', '## Un', '', '### A', 'Texte.', '', '## Deux', '', '### B', 'Suite.', ''].join('\n');
    const again = readsAsWhole(text, text.replace('Texte.', 'Texte.\n\nDeux lignes de plus.'));
    expect(again.course.sections[1]!.line).toBe(10);
    expect(again.course.sections[1]!.slides[0]!.line).toBe(12);
  });

  it('reads the whole course again when an edit changes its language', () => {
    const english = ['# Course', '', '## One', '', 'The cat is on the mat.', '', '## Two', '', 'Il est là.', ''].join('\n');
    const again = readsAsWhole(english, english.replace('Il est là.', 'Le chat et le chien sont dans la maison, et la souris est sur la table avec les enfants.'));
    expect(again.course.lang).toBe('fr');
  });
});

describe('a course planned again after an edit', () => {
  it("keeps the other sections' slides as planned, with their warnings, and plans the edited one anew", async () => {
    const text = ['# Cours', '', '## Un', '', '### A', 'Texte <script>alert(1)</script> ici.', '', '## Deux', '', '### B', 'Suite.', ''].join('\n');
    const bench = { themes: [], browser: undefined as never };
    const file = `planned-${named++}/cours.md`;
    const first: Diagnostic[] = [];
    const before = await planCourse(text, file, file, bench, first);
    const again: Diagnostic[] = [];
    const after = await planCourse(text.replace('Suite.', 'Suite, retouchée.'), file, file, bench, again);
    // The section left alone: its slides planned once, its warning said each time, at its line.
    expect(after.course.sections[0]).toBe(before.course.sections[0]);
    expect(again.map((d) => `${d.line} ${d.message}`)).toEqual(first.map((d) => `${d.line} ${d.message}`));
    expect(again.some((d) => d.line === 6 && /<script>/.test(d.message))).toBe(true);
    expect(after.course.sections[1]).not.toBe(before.course.sections[1]);
    expect(after.course.sections[1]!.slides[0]!.body).toBe('Suite, retouchée.');
  });
});
