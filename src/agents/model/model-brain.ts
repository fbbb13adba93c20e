import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type BaseMessage, HumanMessage } from '@langchain/core/messages';
import type { z } from 'zod';
import { findBook } from '../../books/match.js';
import { repairSpec } from '../../games/repair.js';
import { type GameSpec, GameSpecSchema } from '../../games/spec.js';
import { inSpan } from '../../observability/tracing.js';
import { replyProblem } from '../../safety/moderate.js';
import type {
  Brain,
  CodeGeneratorResult,
  GameDesignerResult,
  StoryAnalystResult,
  TurnContext,
} from '../brain.js';
import type { AgentName, BookInfo, Phase, SessionState, TokenUsage } from '../state.js';
import { type ChatResult, streamChat, type ToolDefinition } from './chat.js';
import {
  AgentFailedError,
  describeModelError,
  isAbort,
  isRateLimit,
  ModelRateLimitedError,
  ModelUnavailableError,
  retryAfterMs,
} from './errors.js';
import { buildMessages } from './history.js';
import type { Resilience } from './resilience.js';
import {
  BUILD_TOOL,
  checkDesignTurn,
  checkStoryTurn,
  DESIGN_TOOL,
  type DesignTurn,
  DesignTurnSchema,
  explainIssues,
  STORY_TOOL,
  type StoryTurn,
  StoryTurnSchema,
} from './tools.js';

/**
 * The model brain: each agent turn is one model call that streams the spoken reply and then
 * records a structured result through a tool, validated with zod. An invalid result gets one
 * retry that names the problem; after that the offline brain takes that step. When the provider is
 * failing (retries spent, or the circuit is open) the offline brain answers too, and the child is
 * told once, gently. The child never sees an error and never gets a generic game.
 */

export const NAP_NOTICE = "My thinking cap is having a nap, so I'll use my quick brain for a bit!";

/** Past these many child turns in one phase the offline brain's safety valve takes over. */
const HARD_LIMIT: Partial<Record<Phase, number>> = { identifying: 6, discussing: 8, designing: 8 };

export interface ModelCallInfo {
  agent: AgentName;
  outcome: 'ok' | 'invalid' | 'error' | 'circuit_open';
  ms: number;
  error?: string;
  /** Tokens this turn used (every attempt), when the provider reported them. */
  usage?: TokenUsage;
}

