import { own } from '../text/own.js';
import type { Token } from './tokens.js';

/** Numbers as children say or type them: digits, or words ("five five five", "six and a half"). */

export const DIGIT_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  o: '0',
  nought: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
};

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
};

/** The value of a number said as one token ("7", "seven", "6½" → 6), or undefined. */
export function numberValue(t: Token | undefined): number | undefined {
  if (!t || t.placeholder) return undefined;
  const digits = /^(\d{1,3})[½¼¾]?$/.exec(t.low);
  if (digits) return Number(digits[1]);
  return own(NUMBER_WORDS, t.low);
}

/** A number said in words, one or more tokens: "fifteen", "twenty two", "one hundred". */
export function isNumberWord(t: Token | undefined): boolean {
  return !!t && own(NUMBER_WORDS, t.low) !== undefined;
}

/** The digits a token stands for in a spoken or typed phone number, or undefined. */
export function phoneDigits(t: Token | undefined): string | undefined {
  if (!t || t.placeholder) return undefined;
  if (/^\d[\d-]*$/.test(t.low)) return t.low.replace(/-/g, '');
  return own(DIGIT_WORDS, t.low);
}
