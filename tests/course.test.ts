import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from '../src/course/front-matter.ts';
import { detectLanguage } from '../src/course/language.ts';
import { parseCourse, plainTitle } from '../src/course/course.ts';
import { sectionDecks, wholeCourseDeck } from '../src/course/deck.ts';
import { deckMarkdown } from '../src/course/marp-markdown.ts';
import { shortTitle, slugify } from '../src/course/slug.ts';

const parse = (md: string) => parseCourse(md, 'cours.md');
const titles = (md: string) => parse(md).course.sections.map((s) => [s.number, s.title, s.slides.map((x) => x.title)]);

describe('sections', () => {
  it('starts sections only at numbered ## headings when some are numbered', () => {
    const md = `# 🐳 Cours\n\n## 1. Premier\n\n### A\ntexte\n\n## À quoi ça sert ?\nligne\n\n## 2) Second\n### B\n- x\n`;
    expect(titles(md)).toEqual([
      ['1', 'Premier', ['A', 'À quoi ça sert ?']],
      ['2', 'Second', ['B']],
    ]);
  });

  it('makes every ## a section when none is numbered', () => {
    expect(titles('# C\n\n## Un\n### a\nx\n## Deux\n### b\ny\n')).toEqual([
      [undefined, 'Un', ['a']],
      [undefined, 'Deux', ['b']],
    ]);
  });

  it('turns content directly under a section heading into a slide titled after the section', () => {
    const { sections } = parse('# C\n## 1. Intro\nDu texte.\n### Suite\nEncore.\n').course;
    expect(sections[0]?.slides.map((s) => [s.title, s.body])).toEqual([['Intro', 'Du texte.'], ['Suite', 'Encore.']]);
  });

  it('opens the next section with a # chapter written between ## sections, and what follows it, instead of ending the one before', () => {
    const md = '# Algo\n\n# Chapitre 1\n\n## Tris\n\n### a\nx\n\n## Insertion\n\ny\n\n# Chapitre 2\n\nUne introduction.\n\n### Plan\n\n- un\n\n## Recherche\n\nz\n\n# Annexe\n\nFin.\n';
    expect(titles(md)).toEqual([
      [undefined, 'Tris', ['Chapitre 1', 'a']],
      [undefined, 'Insertion', ['Insertion']],
      [undefined, 'Recherche', ['Chapitre 2', 'Plan', 'Recherche', 'Annexe']],
    ]);
    expect(parse(md).course.opening).toEqual([]);
  });

  it('keeps content before the first section as the opening', () => {
    const { course } = parse('# C\nBienvenue à tous.\n## 1. Un\n### a\nx\n');
    expect(course.opening.map((s) => s.body)).toEqual(['Bienvenue à tous.']);
  });

  it('takes the course title from the first H1 without its emoji, and keeps the heading as written', () => {
    const { course } = parse('# 🐳 Docker - Cours\n## 1. A\nx\n');
    expect(course.title).toBe('Docker - Cours');
    expect(course.heading).toBe('🐳 Docker - Cours');
  });
});

describe('slides', () => {
  it('breaks slides at --- and ignores a trailing one', () => {
    const { sections } = parse('# C\n## 1. S\n### A\nun\n\n---\n\ndeux\n\n---\n').course;
    expect(sections[0]?.slides.map((s) => [s.title, s.body])).toEqual([['A', 'un'], ['A', 'deux']]);
  });

  it('turns HTML comments into speaker notes, even over several lines', () => {
    const { sections } = parse('# C\n## 1. S\n### A\ntexte\n<!-- dire bonjour -->\n<!--\nligne 1\nligne 2\n-->\n').course;
    expect(sections[0]?.slides[0]).toMatchObject({ body: 'texte', notes: ['dire bonjour', 'ligne 1\nligne 2'] });
  });

  it('does not read headings, breaks or comments inside code fences', () => {
    const md = '# C\n## 1. S\n### A\n```bash\n# commentaire\n---\n<!-- x -->\n```\n';
    const slide = parse(md).course.sections[0]?.slides[0];
    expect(slide?.body).toBe('```bash\n# commentaire\n---\n<!-- x -->\n```');
    expect(slide?.notes).toEqual([]);
  });

  it('keeps single line breaks of the teacher (one item per line, no bullets)', () => {
    const md = '# C\n## 1. S\n### A\nLivraison rapide\nDéploiement réactif\n';
    const [deck] = sectionDecks(parse(md).course);
    expect(deckMarkdown(deck!, { theme: 'docker' })).toContain('Livraison rapide\nDéploiement réactif');
  });

  it('records the source line of each slide', () => {
    const { sections } = parse('---\ntitle: T\n---\n# C\n## 1. S\n### A\nx\n### B\ny\n').course;
    expect(sections[0]?.slides.map((s) => s.line)).toEqual([6, 8]);
  });
});

