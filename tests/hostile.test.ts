// Files that used to break a build: UTF-16, a stray Latin-1 byte, an image named 50%.png, courses
// outside the project (whose absolute path must not be published), images that are folders.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../src/export/manifest.ts';
import { readPdf } from './helpers/pdf.ts';
import { runCli } from './helpers/build.ts';
import { inspectDeck } from './helpers/inspect.ts';
import { tempDir } from './helpers/temp.ts';

const PNG = 'tests/fixtures/hostile/pixel.png';

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? allFiles(join(dir, n)) : [join(dir, n)]));
}

async function build(course: string, name = 'cours.md', files: Record<string, string | Buffer> = {}) {
  const dir = tempDir('estrade-hostile-');
  for (const [path, contents] of Object.entries({ [name]: course, ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), contents);
  }
  const out = join(dir, 'dist');
  const run = await runCli(['build', join(dir, name), '--no-pdf', '--out', out]);
  return { dir, out, run };
}

describe('files that used to break a build', () => {
  it('builds a UTF-16 course (with BOM) with its accents, and says it was UTF-16', async () => {
    const text = '# Réseaux et télécoms\n\n## 1. Le modèle\n\nSept couches, déjà.\n';
    const { out, run } = await build(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) as unknown as string);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.err.join('\n')).toMatch(/warning: .*cours\.md: the file is UTF-16/);
    const manifest = JSON.parse(readFileSync(join(out, 'cours', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.title).toBe('Réseaux et télécoms');
    expect(readFileSync(join(out, 'cours', manifest.decks[0]!.html), 'utf8')).toContain('Sept couches, déjà.');
  });

  it('embeds an image named 50%.png', async () => {
    const { out, run } = await build('# Cours\n\n## 1. Images\n\n![la moitié](50%.png)\n', 'cours.md', { '50%.png': readFileSync(PNG) });
    expect(run.code, run.err.join('\n')).toBe(0);
    const html = readFileSync(join(out, 'cours', '01-images.html'), 'utf8');
    expect(html).toContain(`data:image/png;base64,${readFileSync(PNG).toString('base64')}`);
  });

  it('says an image is a folder, with its line, instead of "not found"', async () => {
    const { run } = await build('# Cours\n\n## 1. Images\n\n![x](figures)\n![y](figures.png)\n', 'cours.md', { 'figures.png/readme.txt': 'a folder' });
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/cours\.md:6: error: image "figures\.png" is a folder, not a file — check the path/);
  });

  it('publishes no absolute path of a course outside the project: the file name alone', async () => {
    const { dir, out, run } = await build('# Cours\n\n## 1. Partie\n\nTexte.\n', 'secret-home/cours.md');
    expect(run.code, run.err.join('\n')).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'cours', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.source).toBe('cours.md');
    for (const file of allFiles(out)) expect(readFileSync(file, 'latin1').includes(dir), file).toBe(false);
  });

  it('publishes a course inside the project by its path from the project folder', async () => {
    const out = join(tempDir('estrade-hostile-'), 'dist');
    expect((await runCli(['build', 'tests/fixtures/small/short-course.md', '--no-pdf', '--out', out])).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'short-course', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.source).toBe('tests/fixtures/small/short-course.md');
    expect(readFileSync(join(out, 'short-course', 'index.html'), 'utf8')).not.toContain(process.cwd());
  });
});


describe('what teachers write before the first section', () => {
  it('opens the first lesson: the introduction is in a deck students get, after the course title slide', async () => {
    const { out, run } = await build('# Réseaux\n\nCe cours présente les bases des réseaux informatiques.\n\n![la moitié](50%.png)\n\n## 1. Le modèle OSI\n\nSept couches.\n\n## 2. Adresses\n\nIPv4 et IPv6.\n', 'cours.md', { '50%.png': readFileSync(PNG) });
    expect(run.code, run.err.join('\n')).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'cours', 'manifest.json'), 'utf8')) as Manifest;
    const first = readFileSync(join(out, 'cours', manifest.decks[0]!.html), 'utf8');
    expect(first).toContain('Ce cours présente les bases des réseaux informatiques.');
    expect(first.indexOf('Ce cours présente')).toBeLessThan(first.indexOf('Sept couches.'));
    expect(first).toContain('data:image/png;base64,');
    expect(readFileSync(join(out, 'cours', manifest.decks[1]!.html), 'utf8')).not.toContain('Ce cours présente');
  });
});

