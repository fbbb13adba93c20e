import { firstConcern } from './moderation.js';
import { containsPlaceholder } from './placeholders.js';

/**
 * A last check on what a model is about to say to a young child. The prompts already forbid all
 * of this; this catches the rare reply that slips through, so that the offline brain answers that
 * step instead. Pure: word lists, not a classifier.
 */

/** Questions for personal data: the app never asks for them (DESIGN.md, Safety). */
const PERSONAL_QUESTIONS = [
  /\bwhat('?s| is) your (real |full |last )?name\b/i,
  /\bhow old are you\b/i,
  /\bwhat grade are you\b/i,
  /\bwhere do you live\b/i,
  /\bwhat('?s| is) your (address|phone|phone number|email|school|teacher'?s name)\b/i,
  /\bwhich school\b/i,
  /\bwhat school do you\b/i,
  /\b(send|show) me a (photo|picture) of you\b/i,
  /\bwhere do you go to school\b/i,
  /\bwhat (town|city|street) do you live\b/i,
  /\bwhen is your birthday\b/i,
  /\bwhat('?s| is) your (mum|mom|dad|mother|father)'?s name\b/i,
  /\btell me your (real |full )?name\b/i,
];

/** Why a reply must not reach the child, or null when it is fine. */
export function replyProblem(text: string): string | null {
  if (PERSONAL_QUESTIONS.some((re) => re.test(text))) return 'it asks the child for personal information';
  // A scrubbed detail ("[name]") read aloud or shown in a game would only puzzle the child.
  if (containsPlaceholder(text)) return 'it repeats a personal detail the child gave';
  // The one moderation every text shares (moderation.ts): lists, inflections, disguises.
  const found = firstConcern(text);
  if (found) return `it uses a word unsuitable for young children ("${found.word}")`;
  return null;
}
