/**
 * Removes obvious personal data from a child's words before they are stored or logged. The agents
 * never ask for it, but children volunteer it ("my name is Mia and I live at 4 Elm Street").
 * Pure and conservative: it only replaces patterns that are clearly personal.
 */
const RULES: Array<[RegExp, string]> = [
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]'],
  // Phone numbers: 7+ digits with optional separators.
  [/(\+?\d[\d\s().-]{6,}\d)/g, '[phone]'],
  // "I live at 12 Elm Street", "my address is ..."
  [/\b(i live (at|on|in)|my address is)\b[^.!?\n]*/gi, '$1 [place]'],
  [
    /\b\d{1,5}\s+\w+(\s\w+)?\s+(street|st|road|rd|avenue|ave|lane|ln|drive|dr|court|ct|boulevard|blvd)\b/gi,
    '[address]',
  ],
  // "my name is Mia", "I'm called Mia"
  [/\b(my name is|my name's|i am called|i'm called|call me)\s+[\p{L}'-]+/giu, '$1 [name]'],
  [/\b(my school is|i go to)\s+[\p{L}'\s-]*?(school|academy|elementary|primary)\b/giu, '$1 [school]'],
];

export function scrubPersonalData(text: string): string {
  return RULES.reduce((s, [re, by]) => s.replace(re, by), text);
}