describe('images and maths as web pages write them', () => {
  it('embeds <img src>, lazy <img data-src> in a <picture>, and root-relative /assets/… paths; warns about remote images with their line', async () => {
    const pixel = readFileSync(PNG);
    const course = [
      '# Cours', '', '## 1. Images', '',
      '<img src="figures/a.png" alt="A">', '',
      '<picture>', '  <source type="image/webp" data-srcset="figures/b.webp">', '  <img class="lazyload" data-src="figures/b.png" alt="B">', '</picture>', '',
      '<div class="fig"><img src="/assets/c.png"><div class="caption">La légende.</div></div>', '',
      '![distante](https://example.org/d.png)', '',
    ].join('\n');
    const { out, run } = await build(course, 'notes/cours.md', { 'notes/figures/a.png': pixel, 'notes/figures/b.png': pixel, 'assets/c.png': pixel });
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.err.join('\n')).toMatch(/cours\.md:14: warning: image "https:\/\/example\.org\/d\.png" is on the internet: it shows only when the classroom is online/);
    const html = readFileSync(join(out, 'cours', '01-images.html'), 'utf8');
    expect(html.split(`src="data:image/png;base64,${pixel.toString('base64')}"`)).toHaveLength(4);
    expect(html).not.toMatch(/data-src=|figures\/|\/assets\//);
  });

  it('draws \\( … \\) and \\[ … \\] maths, not raw LaTeX; code is left alone', async () => {
    const { out, run } = await build('# Cours\n\n## 1. Maths\n\nUne image \\\\(x_i\\\\) et un score \\(W x\\).\n\n\\[ f(x) = W x + b \\]\n\n```py\nprint("\\\\(pas des maths\\\\)")\n```\n');
    expect(run.code, run.err.join('\n')).toBe(0);
    const html = readFileSync(join(out, 'cours', '01-maths.html'), 'utf8');
    expect(html.match(/class="katex"/g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('katex-display');
    expect(html).not.toMatch(/\\\(x_i|\\\(W x/);
    expect(html).toMatch(/pas des maths/);
  });

  it('draws LaTeX environments written bare on their lines (align, eqnarray, multline) as displayed maths; code and $$ blocks are left alone', async () => {
    const { out, run } = await build('# Course\n\n## 1. Updates\n\nThe rule:\n\n\\begin{align}\nw &\\leftarrow w - \\eta g \\\\\nb &\\leftarrow b - \\eta h\n\\end{align}\n\n\\begin{eqnarray*}\na &=& b\n\\end{eqnarray*}\n\n- Long:\n\n  \\begin{multline}\n  x + y \\\\ = z\n  \\end{multline}\n\n$$\n\\begin{aligned}\nu &= v\n\\end{aligned}\n$$\n\n```tex\n\\begin{align}\ncode\n\\end{align}\n```\n');
    expect(run.code, run.err.join('\n')).toBe(0);
    const html = readFileSync(join(out, 'cours', '01-updates.html'), 'utf8');
    // The ruler: what Chromium would show as text, KaTeX's hidden source (its annotation) aside.
    const shown = html.replace(/<annotation[\s\S]*?<\/annotation>/g, '').replace(/<pre[\s\S]*?<\/pre>/g, '');
    expect(html.match(/class="katex-display"/g)).toHaveLength(4);
    expect(shown).not.toMatch(/\\begin|\\end|katex-error/);
    // No equation numbers: KaTeX would write (1) on every line of every formula.
    expect(shown).not.toMatch(/class="[^"]*tag/);
    const code = (html.match(/<pre[\s\S]*?<\/pre>/g) ?? []).map((pre) => pre.replace(/<[^>]+>/g, '')).join('\n');
    expect(code).toContain('\\begin{align}\ncode\n\\end{align}');
  });
});

describe('<details> solutions', () => {
  it('print opened in the PDF slides and handouts, and fit on their slide once opened in class', async () => {
    const steps = Array.from({ length: 9 }, (_, i) => `${i + 1}. Étape numéro ${i + 1} de la correction détaillée`).join('\n');
    const course = `# Cours\n\n## 1. Exercice\n\n### Énoncé\n\nÉcrire un Dockerfile pour une application web.\n\nIl doit exposer le port 8080 et lancer le serveur.\n\n<details>\n<summary>Solution</summary>\n\n${steps}\n\nLa réponse cachée est FROM nginx.\n\n</details>\n`;
    const dir = tempDir('estrade-details-');
    writeFileSync(join(dir, 'cours.md'), course);
    const out = join(dir, 'dist');
    const run = await runCli(['build', join(dir, 'cours.md'), '--out', out, '--handout', '2']);
    expect(run.code, run.err.join('\n')).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'cours', 'manifest.json'), 'utf8')) as Manifest;
    const deck = manifest.decks[0]!;
    for (const pdf of [deck.pdf!, deck.handout!]) expect((await readPdf(join(out, 'cours', pdf))).text.join(' '), pdf).toContain('La réponse cachée est FROM nginx.');
    // Opened, the solution does not fit under the statement: the slide was split.
    const html = readFileSync(join(out, 'cours', deck.html), 'utf8');
    expect(html).toContain('Énoncé (suite)');
  });
});

