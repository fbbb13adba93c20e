/**
 * Text that PostgreSQL can store: no NUL (text and JSON refuse `\u0000`) and no lone UTF-16
 * surrogate (not valid Unicode, refused by JSONB). Checked once at the API's edge.
 */
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** Replaces what PostgreSQL cannot store, for text we did not receive at the edge (model output). */
export function toStorableText(text: string): string {
  return text.replaceAll('\u0000', '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}
