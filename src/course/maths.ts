// Maths as LaTeX writes it, `\( … \)` inline and `\[ … \]` displayed (also with the backslash
// doubled, as Markdown needs it on some sites), turned into the `$ … $` and `$$ … $$` that KaTeX
// reads in Marp. Code blocks and inline code are left alone. Pure.

import { outsideCode } from './prose.ts';

function convert(text: string): string {
  return text
    .replace(/\\{1,2}\[([\s\S]+?)\\{1,2}\]/g, (_m, tex: string) => `$$${tex.trim()}$$`)
    .replace(/\\{1,2}\(([\s\S]+?)\\{1,2}\)/g, (_m, tex: string) => `$${tex.trim()}$`);
}

export function latexDelimiters(markdown: string): string {
  return /\\{1,2}[([]/.test(markdown) ? outsideCode(markdown, convert) : markdown;
}
