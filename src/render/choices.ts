// Task lists as slides show them (markdown-it has no task lists): on a slide that asks a question
// (its heading ends with "?"), the options as lettered boxes (A, B, C…), the right ones marked
// where the answer is shown; anywhere else, a checklist (☐ ☑). A question the class answers live
// carries `data-question`, its rank among the deck's questions (see course/questions.ts): the
// students' page turns it into buttons.
import type MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { asks, BLANK } from '../course/questions.ts';

const MARK = /^\[([ xX])\][ \t]+/;
const OPEN_ANSWER = /^(?:réponse|reponse|answer|antwort|respuesta|risposta|resposta)[ \t\u00a0\u202f]*:[ \t\u00a0\u202f]*(.*)$/i;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The list's items: each item's opening token and its first inline token. */
function itemsOf(tokens: Token[], open: number): { item: Token; inline?: Token }[] | undefined {
  const level = tokens[open]!.level;
  const items: { item: Token; inline?: Token }[] = [];
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.level === level && t.type === 'bullet_list_close') return items;
    if (t.level === level + 1 && t.type === 'list_item_open') items.push({ item: t });
    else if (t.type === 'inline' && items.length && !items.at(-1)!.inline) items.at(-1)!.inline = t;
  }
  return undefined;
}

/** Removes the `[ ] ` mark from the start of an item's text. */
function unmark(inline: Token): void {
  let left = MARK.exec(inline.content)![0].length;
  inline.content = inline.content.slice(left);
  for (const child of inline.children ?? []) {
    if (left <= 0) break;
    if (child.type !== 'text') break;
    const cut = Math.min(left, child.content.length);
    child.content = child.content.slice(cut);
    left -= cut;
  }
}

export function choicesPlugin(md: MarkdownIt): void {
  md.renderer.rules.estrade_letter = (tokens, idx) => `<span class="estrade-letter">${tokens[idx]!.content}</span>`;
  md.core.ruler.push('estrade_choices', (state) => {
    const { tokens } = state;
    let heading: string | undefined;
    let asked = 0;
    let questionOnSlide = false;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type === 'marpit_slide_open') {
        heading = undefined;
        questionOnSlide = false;
      } else if (t.type === 'heading_open' && heading === undefined) {
        heading = tokens[i + 1]?.content ?? '';
      } else if (t.type === 'bullet_list_open') {
        const items = itemsOf(tokens, i);
        if (!items?.length || !items.every((it) => it.inline && MARK.test(it.inline.content))) continue;
        const checked = items.map((it) => MARK.exec(it.inline!.content)![1] !== ' ');
        const question = asks(heading) && items.length >= 2;
        if (question) {
          t.attrJoin('class', 'estrade-choices');
          // Marks shown: the answer. None: asked, live in class (the first question of the slide).
          if (checked.some(Boolean)) t.attrJoin('class', 'estrade-answer');
          else if (!questionOnSlide) {
            questionOnSlide = true;
            t.attrSet('data-question', String(++asked));
          }
        } else t.attrJoin('class', 'estrade-tasks');
        items.forEach((it, n) => {
          it.item.attrJoin('class', question ? 'estrade-choice' : 'estrade-task');
          if (checked[n]) it.item.attrJoin('class', question ? 'right' : 'done');
          unmark(it.inline!);
          if (question) {
            const letter = new state.Token('estrade_letter', 'span', 0);
            letter.content = LETTERS[n] ?? String(n + 1);
            it.inline!.children?.unshift(letter);
          }
        });
      } else if (t.type === 'blockquote_open' && asks(heading)) {
        const inline = tokens.slice(i, i + 4).find((x) => x.type === 'inline');
        const m = inline && OPEN_ANSWER.exec(inline.content.split('\n')[0]!);
        if (!m) continue;
        if (m[1]!.trim() === BLANK) {
          t.attrJoin('class', 'estrade-open');
          if (!questionOnSlide) {
            questionOnSlide = true;
            t.attrSet('data-question', String(++asked));
          }
        } else t.attrJoin('class', 'estrade-open-answer');
      }
    }
  });
}