export interface ModelBrainOptions {
  /** Shown in health and logs, e.g. `anthropic:claude-sonnet-4-5`. */
  name: string;
  model: BaseChatModel;
  /** The offline brain: the floor under every turn. */
  fallback: Brain;
  resilience: Resilience;
  streamIdleMs: number;
  historyTurns: number;
  /** false: an outage throws ModelUnavailableError/ModelRateLimitedError instead of falling back. */
  allowFallback: boolean;
  /** Observability hook (metrics, logs); never receives the child's words. */
  onCall?: (info: ModelCallInfo) => void;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

interface StructuredSpec<T> {
  agent: AgentName;
  tool: ToolDefinition;
  /** Validates the tool's arguments (already JSON-parsed). */
  parse: (args: unknown) => Parsed<T>;
  /** A turn without the tool call is invalid (the Code Generator must build). */
  requireTool: boolean;
}

type StructuredOutcome<T> =
  | { kind: 'ok'; text: string; value: T | null }
  | { kind: 'invalid'; text: string; lastArgs: unknown };

const emptyUsage = (): TokenUsage => ({ inputTokens: 0, outputTokens: 0, calls: 0 });

function zodParse<S extends z.ZodType>(schema: S, check?: (v: z.infer<S>) => string | null) {
  return (args: unknown): Parsed<z.infer<S>> => {
    const r = schema.safeParse(args);
    if (!r.success) return { ok: false, error: explainIssues(r.error) };
    const problem = check?.(r.data);
    return problem ? { ok: false, error: problem } : { ok: true, value: r.data };
  };
}

export function createModelBrain(opts: ModelBrainOptions): Brain {
  const { model, fallback, resilience } = opts;
  // Sessions already told about the nap; cleared when the provider recovers.
  const announced = new Set<string>();
  resilience.onReset(() => announced.clear());

  /** One model call through timeout, retries and the breaker; tokens streamed, usage counted. */
  async function call(
    messages: BaseMessage[],
    tool: ToolDefinition,
    toolChoice: 'auto' | string,
    ctx: TurnContext | undefined,
    usage: TokenUsage,
    stream: boolean,
  ): Promise<ChatResult> {
    let streamed = false;
    return resilience.execute(async ({ signal }) => {
      usage.calls += 1;
      // Text from a failed attempt was already shown: void it before a retry streams anew.
      if (streamed) {
        ctx?.onEvent?.({ type: 'restart' });
        streamed = false;
      }
      const onToken =
        stream && ctx?.onToken
          ? (delta: string) => {
              streamed = true;
              ctx.onToken?.(delta);
            }
          : undefined;
      // One span per attempt, so retries show up in a trace as siblings under the agent's span.
      const attrs = {
        'gamemaker.brain': opts.name,
        'gamemaker.tool': tool.name,
        'gamemaker.attempt': usage.calls,
      };
      return inSpan('model.call', attrs, async (span) => {
        const r = await streamChat(model, {
          messages,
          tools: [tool],
          toolChoice,
          signal,
          idleMs: opts.streamIdleMs,
          ...(onToken ? { onToken } : {}),
        });
        usage.inputTokens += r.inputTokens;
        usage.outputTokens += r.outputTokens;
        span.setAttributes({
          'gen_ai.usage.input_tokens': r.inputTokens,
          'gen_ai.usage.output_tokens': r.outputTokens,
        });
        return r;
      });
    }, ctx?.signal);
  }

  function evaluate<T>(
    spec: StructuredSpec<T>,
    r: ChatResult,
  ): { value: T | null; args: unknown; error: string | null } {
    const tc = r.toolCalls.find((t) => t.name === spec.tool.name);
    if (!tc) {
      return {
        value: null,
        args: undefined,
        error: spec.requireTool ? `you did not call ${spec.tool.name}` : null,
      };
    }
    let args: unknown;
    try {
      args = tc.args.trim() === '' ? {} : JSON.parse(tc.args);
    } catch {
      return { value: null, args: undefined, error: `the ${spec.tool.name} arguments were not valid JSON` };
    }
    const parsed = spec.parse(args);
    return parsed.ok
      ? { value: parsed.value, args, error: null }
      : { value: null, args, error: parsed.error };
  }

  /** The reply plus a validated structured result, with one corrective retry. */
  async function structured<T>(
    spec: StructuredSpec<T>,
    state: SessionState,
    message: string | null,
    ctx: TurnContext | undefined,
    usage: TokenUsage,
  ): Promise<StructuredOutcome<T>> {
    const messages = buildMessages(spec.agent, state, message, opts.historyTurns);
    const first = await call(messages, spec.tool, 'auto', ctx, usage, true);
    let text = first.text.trim();
    // An unsafe reply is never repaired in place: the offline brain says this step instead.
    if (replyProblem(text)) return { kind: 'invalid', text: '', lastArgs: undefined };
    let result = evaluate(spec, first);
    if (!result.error && text) return { kind: 'ok', text, value: result.value };

    const problem = result.error ?? 'your spoken reply was missing';
    // With a reply already spoken, only the record is asked for again (the child heard the reply).
    const retryMessages = [
      ...messages,
      new HumanMessage(
        text
          ? `(You said: "${text}". But ${problem}. Call ${spec.tool.name} again with corrected input; say nothing else.)`
          : `(${problem}. Write your spoken reply, then call ${spec.tool.name}.)`,
      ),
    ];
    const second = await call(retryMessages, spec.tool, text ? spec.tool.name : 'auto', ctx, usage, !text);
    if (!text) text = second.text.trim();
    if (replyProblem(text)) return { kind: 'invalid', text: '', lastArgs: undefined };
    const retried = evaluate(spec, second);
    result = retried.error ? { ...retried, args: retried.args ?? result.args } : retried;
    if (!result.error && text) return { kind: 'ok', text, value: result.value };
    return { kind: 'invalid', text, lastArgs: result.args };
  }

  /**
   * Runs a model turn; on an outage answers with the offline brain instead (announced once per
   * session), or throws the typed error when fallback is off. A cancelled run just stops.
   */
  async function guarded<R extends { reply: string; usage?: TokenUsage }>(
    agent: AgentName,
    ctx: TurnContext | undefined,
    usage: TokenUsage,
    run: () => Promise<R | null>,
    offline: () => Promise<R>,
  ): Promise<R> {
    const started = Date.now();
    const withUsage = (r: R): R => (usage.calls > 0 ? { ...r, usage } : r);
    try {
      const r = await run();
      if (r) {
        opts.onCall?.({ agent, outcome: 'ok', ms: Date.now() - started, usage });
        if (ctx?.sessionId) announced.delete(ctx.sessionId);
        return withUsage(r);
      }
      // Structured output still invalid after its retry: the offline brain takes this step, quietly,
      // unless fallback is switched off.
      opts.onCall?.({ agent, outcome: 'invalid', ms: Date.now() - started, usage });
      if (!opts.allowFallback) throw new AgentFailedError(agent);
      return withUsage(await offline());
    } catch (e) {
      if (isAbort(e, ctx?.signal)) throw e;
      const error = describeModelError(e);
      opts.onCall?.({
        agent,
        outcome: error === 'circuit_open' ? 'circuit_open' : 'error',
        ms: Date.now() - started,
        error,
      });
      if (!opts.allowFallback) {
        throw isRateLimit(e) ? new ModelRateLimitedError(retryAfterMs(e), e) : new ModelUnavailableError(e);
      }
      const r = await offline();
      const key = ctx?.sessionId;
      if (key && announced.has(key)) return withUsage(r);
      // Bounded: a long outage with many sessions must not grow this without limit.
      if (announced.size > 10_000) announced.clear();
      if (key) announced.add(key);
      return withUsage({ ...r, reply: `${NAP_NOTICE} ${r.reply}` });
    }
  }

  const pastLimit = (state: SessionState) =>
    state.turnsInPhase >= (HARD_LIMIT[state.phase] ?? Number.POSITIVE_INFINITY);

  /** One agent turn: the structured call, mapped to the agent's result, guarded by the fallback. */
  function modelTurn<T, R extends { reply: string; usage?: TokenUsage }>(
    spec: StructuredSpec<T>,
    state: SessionState,
    message: string | null,
    ctx: TurnContext | undefined,
    toResult: (out: StructuredOutcome<T>) => R | null,
    offline: () => Promise<R>,
  ): Promise<R> {
    const usage = emptyUsage();
    return guarded<R>(
      spec.agent,
      ctx,
      usage,
      async () => toResult(await structured(spec, state, message, ctx, usage)),
      offline,
    );
  }

  async function storyAnalyst(state: SessionState, message: string | null, ctx?: TurnContext) {
    const offline = () => fallback.storyAnalyst(state, message, ctx);
    if (pastLimit(state)) return offline();
    const spec = {
      agent: 'story_analyst' as const,
      tool: STORY_TOOL,
      parse: zodParse(StoryTurnSchema, (t) => checkStoryTurn(t, state)),
      requireTool: false,
    };
    return modelTurn<StoryTurn, StoryAnalystResult>(
      spec,
      state,
      message,
      ctx,
      (out) => {
        if (out.kind === 'invalid') return null;
        const r: StoryAnalystResult = { reply: out.text };
        const t = out.value;
        if (!t) return r;
        if (t.clearBook) r.book = null;
        if (t.book) r.book = withCatalogId(t.book);
        if (t.bookConfirmed !== undefined) r.bookConfirmed = t.bookConfirmed;
        if (t.analysis) r.analysis = t.analysis;
        return r;
      },
      offline,
    );
  }

  async function gameDesigner(state: SessionState, message: string | null, ctx?: TurnContext) {
    const offline = () => fallback.gameDesigner(state, message, ctx);
    if (pastLimit(state)) return offline();
    const spec = {
      agent: 'game_designer' as const,
      tool: DESIGN_TOOL,
      parse: zodParse(DesignTurnSchema, (t) => checkDesignTurn(t, state)),
      requireTool: false,
    };
    return modelTurn<DesignTurn, GameDesignerResult>(
      spec,
      state,
      message,
      ctx,
      (out) => {
        if (out.kind === 'invalid') return null;
        const r: GameDesignerResult = { reply: out.text };
        if (out.value?.design) r.design = out.value.design;
        if (out.value?.readyToBuild) r.readyToBuild = true;
        return r;
      },
      offline,
    );
  }

  async function codeGenerator(state: SessionState, message: string | null, ctx?: TurnContext) {
    const offline = () => fallback.codeGenerator(state, message, ctx);
    // Remixes and "make another" after the game exists are the offline brain's knobs for now.
    if (state.phase !== 'generating') return offline();
    const spec = {
      agent: 'code_generator' as const,
      tool: BUILD_TOOL,
      parse: zodParse(GameSpecSchema),
      requireTool: true,
    };
    return modelTurn<GameSpec, CodeGeneratorResult>(
      spec,
      state,
      message,
      ctx,
      (out) => {
        // A spec that is still off after its retry is repaired, not thrown away: it is the child's game.
        const raw = out.kind === 'ok' ? out.value : out.lastArgs;
        if (raw === undefined || raw === null) return null;
        const reply = out.text || 'Your game is ready! Tap play to start.';
        return { reply, spec: withDesign(repairSpec(raw), state) };
      },
      offline,
    );
  }

  return { name: opts.name, storyAnalyst, gameDesigner, codeGenerator };
}

/** Links the model's book to our catalog when it is one we know (better emoji, characters, palette). */
function withCatalogId(book: { title: string; author?: string | undefined }): BookInfo {
  const match = findBook(book.author ? `${book.title} by ${book.author}` : book.title);
  return {
    title: book.title,
    ...(book.author ? { author: book.author } : {}),
    ...(match ? { catalogId: match.book.id } : {}),
  };
}

/**
 * The child's design wins over the model's spec: the game type, the hero and the names of what to
 * collect and avoid are the child's own words, and the book is the one they confirmed.
 */
export function withDesign(spec: GameSpec, state: SessionState): GameSpec {
  const d = state.design ?? {};
  const next: Record<string, unknown> = { ...spec };
  if (d.gameType && d.gameType !== spec.type) {
    next.type = d.gameType;
    // The model's goal was chosen for another game type; the type's default goal plays well.
    delete next.goal;
  }
  if (state.book)
    next.book = { title: state.book.title, ...(state.book.author ? { author: state.book.author } : {}) };
  if (d.hero)
    next.hero = { ...spec.hero, name: d.hero.name, ...(d.hero.emoji ? { emoji: d.hero.emoji } : {}) };
  const rename = <T extends { name: string; emoji: string }>(
    items: T[],
    wanted?: Array<{ name: string; emoji?: string | undefined }>,
  ) => {
    if (!wanted?.length) return items;
    return wanted.map((w, i) => {
      const base = items[i] ?? items[0];
      return { ...base, name: w.name, ...(w.emoji ? { emoji: w.emoji } : {}) } as T;
    });
  };
  next.collectibles = rename(spec.collectibles, d.collectibles);
  next.hazards = rename(spec.hazards, d.hazards);
  return repairSpec(next);
}