describe("a course's language, when the front matter does not say", () => {
  it('is the one whose small words are the most frequent, counted as whole words', () => {
    const small: Record<string, string[]> = { fr: ['le', 'la', 'est', 'et', 'dans'], en: ['the', 'and', 'is', 'of', 'it'], de: ['der', 'und', 'für', 'ist'], es: ['el', 'los', 'y', 'con'] };
    const word = fc.constantFrom(...Object.values(small).flat(), 'élève', 'lettre', 'theme', 'isle', 'andere', 'Für', 'ÉT', "l'", 'd’un', 'x2', 'ñandú');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.constantFrom(' ', '', '-', '\n', 'é', '\u0301')), { maxLength: 30 }), (pairs) => {
        const text = pairs.map(([w, sep]) => w + sep).join('');
        // The ruler: every run of letters, lowered, counted against the small words.
        const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
        const scores = Object.entries(small).map(([lang, list]) => [lang, words.filter((w) => list.includes(w)).length] as const);
        const best = Math.max(...scores.map(([, n]) => n));
        const found = detectLanguage(text);
        if (best === 0) expect(found).toBe('en');
        else expect(scores.find(([lang]) => lang === found)?.[1]).toBe(best);
      }),
      { numRuns: 300 },
    );
  });
});

describe('front matter', () => {
  it('is split off where a line --- or ... closes it, the body kept byte for byte, whatever the lines', () => {
    // The ruler: the text split into all its lines, the first closing line looked for among them.
    const line = fc.constantFrom('---', '--- ', '----', '...', 'title: Cours', 'lang: fr', 'handout: 2', '', ' ', 'Texte', '## Partie', 'a: b: c');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, newline) => {
        const text = lines.join('\n') + (newline ? '\n' : '');
        const all = text.split('\n');
        const split = splitFrontMatter(text, 'c.md');
        const end = all.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
        if (!/^---\s*$/.test(all[0]!)) expect([split.body, split.bodyLine, split.diagnostics]).toEqual([text, 1, []]);
        else if (end < 0) expect(split.diagnostics[0]?.message).toMatch(/never closed/);
        else expect([split.body, split.bodyLine]).toEqual([all.slice(end + 1).join('\n'), end + 2]);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the settings it knows and reports bad values with their line', () => {
    const { course, diagnostics } = parse('---\ntitle: Mon cours\nlang: en\nhandout: 5\n---\n# C\n## 1. S\nx\n');
    expect(course.settings).toMatchObject({ title: 'Mon cours', lang: 'en' });
    expect(diagnostics).toEqual([expect.objectContaining({ line: 4, severity: 'error', message: expect.stringContaining('handout') })]);
  });

  it('reads a part\'s own duration from <!-- duration: 20 --> (or durée), not as a speaker note', () => {
    const { sections } = parse('---\nduration: 55\n---\n# C\n## 1. S\n<!-- durée : 20 min -->\n### A\nx\n<!-- une note -->\n## 2. T\n### B\n```\n<!-- duration: 5 -->\n```\n').course;
    expect(sections.map((s) => s.duration)).toEqual([20, undefined]);
    expect(sections[0]!.slides.flatMap((s) => s.notes)).toEqual(['une note']);
    expect(sections[1]!.slides[0]!.body).toContain('<!-- duration: 5 -->');
  });

  it("reads a lesson's duration in minutes, and reports one that is not", () => {
    const { course, diagnostics } = parse('---\nduration: 55\n---\n# C\n## 1. S\nx\n');
    expect(Number(course.settings.duration)).toBe(55);
    expect(diagnostics).toEqual([]);
    const wrong = parse('---\nduration: une heure\n---\n# C\n## 1. S\nx\n').diagnostics;
    expect(wrong).toEqual([expect.objectContaining({ line: 2, severity: 'error', message: expect.stringContaining('minutes') })]);
  });

  it('reports invalid YAML in one line: file, line, what, what to do — no parser jargon or second position', () => {
    const { diagnostics } = parse('---\ntitle: "unterminated\nlang: fr\n---\n# C\n');
    expect(diagnostics).toEqual([{ file: 'cours.md', line: 2, severity: 'error', message: 'the front matter cannot be read: a quote or bracket is never closed — write one "key: value" per line between the --- lines' }]);
    const indented = parse('---\ntitle: Cours\n  lang: fr\n---\n# C\n').diagnostics;
    expect(indented).toHaveLength(1);
    expect(indented[0]!.message).not.toMatch(/\n|column|implicit|scalar/i);
  });

  it('reads "title: Réseaux : les bases" as that text, with one warning', () => {
    const { course, diagnostics } = parse('---\ntitle: Réseaux : les bases\nauthor: Mme Durand : TP\n---\n# C\n## 1. S\nx\n');
    expect(course.settings).toMatchObject({ title: 'Réseaux : les bases', author: 'Mme Durand : TP' });
    expect(diagnostics).toEqual([{ file: 'cours.md', line: 2, severity: 'warning', message: expect.stringMatching(/^front matter "title" holds ": ", .* put the value in quotes to silence this$/) }]);
  });

  it('reports a misspelt key with the nearest known one, and leaves Marp directives and other metadata alone', () => {
    const { diagnostics } = parse('---\ntittle: Cours\nhandot: 2\npaginate: true\ndate: 2026-01-01\n---\n# C\n## 1. S\nx\n');
    expect(diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([
      [2, 'warning', 'front matter "tittle" is not a setting Estrade knows — did you mean "title"?'],
      [3, 'warning', 'front matter "handot" is not a setting Estrade knows — did you mean "handout"?'],
    ]);
  });

  it('detects French when the front matter is silent', () => {
    expect(parse('# Cours\n## 1. Les bases\nLe conteneur est une unité de la plateforme et des images.\n').course.lang).toBe('fr');
    expect(parse('# Course\n## 1. Basics\nThe container is the unit of the platform and it is light.\n').course.lang).toBe('en');
  });
});

describe('reference links', () => {
  it('are links on every slide of every deck, wherever the course defines them (often at its end)', async () => {
    const { createEngine, renderDeck } = await import('../src/render/marp.ts');
    const { readFileSync } = await import('node:fs');
    const md = '# Cours\n\nSous licence [CC BY-SA][licence].\n\n## 1. Un\n\n### A\nVoir [la doc][Doc PHP] et [le site].\n\n## 2. Deux\n\n### B\nTexte.\n\n<!-- URLs -->\n\n[licence]:\n\thttps://example.org/LICENSE.md\n[doc php]: https://www.php.net/manual/fr/ "Manuel"\n[le site]: <https://example.org/un chemin>\n';
    const { course } = parse(md);
    const engine = createEngine([readFileSync('themes/estrade.css', 'utf8')]);
    for (const deck of [...sectionDecks(course), wholeCourseDeck(course)]) {
      const { html } = renderDeck(engine, deckMarkdown(deck, { theme: 'estrade' }));
      expect(html, deck.name).not.toMatch(/\]\[|\[le site\]/);
      if (deck.index !== 2) {
        expect(html).toContain('href="https://example.org/LICENSE.md"');
        expect(html).toContain('href="https://www.php.net/manual/fr/" title="Manuel"');
        expect(html).toContain('href="https://example.org/un%20chemin"');
      }
    }
  });
});

describe('decks', () => {
  const md = '---\nlang: fr\n---\n# 🐳 Docker\n## 1. Premier : intro\n### A\na\n### B\nb\n### C\nc\n## 2. Second\n### D\nd\n';
  const { course } = parse(md);

  it('opens each section deck with a section slide and adds an agenda from three slides on', () => {
    const [first, second] = sectionDecks(course);
    expect(first?.slides.map((s) => s.kind)).toEqual(['section', 'agenda', 'content', 'content', 'content']);
    expect(first?.slides[0]?.body).toBe('Partie 1 · 🐳 Docker');
    expect(first?.slides[1]?.body).toBe('1. A\n2. B\n3. C');
    expect(second?.slides.map((s) => s.kind)).toEqual(['section', 'content']);
  });

  it('names decks NN-slug after the section', () => {
    expect(sectionDecks(course).map((d) => d.name)).toEqual(['01-premier', '02-second']);
  });

  it('builds the whole course with a title slide and the list of sections', () => {
    const whole = wholeCourseDeck(course);
    expect(whole.slides.slice(0, 2).map((s) => [s.kind, s.title])).toEqual([['title', '🐳 Docker'], ['agenda', 'Sommaire']]);
    expect(whole.slides.filter((s) => s.kind === 'content')).toHaveLength(4);
  });

  it('says one title everywhere: the front matter one on the title slide, the heading kept below it', () => {
    const given = parse('---\ntitle: Conteneurs\nauthor: Mme Martin\n---\n# 🐳 Docker pour les débutants\n## 1. Premier\n### A\na\n').course;
    const slide = wholeCourseDeck(given).slides[0]!;
    expect([slide.kind, slide.title]).toEqual(['title', 'Conteneurs']);
    expect(slide.body).toBe('**🐳 Docker pour les débutants**\n\nMme Martin');
    // The same words as the heading, an emoji aside: nothing to add under the title.
    const same = parse('---\ntitle: Docker\n---\n# 🐳 Docker\n## 1. Premier\n### A\na\n').course;
    expect(wholeCourseDeck(same).slides[0]).toMatchObject({ title: 'Docker', body: '' });
    expect(wholeCourseDeck(course).slides[0]).toMatchObject({ title: '🐳 Docker', body: '' });
  });

  it('puts an introduction of a few lines on the title slide, and titles a longer one', () => {
    const lead = 'Ce cours présente les conteneurs\net leur usage en classe.';
    const short = parse(`---\nlang: fr\nauthor: M. Durand\n---\n# Docker\n\n${lead}\n\n## 1. Premier\n### A\na\n`).course;
    for (const deck of [wholeCourseDeck(short), sectionDecks(short)[0]!]) {
      expect(deck.slides[0]).toMatchObject({ kind: 'title', body: `${lead}\n\nM. Durand` });
      expect(deck.slides.filter((s) => s.kind === 'content' && !s.title)).toEqual([]);
    }
    for (const [lang, intro, word] of [['fr', 'Un.\n\nDeux.', 'Introduction'], ['de', '- eins\n- zwei', 'Einführung'], ['it', 'x '.repeat(200), 'Introduzione']] as const) {
      const long = parse(`---\nlang: ${lang}\n---\n# Kurs\n\n${intro}\n\n## 1. Erster\n### A\na\n`).course;
      const slides = wholeCourseDeck(long).slides;
      expect(slides[0]!.body, lang).toBe('');
      expect(slides[1], lang).toMatchObject({ kind: 'content', title: word, body: intro.trim() });
    }
  });

  it('writes Marp Markdown with theme, language, page title and layout classes', () => {
    const text = deckMarkdown(sectionDecks(course)[0]!, { theme: 'docker' });
    expect(text).toMatch(/^---\nmarp: true\ntheme: docker\npaginate: true\nlang: fr\ntitle: "Docker — Premier : intro"/);
    expect(text).toContain('<!-- _class: "section" -->');
    expect(text).toContain('<!-- _class: "agenda" -->');
    expect(text.split('\n---\n')).toHaveLength(5 + 1);
  });
});

describe('titles and slugs', () => {
  it('cuts a long question title at its first question mark', () => {
    const t = "Qu'est-ce que Docker ? A quoi sert t-il ? Ses Avantages et ses incovenients ...";
    expect(shortTitle(t)).toBe("Qu'est-ce que Docker ?");
    expect(slugify(t)).toBe('qu-est-ce-que-docker');
    expect(slugify('Écosystème Docker')).toBe('ecosysteme-docker');
    expect(slugify("Cas d'Usage")).toBe('cas-d-usage');
  });

  it('strips emoji from plain titles', () => {
    expect(plainTitle('🐳 Docker 🚀 - Cours')).toBe('Docker - Cours');
  });
});

describe('French spacing on slides', () => {
  const deckOf = (md: string) => deckMarkdown(sectionDecks(parse(md).course)[0]!, { theme: 'docker' });

  it('binds punctuation in French courses, in titles and text', () => {
    const text = deckOf('---\nlang: fr\n---\n# C\n## 1. Quoi ?\n### Pourquoi ?\n- **Isolation** : oui\n');
    expect(text).toContain('## Pourquoi\u202F?');
    expect(text).toContain('**Isolation**\u00A0: oui');
  });

  it('leaves English courses and courses that turn it off alone', () => {
    expect(deckOf('---\nlang: en\n---\n# C\n## 1. What ?\n### Why ?\nYes : no\n')).toContain('## Why ?');
    expect(deckOf('---\nlang: fr\ntypography: false\n---\n# C\n## 1. A\n### Pourquoi ?\nx\n')).toContain('## Pourquoi ?');
  });
});

describe('dark variant', () => {
  it('puts the course class on every slide, layouts included', () => {
    const text = deckMarkdown(sectionDecks(parse('---\nclass: invert\n---\n# C\n## 1. A\n### a\nx\n### b\ny\n### c\nz\n').course)[0]!, { theme: 'docker' });
    expect(text).toContain('class: "invert"');
    expect(text).toContain('<!-- _class: "section invert" -->');
    expect(text).toContain('<!-- _class: "agenda invert" -->');
  });
});

describe('titles as teachers write them', () => {
  it('drops Pandoc and kramdown heading ids from titles, file names and footers', () => {
    const { course } = parse('# Réseaux {#top}\n\n## 1. Le modèle OSI {#modele-osi}\n\n### Les couches {: .important}\nTexte.\n');
    expect(course.title).toBe('Réseaux');
    expect(course.sections[0]!.title).toBe('Le modèle OSI');
    expect(course.sections[0]!.slides[0]!.title).toBe('Les couches');
    const [deck] = sectionDecks(course);
    expect(deck!.name).toBe('01-le-modele-osi');
    expect(deck!.footer).not.toContain('{');
  });

  it('does not take a heading that is only a link ("Retour au menu") as the course title', () => {
    const { course } = parse('# [Retour au menu](../index.md)\n\n# Kubernetes\n\n## 1. Pods\n\nTexte.\n');
    expect(course.title).toBe('Kubernetes');
  });

  it('reads several # chapters with no ## as sections', () => {
    const { course, diagnostics } = parse('# Algorithmique\n\nIntro.\n\n# Tris\n\nTri à bulles.\n\n# Graphes\n\nParcours.\n');
    expect(diagnostics).toEqual([]);
    expect(course.title).toBe('Algorithmique');
    expect(course.sections.map((s) => s.title)).toEqual(['Tris', 'Graphes']);
  });

  it('gives English footers English punctuation: "Why Kubernetes?", not "Why Kubernetes ?"', () => {
    const { course } = parse('---\nlang: en\n---\n# Cloud\n\n## 1. Why Kubernetes? A short history\n\nText.\n');
    expect(sectionDecks(course)[0]!.footer).toBe('Cloud · Why Kubernetes?');
    const fr = parse('# Nuage\n\n## 1. Pourquoi Kubernetes ? Une histoire\n\nLe texte est en français et la plateforme aussi.\n').course;
    expect(sectionDecks(fr)[0]!.footer).toBe('Nuage · Pourquoi Kubernetes ?');
  });
});
