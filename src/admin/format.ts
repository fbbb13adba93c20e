/** Pure helpers that turn the report's numbers into words for the page and the charts' labels. */

const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export const formatCount = (n: number): string => whole.format(n);

export const formatMedian = (n: number | null): string =>
  n === null ? 'no games yet' : oneDecimal.format(n);

/** `2025-03-07` → `7 Mar`: short enough for 30 ticks on a laptop screen. */
export function shortDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** `a: 1, b: 2`: what a chart shows, for the canvas's accessible name. */
export function describePairs(pairs: [string, number][]): string {
  return pairs.length === 0 ? 'none' : pairs.map(([k, v]) => `${k}: ${formatCount(v)}`).join(', ');
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
