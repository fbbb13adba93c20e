/**
 * Building the page's own elements. Text always goes in as text (textContent), never as HTML:
 * labels and replies carry book facts and a child's words.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An emoji or icon that screen readers skip: the words beside it say the same. */
export function decoration(className: string, text: string): HTMLSpanElement {
  const e = el('span', className, text);
  e.setAttribute('aria-hidden', 'true');
  return e;
}
