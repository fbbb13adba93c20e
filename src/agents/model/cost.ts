/**
 * What model calls cost, from the usage the provider reports. Prices are Claude Sonnet 4.5's public
 * list prices in US dollars per million tokens, as published on https://www.anthropic.com/pricing
 * (API section) and https://docs.claude.com/en/docs/about-claude/pricing, read 2026-12-08:
 * input $3, output $15, 5-minute cache write $3.75 (1.25× input), cache read $0.30 (0.1× input).
 * A change of model or price is a change here, so the dashboards' dollars stay true.
 */

export interface Prices {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export const SONNET_4_5_PRICES: Prices = { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 };

/** Tokens by how they are billed. `input` is the uncached input only (the provider's input_tokens). */
export interface TokenCounts {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

export const TOKEN_KINDS = ['input', 'output', 'cacheWrite', 'cacheRead'] as const;

export const noTokens = (): TokenCounts => ({ input: 0, output: 0, cacheWrite: 0, cacheRead: 0 });

export function addTokens(into: TokenCounts, more: TokenCounts): TokenCounts {
  for (const k of TOKEN_KINDS) into[k] += more[k];
  return into;
}

/** The dollars these tokens cost at `prices`. */
export function costUsd(t: TokenCounts, prices: Prices = SONNET_4_5_PRICES): number {
  return (
    (t.input * prices.input +
      t.output * prices.output +
      t.cacheWrite * prices.cacheWrite +
      t.cacheRead * prices.cacheRead) /
    1_000_000
  );
}
