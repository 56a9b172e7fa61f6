// Every kind of Mermaid diagram a teacher draws is drawn by Mermaid itself, offline, readable from
// the back of the room; a diagram Mermaid rejects is one warning with its line and shows its source.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../src/export/manifest.ts';
import { buildInto, runCli } from './helpers/build.ts';
import { inspectDeck, type DeckInspection } from './helpers/inspect.ts';
import { tempDir } from './helpers/temp.ts';
import { estradeBrowser } from './helpers/estrade-browser.ts';

const FIXTURE = 'tests/fixtures/diagrams/diagrams.md';
const kinds = [...readFileSync(FIXTURE, 'utf8').matchAll(/^```mermaid\n(\S+)/gm)].map((m) => m[1]!.replace(/;$/, ''));

describe.each([
  ['light', []],
  ['dark', ['class: invert']],
] as const)('a course with one diagram of each kind (%s)', (_name, front) => {
  let deck: DeckInspection;
  let run: Awaited<ReturnType<typeof buildInto>>['run'];
  beforeAll(async () => {
    const dir = tempDir('estrade-diagrams-');
    const course = join(dir, 'diagrams.md');
    const text = readFileSync(FIXTURE, 'utf8').replace('lang: fr', ['lang: fr', ...front].join('\n'));
    (await import('node:fs')).writeFileSync(course, text);
    const built = await buildInto([course], ['--no-pdf']);
    run = built.run;
    const manifest = JSON.parse(readFileSync(join(built.dir, 'diagrams', 'manifest.json'), 'utf8')) as Manifest;
    deck = await inspectDeck(join(built.dir, 'diagrams', manifest.decks[0]!.html));
  });

  it(`draws all ${kinds.length} (${kinds.join(', ')}) as inline SVG, each on its slide, no source shown, no warning`, () => {
    expect(kinds.length).toBeGreaterThanOrEqual(12);
    expect(run.err.filter((l) => /warning|error/.test(l))).toEqual([]);
    const content = deck.slides.slice(2);
    expect(content).toHaveLength(kinds.length);
    for (const kind of kinds) expect(deck.text, kind).not.toContain(kind === 'graph' ? 'graph TD' : kind);
    expect(deck.text).not.toMatch(/-->|->>|\|\|--o\{/);
  });

  it('keeps diagram text at 12 px or more on a 1280×720 slide, nothing overflows, no network request', () => {
    expect(deck.overflowing).toEqual([]);
    for (const [i, slide] of deck.slides.slice(2).entries()) {
      expect(slide.minDiagramPx, kinds[i]).toBeGreaterThanOrEqual(12);
    }
    expect(deck.requests.filter((u) => !/^(file|data):/.test(u))).toEqual([]);
  });
});

describe('a diagram Mermaid rejects', () => {
  it('is one warning with its line and Mermaid\'s message, the build still succeeds, and the slide shows the source', async () => {
    const out = join(tempDir('estrade-diagrams-'), 'dist');
    const run = await runCli(['build', 'tests/fixtures/diagrams/broken.md', '--no-pdf', '--out', out]);
    expect(run.code, run.err.join('\n')).toBe(0);
    const lines = run.err.filter((l) => /diagram/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tests\/fixtures\/diagrams\/broken\.md:7: warning: diagram error — Parse error on line \d+: .*got/);
    expect(run.err.join('\n')).not.toMatch(/\n\s+at /);
    const html = readFileSync(join(out, 'broken', '01-un-diagramme-casse.html'), 'utf8');
    const code = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? '';
    expect(code.replace(/<[^>]+>/g, '')).toMatch(/graph TD\s+A -->/);
  });

  it('is reported at its line under front matter, with Windows line ends', async () => {
    const dir = tempDir('estrade-diagrams-');
    const text = readFileSync('tests/fixtures/diagrams/broken.md', 'utf8');
    writeFileSync(join(dir, 'casse.md'), `---\nlang: fr\ntitle: Cassé\n---\n${text}`.replace(/\n/g, '\r\n'));
    const run = await runCli(['build', join(dir, 'casse.md'), '--no-pdf', '--out', join(dir, 'dist')]);
    expect(run.code, run.err.join('\n')).toBe(0);
    // Line 7 of the fixture, four lines of front matter above it: line 11, as an editor numbers it.
    expect(run.err.filter((l) => /diagram error/.test(l)).map((l) => /casse\.md:(\d+):/.exec(l)?.[1])).toEqual(['11']);
  });
});

describe('two diagrams under one heading', () => {
  it('get a slide each instead of being squeezed onto one', async () => {
    const dir = tempDir('estrade-diagrams-');
    const course = join(dir, 'deux.md');
    (await import('node:fs')).writeFileSync(course, '# Cours\n\n## 1. Réseau\n\n### Deux schémas\n\n```mermaid\ngraph LR\n  A-->B\n```\n\n```mermaid\ngraph LR\n  C-->D\n```\n');
    const built = await buildInto([course], ['--no-pdf']);
    const deck = await inspectDeck(join(built.dir, 'deux', '01-reseau.html'));
    const withDiagrams = deck.slides.filter((s) => s.minDiagramPx > 0);
    expect(withDiagrams).toHaveLength(2);
    for (const s of withDiagrams) expect(s.minDiagramPx).toBeGreaterThanOrEqual(12);
  });
});

describe('a diagram beside other blocks', () => {
  it('gets a slide of its own, the full height, with its lead-in, when it would be drawn too small beside them', async () => {
    const dir = tempDir('estrade-diagrams-');
    const course = join(dir, 'routage.md');
    const messages = Array.from({ length: 7 }, (_, i) => `  ${i % 2 ? 'B->>A' : 'A->>B'}: message ${i + 1}`).join('\n');
    const text = `# Cours\n\n## 1. Routage\n\n### Un échange\n\nDeux machines échangent des paquets, dans l'ordre.\n\n\`\`\`python\nfor paquet in paquets:\n    envoyer(paquet)\n\`\`\`\n\nVoici l'échange :\n\n\`\`\`mermaid\nsequenceDiagram\n${messages}\n\`\`\`\n\n> **À retenir**\n> Chaque paquet reçoit un accusé.\n`;
    writeFileSync(course, text);
    const built = await buildInto([course], ['--no-pdf']);
    expect(built.run.code).toBe(0);
    const deck = await inspectDeck(join(built.dir, 'routage', '01-routage.html'));
    const drawn = deck.slides.filter((s) => s.minDiagramPx > 0);
    expect(drawn).toHaveLength(1);
    // The ruler: the diagram's text as Chromium draws it, and the words beside it on that slide.
    expect(drawn[0]!.minDiagramPx).toBeGreaterThanOrEqual(12);
    expect(drawn[0]!.text).toContain("Voici l'échange");
    expect(drawn[0]!.text).not.toMatch(/envoyer|accusé/);
    expect(deck.slides.some((s) => s.text.includes('envoyer'))).toBe(true);
    expect(deck.slides.some((s) => s.text.includes('Chaque paquet reçoit un accusé'))).toBe(true);
    expect(built.run.err.filter((l) => /too small to read/.test(l))).toEqual([]);
  });
});

