// Maths as LaTeX writes it, `\( … \)` inline and `\[ … \]` displayed (also with the backslash
// doubled, as Markdown needs it on some sites), and environments written bare on their lines
// (`\begin{align} … \end{align}`, as Jupyter and MathJax read them), turned into the `$ … $` and
// `$$ … $$` that KaTeX reads in Marp. Code blocks and inline code are left alone. Pure.

import { outsideCode } from './prose.ts';

function convert(text: string): string {
  return text
    .replace(/\\{1,2}\[([\s\S]+?)\\{1,2}\]/g, (_m, tex: string) => `$$${tex.trim()}$$`)
    .replace(/\\{1,2}\(([\s\S]+?)\\{1,2}\)/g, (_m, tex: string) => `$${tex.trim()}$`);
}

// Displayed environments, drawn without numbers: KaTeX would number every line of every one (1).
// KaTeX draws eqnarray as an array of three columns and multline as gather.
const BARE = /(^|\n)([ \t]*)\\begin\{(equation|align|alignat|gather|flalign|multline|eqnarray)(\*?)\}([\s\S]*?)\\end\{\3\4\}/g;
const KATEX_NAMES: Record<string, [string, string]> = { eqnarray: ['array}{rcl', 'array'], multline: ['gather*', 'gather*'] };

/** Bare environments, outside `$$ … $$`, as displayed maths. */
function environments(text: string): string {
  return text
    .split('$$')
    .map((part, k) => (k % 2 ? part : part.replace(BARE, (_m, start: string, indent: string, env: string, star: string, tex: string) => {
      const [open, close] = KATEX_NAMES[env] ?? [`${env}*`, `${env}*`];
      return `${start}${indent}$$\n${indent}\\begin{${open}}${tex}\\end{${close}}\n${indent}$$`;
    })))
    .join('$$');
}

export function latexDelimiters(markdown: string): string {
  const delimited = /\\{1,2}[([]/.test(markdown) ? outsideCode(markdown, convert) : markdown;
  return delimited.includes('\\begin{') ? outsideCode(delimited, environments) : delimited;
}
