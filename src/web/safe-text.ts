/**
 * Agent text is model output: it is only ever put into the page as text nodes. The light formatting a
 * model likes (paragraphs, bullets, **bold**, *emphasis*) becomes real elements here, so a child never
 * sees stray asterisks and no markup from a reply can become HTML.
 */

const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+/;
const HEADING = /^\s*#{1,6}\s+/;

/** `**bold**` and `*emphasis*` become elements; any other asterisk is dropped. */
function appendInline(parent: HTMLElement, line: string): void {
  const pattern = /\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*/g;
  let last = 0;
  for (let m = pattern.exec(line); m; m = pattern.exec(line)) {
    if (m.index > last) parent.append(stripStray(line.slice(last, m.index)));
    const strong = m[1] ?? m[2];
    const el = document.createElement(strong !== undefined ? 'strong' : 'em');
    el.textContent = stripStray(strong ?? m[3] ?? '');
    parent.append(el);
    last = m.index + m[0].length;
  }
  if (last < line.length) parent.append(stripStray(line.slice(last)));
}

function stripStray(s: string): string {
  return s.replace(/\*+/g, '').replace(/`/g, '');
}

/** Renders text as paragraphs and lists built from text nodes only. */
export function renderSafeText(text: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    let para: HTMLParagraphElement | null = null;
    let list: HTMLUListElement | null = null;
    for (const raw of lines) {
      const line = raw.replace(HEADING, '');
      if (BULLET.test(line)) {
        para = null;
        list ??= frag.appendChild(document.createElement('ul'));
        const li = list.appendChild(document.createElement('li'));
        appendInline(li, line.replace(BULLET, ''));
        continue;
      }
      list = null;
      if (para) para.append(document.createElement('br'));
      else para = frag.appendChild(document.createElement('p'));
      appendInline(para, line.trim());
    }
  }
  return frag;
}

/** The words to say aloud: no formatting marks, and no emoji (a voice would read out their names). */
export function speakableText(text: string): string {
  return text
    .replace(/\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic})*/gu, ' ')
    .replace(/[\uFE0F\u200D]/g, '')
    .replace(/[*_`#]+/g, '')
    .replace(/^\s*(?:[-•]|\d+[.)])\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}
