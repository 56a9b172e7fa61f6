// WCAG AA contrast of every text on every slide: axe-core where it can decide, and our own
// computation where it cannot (text over the title slide's gradient, the page number).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { withTestPage } from './browser.ts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]: number[]) => 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
export function contrast(a: number[], b: number[]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
const rgb = (css: string) => [...css.matchAll(/rgba?\(([^)]+)\)/g)].map((m) => m[1]!.split(',').slice(0, 3).map(Number));

export interface ContrastReport {
  violations: string[];
  passes: number;
  /** Texts axe could not decide, each with the lowest contrast against any colour behind it. */
  undecided: { target: string; ratio: number }[];
  pageNumbers: number[];
}

export async function checkContrast(htmlFile: string): Promise<ContrastReport> {
  return withTestPage(async (page) => {
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    // Print media lays out every slide at once; the bottom band is decoration, checked apart.
    await page.emulateMediaType('print');
    await page.addStyleTag({ content: 'section::before { display: none !important; }' });
    await page.addScriptTag({ content: AXE });
    const result = (await page.evaluate(`axe.run(document, { runOnly: ['color-contrast'] }).then((r) => ({
      violations: r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary)),
      passes: r.passes.reduce((n, p) => n + p.nodes.length, 0),
      undecided: r.incomplete.flatMap((v) => v.nodes.map((n) => {
        const el = document.querySelector(n.target[0]);
        const section = el && el.closest('section');
        return { target: n.target.join(' '), color: el ? getComputedStyle(el).color : '', behind: section ? getComputedStyle(section).backgroundImage + ' ' + getComputedStyle(section).backgroundColor : '' };
      })),
      pageNumbers: [...document.querySelectorAll('section[data-marpit-pagination]')].map((s) => [getComputedStyle(s, '::after').color, getComputedStyle(s).backgroundColor]),
    }))`)) as { violations: string[]; passes: number; undecided: { target: string; color: string; behind: string }[]; pageNumbers: [string, string][] };
    return {
      violations: result.violations,
      passes: result.passes,
      undecided: result.undecided.map((u) => ({ target: u.target, ratio: Math.min(...rgb(u.behind).filter((c) => c.length === 3).map((c) => contrast(rgb(u.color)[0] ?? [0, 0, 0], c))) })),
      pageNumbers: result.pageNumbers.map(([fg, bg]) => contrast(rgb(fg)[0]!, rgb(bg)[0]!)),
    };
  });
}
