import type { GameSpec } from '../games/spec.js';
import { replyProblem } from './moderate.js';

// Colours are not words, though leet would read "#a55a55" as one.
const COLOUR = /^#[0-9a-f]{6}$/i;

/** Every piece of text a game shows: titles, names, lines. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (!COLOUR.test(value)) out.push(value);
  } else if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) textsOf(v, out);
  return out;
}

/**
 * Why a game made outside a conversation must not be served from our origin, or null. The same
 * check as an agent's reply (unsuitable words, questions for personal data), on every text field.
 */
export function specProblem(spec: GameSpec): string | null {
  for (const text of textsOf(spec)) {
    const problem = replyProblem(text);
    if (problem) return problem;
  }
  return null;
}