describe('a diagram too tall for its text to be read', () => {
  it('is never shrunk below 12 px in silence: one warning with its line, and the ruler agrees', async () => {
    const dir = tempDir('estrade-diagrams-');
    const course = join(dir, 'tall.md');
    const steps = ['Read the source file', 'Parse the front matter', 'Split into sections', 'Plan the slides', 'Render with Marp', 'Measure in Chromium', 'Split what overflows', 'Print the PDFs', 'Write the handouts', 'Swap the output folder'];
    const chain = steps.map((s, i) => `  N${i}[${s}]${i < steps.length - 1 ? ` --> N${i + 1}` : ''}`).join('\n');
    (await import('node:fs')).writeFileSync(course, `# Course\n\n## 1. Flow\n\n### A tall pipeline\n\n\`\`\`mermaid\ngraph TD\n${chain}\n\`\`\`\n\n### A short one\n\n\`\`\`mermaid\ngraph LR\n  A[Teacher] --> B[Class]\n\`\`\`\n`);
    const built = await buildInto([course], ['--no-pdf']);
    const warned = built.run.err.filter((l) => /too small to read/.test(l));
    expect(warned).toEqual([expect.stringMatching(/tall\.md:5: warning: slide "A tall pipeline": its diagram's text is drawn at \d+\.\d px/)]);
    const deck = await inspectDeck(join(built.dir, 'tall', '01-flow.html'));
    const sizes = deck.slides.filter((s) => s.minDiagramPx > 0).map((s) => s.minDiagramPx);
    expect(sizes).toHaveLength(2);
    expect(sizes[0]).toBeLessThan(12);
    expect(sizes[1]).toBeGreaterThanOrEqual(12);
  });
});

describe('a course with many diagrams', () => {
  it('draws them on two pages at once, each drawn, each with ids of its own, in the order written', async () => {
    const { drawDiagrams, diagramOf } = await import('../src/render/diagrams.ts');
    const codes = Array.from({ length: 15 }, (_, i) => `graph LR\n  A${i}[Début ${i}] --> B${i}[Fin ${i}]`);
    await drawDiagrams(codes, estradeBrowser());
    const svgs = codes.map((c) => diagramOf(c)?.svg ?? '');
    const text = (svg: string) => svg.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    svgs.forEach((svg, i) => expect(text(svg), `diagram ${i}`).toContain(`Début ${i} `));
    const ids = svgs.map((svg) => /<svg[^>]*\sid="([^"]+)"/.exec(svg)?.[1]);
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(codes.length);
  });
});
