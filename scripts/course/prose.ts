// Rewriting a course's prose while leaving its code as written: fenced blocks line for line and
// inline code spans untouched. Pure.

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;

/** Applies `rewrite` to every run of text outside code blocks and inline code. */
export function outsideCode(markdown: string, rewrite: (text: string) => string): string {
  const out: string[] = [];
  let fence: string | undefined;
  let prose: string[] = [];
  const flush = () => {
    if (!prose.length) return;
    const text = prose.join('\n');
    let last = 0;
    let rewritten = '';
    for (const m of text.matchAll(INLINE_CODE)) {
      rewritten += rewrite(text.slice(last, m.index)) + m[0];
      last = m.index + m[0].length;
    }
    out.push(rewritten + rewrite(text.slice(last)));
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