describe('HTML that Marp would show as text', () => {
  it('draws an inline <svg>, turns an <iframe> into a link, leaves a <script> out, each with a warning and its line', async () => {
    const course = ['# Cours', '', '## 1. HTML', '', 'Un schéma :', '', '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#1557d0"/><text x="10" y="50">Réseau</text></svg>', '', '<iframe src="https://www.youtube.com/embed/abc" title="La vidéo du cours"></iframe>', '', '<script>alert(1)</script>', '', 'Un mot <font color="red">rouge</font> ici.', ''].join('\n');
    const { out, run } = await build(course);
    expect(run.code, run.err.join('\n')).toBe(0);
    const warnings = run.err.filter((l) => /warning:/.test(l)).join('\n');
    expect(warnings).toMatch(/cours\.md:7: warning: an inline <svg> drawing is shown as a picture/);
    expect(warnings).toMatch(/cours\.md:9: warning: an <iframe> cannot be shown .* link to https:\/\/www\.youtube\.com\/embed\/abc/);
    expect(warnings).toMatch(/cours\.md:11: warning: a <script> does not run in slides/);
    expect(warnings).toMatch(/cours\.md:13: warning: <font> is not HTML a slide can show/);
    // One warning for the element, not one for each of its two tags.
    expect(warnings.match(/<font>/g)).toHaveLength(1);
    const html = readFileSync(join(out, 'cours', '01-html.html'), 'utf8');
    expect(html).toContain('src="data:image/svg+xml;base64,');
    expect(html).toMatch(/<a href="https:\/\/www\.youtube\.com\/embed\/abc"[^>]*>La vidéo du cours<\/a>/);
    expect(html).not.toMatch(/&lt;(svg|iframe|script|font)/);
    expect(html).toContain('Un mot rouge ici.');
  });
});

