// Maths as LaTeX writes it, `\( … \)` inline and `\[ … \]` displayed (also with the backslash
// doubled, as Markdown needs it on some sites), turned into the `$ … $` and `$$ … $$` that KaTeX
// reads in Marp. Code blocks and inline code are left alone. Pure.

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;

function convert(text: string): string {
  return text
    .replace(/\\{1,2}\[([\s\S]+?)\\{1,2}\]/g, (_m, tex: string) => `$$${tex.trim()}$$`)
    .replace(/\\{1,2}\(([\s\S]+?)\\{1,2}\)/g, (_m, tex: string) => `$${tex.trim()}$`);
}

/** Converts outside code: fenced blocks line by line, inline code span by span. */
export function latexDelimiters(markdown: string): string {
  if (!/\\{1,2}[([]/.test(markdown)) return markdown;
  const out: string[] = [];
  let fence: string | undefined;
  let prose: string[] = [];
  const flush = () => {
    if (!prose.length) return;
    const text = prose.join('\n');
    let last = 0;
    let converted = '';
    for (const m of text.matchAll(INLINE_CODE)) {
      converted += convert(text.slice(last, m.index)) + m[0];
      last = m.index + m[0].length;
    }
    out.push(converted + convert(text.slice(last)));
    prose = [];
  };
  for (const line of markdown.split('\n')) {
    const mark = FENCE.exec(line)?.[1];
    if (fence) {
      out.push(line);
      if (mark && mark[0] === fence[0] && mark.length >= fence.length) fence = undefined;
    } else if (mark) {
      flush();
      fence = mark;
      out.push(line);
    } else {
      prose.push(line);
    }
  }
  flush();
  return out.join('\n');
}
