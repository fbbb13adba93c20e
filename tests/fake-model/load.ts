/**
 * How the fake provider behaves under a load profile, like Claude seen from a busy app: the first
 * token after 0.6-1.5 s, then 40-80 tokens a second, streamed a few tokens per event, and a share
 * of calls answered 429 with `retry-after` (a rate-limit storm is that share raised for a while).
 */

export interface LoadProfile {
  /** Time to the first content, drawn uniformly per request (ms). */
  firstTokenMs: [number, number];
  /** Streaming speed, drawn uniformly per request. */
  tokensPerSecond: [number, number];
  /** Tokens per streamed event (default 4: Anthropic sends a few tokens per delta). */
  tokensPerEvent?: number;
  /** Share of calls answered 429 rate_limit_error, 0-1 (default 0). */
  rateLimitShare?: number;
  /** The 429's `retry-after` header, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Seeded randomness for reproducible runs; Math.random otherwise. */
  random?: () => number;
}

/** A realistic Sonnet-like profile: the figures of the brief (issue 29). */
export const CLAUDE_LIKE: LoadProfile = { firstTokenMs: [600, 1_500], tokensPerSecond: [40, 80] };

const between = (range: [number, number], r: number) => range[0] + (range[1] - range[0]) * r;

export interface Pace {
  firstTokenMs: number;
  msPerToken: number;
  charsPerEvent: number;
}

/** One request's pace, drawn from the profile. */
export function pace(load: LoadProfile): Pace {
  const random = load.random ?? Math.random;
  return {
    firstTokenMs: between(load.firstTokenMs, random()),
    msPerToken: 1_000 / between(load.tokensPerSecond, random()),
    // ~4 characters a token, as the fake counts them (prompt-cache.ts).
    charsPerEvent: Math.max(1, (load.tokensPerEvent ?? 4) * 4),
  };
}

/** Whether this call is answered 429. */
export function rateLimited(load: LoadProfile | null): boolean {
  if (!load?.rateLimitShare) return false;
  return (load.random ?? Math.random)() < load.rateLimitShare;
}

/** Cuts text into events of `size` code points (never half an emoji). */
export function chunkBy(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}