describe('a Marp deck of the teacher\'s own (marp: true)', () => {
  it('renders at least as marp-cli would: local images embedded, its HTML kept (marp --html), the course language, offline, a plain title', async () => {
    const out = join(tempDir('estrade-marp-deck-'), 'dist');
    const run = await runCli(['build', 'tests/fixtures/marp/deck.md', '--no-pdf', '--out', out]);
    expect(run.code, run.err.join('\n')).toBe(0);
    const html = readFileSync(join(out, 'deck', 'deck.html'), 'utf8');
    expect(html).toContain(`data:image/png;base64,${readFileSync(PNG).toString('base64')}`);
    expect(html).not.toContain('images/pixel.png');
    expect(html).toMatch(/<div style="color: #8a1c3c">Du HTML écrit par l'enseignant\.<\/div>/);
    expect(html).not.toContain('&lt;div');
    expect(html).toMatch(/<html lang="fr"/);
    // `<!-- fit -->` headings are fitted by Marp's own inline script, as marp-cli does.
    expect(html).toMatch(/<h1 is="marp-h1" data-auto-scaling/);
    expect(html).not.toMatch(/@import\s+["']?https?:|fonts\.(googleapis|bunny)/);
    const manifest = JSON.parse(readFileSync(join(out, 'deck', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.title).toBe('Réseaux en une heure');
    const deck = await inspectDeck(join(out, 'deck', 'deck.html'));
    expect(deck.requests.filter((u) => !/^(file|data):/.test(u))).toEqual([]);
    expect(deck.brokenImages).toEqual([]);
  });

  it.each([
    ['estrade', 1],
    ['default', 0],
  ] as const)('says, with its line, which slide runs past the bottom in theme %s (one Marp scales itself is left alone)', async (theme, warned) => {
    const dir = tempDir('estrade-marp-long-');
    const code = Array.from({ length: 40 }, (_, i) => `print('ligne ${i + 1}')`).join('\n');
    writeFileSync(join(dir, 'long.md'), `---\nmarp: true\ntheme: ${theme}\n---\n\n# Court\n\nUn mot.\n\n---\n\n## Un long programme\n\n\`\`\`python\n${code}\n\`\`\`\n\n---\n\n## Fin\n`);
    const run = await runCli(['build', join(dir, 'long.md'), '--no-pdf', '--out', join(dir, 'dist')]);
    expect(run.code, run.err.join('\n')).toBe(0);
    const lines = run.err.filter((l) => /runs past/.test(l));
    expect(lines).toHaveLength(warned);
    // Its line: the first line of the slide, after the `---` that opens it.
    if (warned) expect(lines[0]).toMatch(/long\.md:11: warning: slide 2 runs past the bottom of the slide/);
    const deck = await inspectDeck(join(dir, 'dist', 'long', 'long.html'));
    // The test's own ruler agrees: that slide, and no other, overflows in the estrade theme.
    if (warned) expect(deck.overflowing).toEqual([2]);
  });

  it('finds the deck\'s own theme in a themes/ folder beside it', async () => {
    const out = join(tempDir('estrade-marp-deck-'), 'dist');
    const run = await runCli(['build', 'tests/fixtures/marp/own-theme.md', '--no-pdf', '--out', out]);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(readFileSync(join(out, 'own-theme', 'own-theme.html'), 'utf8')).toContain('#fdf6e3');
  });
});

describe('a displayed formula wider than the slide', () => {
  it('goes on to the next line between its terms instead of being cut at the right edge', async () => {
    const wide = Array.from({ length: 14 }, (_, i) => `\\frac{e^{f_{${i}}}}{\\sum_j e^{f_j}}`).join(" + ");
    const { out, run } = await build(`# Cours\n\n## 1. Maths\n\nLa somme :\n\n$$\nL = ${wide}\n$$\n`);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.err.filter((l) => /too big/.test(l))).toEqual([]);
    const deck = await inspectDeck(join(out, 'cours', '01-maths.html'));
    expect(deck.overflowing).toEqual([]);
  });
});

describe('a table wider than the slide', () => {
  it('is drawn smaller on its slide until every column shows (16 px at least, long words broken last), then cut between rows if it is also too long', async () => {
    // Twelve headers of ten letters: wider than the slide even at 16 px, until a long word may break.
    const cols = 12;
    const table = (rows: number) => [`| ${Array.from({ length: cols }, (_, c) => `Colonne${c}`).join(' | ')} |`, `|${' --- |'.repeat(cols)}`, ...Array.from({ length: rows }, (_, r) => `| ${Array.from({ length: cols }, (_, c) => `v${r}x${c}`).join(' | ')} |`)].join('\n');
    const { out, run } = await build(`# Cours\n\n## 1. Données\n\n### Large\n\n${table(4)}\n\n### Large et longue\n\n${table(30)}\n\n### Étroite\n\n| a | b |\n| - | - |\n| 1 | 2 |\n`);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.err.filter((l) => /too big/.test(l))).toEqual([]);
    const deck = await inspectDeck(join(out, 'cours', '01-donnees.html'));
    // The ruler: nothing past the slide's edges, no text under 16 px, every cell on a slide.
    expect(deck.overflowing).toEqual([]);
    expect(deck.minFontPx).toBeGreaterThanOrEqual(16);
    for (let c = 0; c < cols; c++) expect(deck.text).toContain(`Colonne${c}`);
    for (let r = 0; r < 30; r++) expect(deck.text).toContain(`v${r}x${cols - 1}`);
    expect(deck.slides.filter((s) => s.text.includes('Large et longue')).length).toBeGreaterThanOrEqual(2);
    // Only the wide tables' slides have a size of their own (a scoped style); a table that fits keeps the theme's.
    const sections = readFileSync(join(out, 'cours', '01-donnees.html'), 'utf8').split('<section').slice(1);
    const scoped = (title: string) => sections.filter((s) => s.includes(`>${title}`)).map((s) => /^[^>]*data-marpit-scope/.test(s));
    expect(scoped('Large</h2>')).toEqual([true]);
    expect(scoped('Étroite</h2>')).toEqual([false]);
  });
});

describe("a picture named alone, as Obsidian's ![[picture.png]] names it", () => {
  it('is found in a folder below the course (attachments/), embedded, and a missing one is an error with its line', async () => {
    const { out, run } = await build('# Cours\n\n## 1. Images\n\n### Une\n\n![[schéma réseau.png]]\n', 'cours.md', { 'pièces jointes/schéma réseau.png': readFileSync(PNG) });
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(readFileSync(join(out, 'cours', '01-images.html'), 'utf8')).toMatch(/<img[^>]+src="data:image\/png;base64,/);
    const missing = await build('# Cours\n\n## 1. Images\n\n### Une\n\n![[absent.png]]\n');
    expect(missing.run.code).not.toBe(0);
    expect(missing.run.err.join('\n')).toMatch(/cours\.md:7: error: image "absent\.png" not found/);
  });
});

describe('a table written in HTML', () => {
  it('is cut between its rows when longer than a slide, each part with its header row', async () => {
    const rows = Array.from({ length: 16 }, (_, i) => `<tr><td>Élève ${i}</td><td>${10 + (i % 10)}</td><td>Très bien, continue</td></tr>`).join('\n');
    const { out, run } = await build(`# Cours\n\n## 1. Bulletin\n\n### Les notes\n\n<table>\n<tr><th>Nom</th><th>Note</th><th>Appréciation</th></tr>\n${rows}\n</table>\n\n### Ensuite\n\nFin.\n`);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.err.filter((l) => /too big/.test(l))).toEqual([]);
    const deck = await inspectDeck(join(out, 'cours', '01-bulletin.html'));
    expect(deck.overflowing).toEqual([]);
    const parts = deck.slides.filter((s) => s.text.includes('Les notes'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) expect(part.text).toMatch(/Nom Note Appréciation/);
    for (let i = 0; i < 16; i++) expect(parts.filter((p) => p.text.includes(`Élève ${i} `)).length, `Élève ${i}`).toBe(1);
  });
});

describe('folders with spaces, accents and long names', () => {
  it('builds a course with an image from such a folder into such an output, PDFs included', async () => {
    const root = tempDir('estrade-paths-');
    const folder = join(root, 'Cours de réseau — 2ᵉ année (groupe B)', 'un dossier au nom vraiment très long pour voir');
    mkdirSync(join(folder, 'images à moi'), { recursive: true });
    writeFileSync(join(folder, 'images à moi', 'schéma réseau.png'), readFileSync(PNG));
    writeFileSync(join(folder, 'cours réseau.md'), '---\nlang: fr\n---\n# Réseau\n\n## 1. Bases\n\n### Un schéma\n\n![Le schéma](images%20%C3%A0%20moi/sch%C3%A9ma%20r%C3%A9seau.png)\n\n### Autre\n\n![Le même](<images à moi/schéma réseau.png>)\n');
    const out = join(root, 'sortie élèves', 'dist final');
    const run = await runCli(['build', join(folder, 'cours réseau.md'), '--out', out]);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.err.filter((l) => /warning|error/.test(l))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(out, 'cours-reseau', 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.decks).toHaveLength(1);
    const html = readFileSync(join(out, 'cours-reseau', manifest.decks[0]!.html), 'utf8');
    expect((html.match(/data:image\/png;base64,/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect((await readPdf(join(out, 'cours-reseau', manifest.decks[0]!.handout!))).pages).toBeGreaterThan(0);
    // Nothing of the teacher's folders in what students get.
    expect(readFileSync(join(out, 'cours-reseau', 'manifest.json'), 'utf8')).not.toContain(root);
  });
});
