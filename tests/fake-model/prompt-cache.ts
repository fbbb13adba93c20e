import { createHash } from 'node:crypto';

/**
 * The fake provider's token counts and prompt cache, following Anthropic's documented rules
 * (docs.claude.com, "Prompt caching" and "Tool use: pricing", read 2026-12-08) so that what the app
 * saves by caching is measured as a bill would show it:
 *
 * - the prompt is read in order tools → system → messages; a `cache_control` breakpoint on a block
 *   caches the whole prefix up to and including that block (at most 4 breakpoints: more is a 400);
 * - a prefix shorter than the model's minimum (1,024 tokens for Sonnet) is not cached, silently;
 * - an entry lives 5 minutes, refreshed each time it is read;
 * - on a request, the longest cached prefix found at or up to 20 blocks before a breakpoint is read
 *   (`cache_read_input_tokens`); from there to the last cacheable breakpoint is written
 *   (`cache_creation_input_tokens`); the rest is `input_tokens`;
 * - a forced tool choice adds the provider's tool-use system prompt (313 tokens for Sonnet 4.5).
 *
 * Tokens are estimated deterministically at 4 characters a token: close enough for English, and the
 * same prompt always costs the same.
 */

export const CHARS_PER_TOKEN = 4;
export const MIN_CACHEABLE_TOKENS = 1_024;
export const CACHE_TTL_MS = 5 * 60_000;
export const MAX_BREAKPOINTS = 4;
/** Blocks before a breakpoint searched for an earlier cache entry. */
export const LOOKBACK_BLOCKS = 20;
/** Tool-use system prompt tokens (Sonnet 4.5): tool_choice any/tool, and auto/none. */
export const TOOL_SYSTEM_TOKENS = { forced: 313, auto: 346 } as const;

export const estimateTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

interface Block {
  text: string;
  breakpoint: boolean;
}

export interface PromptUsage {
  input_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export class CacheRuleError extends Error {}

const hasBreakpoint = (b: unknown): boolean =>
  typeof b === 'object' && b !== null && 'cache_control' in b && Boolean(b.cache_control);

function contentBlocks(content: unknown): Block[] {
  if (typeof content === 'string') return [{ text: content, breakpoint: false }];
  if (!Array.isArray(content)) return [];
  return content.map((b) => {
    const { cache_control: _c, ...rest } = (b ?? {}) as Record<string, unknown>;
    const text = typeof rest.text === 'string' ? rest.text : JSON.stringify(rest);
    return { text, breakpoint: hasBreakpoint(b) };
  });
}

/** The prompt as the provider reads it: tools, then system, then each message's content blocks. */
export function promptBlocks(body: Record<string, unknown>): Block[] {
  const tools = Array.isArray(body.tools) ? (body.tools as Array<Record<string, unknown>>) : [];
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  return [
    ...tools.map((t) => {
      const { cache_control: _c, ...rest } = t;
      return { text: JSON.stringify(rest), breakpoint: hasBreakpoint(t) };
    }),
    ...contentBlocks(body.system),
    ...messages.flatMap((m) => contentBlocks(m.content)),
  ];
}

function toolSystemTokens(body: Record<string, unknown>): number {
  if (!Array.isArray(body.tools) || body.tools.length === 0) return 0;
  const choice = (body.tool_choice as { type?: string } | undefined)?.type;
  return choice === 'any' || choice === 'tool' ? TOOL_SYSTEM_TOKENS.forced : TOOL_SYSTEM_TOKENS.auto;
}

/** One organisation's prompt cache (entries keyed by model and prefix), with a clock for tests. */
export function createPromptCache(now: () => number = Date.now) {
  const entries = new Map<string, number>();
  let sweptAt = 0;

  /** Drops expired entries now and then, so a long run does not keep every prefix ever seen. */
  function sweep(t: number) {
    if (t - sweptAt < 30_000) return;
    sweptAt = t;
    for (const [k, expires] of entries) if (expires <= t) entries.delete(k);
  }

  /** The usage one request is billed for; writes and refreshes entries as the provider would. */
  function account(body: Record<string, unknown>): PromptUsage {
    const blocks = promptBlocks(body);
    const breakpoints = blocks.flatMap((b, i) => (b.breakpoint ? [i] : []));
    if (breakpoints.length > MAX_BREAKPOINTS) {
      throw new CacheRuleError(
        `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints.length}.`,
      );
    }
    const base = toolSystemTokens(body);
    const upTo: number[] = [];
    const keys: string[] = [];
    let sum = base;
    let hash = createHash('sha256')
      .update(String(body.model ?? ''))
      .digest('hex');
    for (const b of blocks) {
      sum += estimateTokens(b.text);
      upTo.push(sum);
      hash = createHash('sha256').update(hash).update(b.text).digest('hex');
      keys.push(hash);
    }
    const total = sum;
    if (breakpoints.length === 0) return { input_tokens: total };
    const t = now();
    sweep(t);
    const live = (i: number) => (entries.get(keys[i] as string) ?? 0) > t;
    // The longest cached prefix at, or shortly before, any breakpoint.
    let hit = -1;
    for (const bp of breakpoints) {
      for (let i = bp; i >= Math.max(0, bp - LOOKBACK_BLOCKS) && i > hit; i--) {
        if (live(i)) {
          hit = i;
          break;
        }
      }
    }
    if (hit >= 0) entries.set(keys[hit] as string, t + CACHE_TTL_MS);
    const read = hit >= 0 ? (upTo[hit] as number) : 0;
    let written = read;
    for (const bp of breakpoints) {
      if (bp <= hit || (upTo[bp] as number) < MIN_CACHEABLE_TOKENS) continue;
      entries.set(keys[bp] as string, t + CACHE_TTL_MS);
      written = upTo[bp] as number;
    }
    return {
      input_tokens: total - written,
      cache_creation_input_tokens: written - read,
      cache_read_input_tokens: read,
    };
  }

  return { account, size: () => entries.size, clear: () => entries.clear() };
}

export type PromptCache = ReturnType<typeof createPromptCache>;
