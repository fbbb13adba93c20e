import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { type BaseMessage, HumanMessage } from '@langchain/core/messages';
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
import { type ChatResult, streamChat, type ToolDefinition, type Voice } from './chat.js';
import { addTokens, noTokens, type TokenCounts } from './cost.js';
import {
  AgentFailedError,
  describeModelError,
  isAbort,
  isRateLimit,
  ModelRateLimitedError,
  ModelUnavailableError,
  retryAfterMs,
  StepDeclinedError,
} from './errors.js';
import { buildMessages } from './history.js';
import { parseToolArgs } from './partial-json.js';
import type { Resilience } from './resilience.js';
import { resolveDesignTurn, resolveStoryTurn } from './resolve.js';
import {
  BUILD_TOOL,
  DESIGN_ASKED,
  DESIGN_TOOL,
  REPLY_FIELD,
  readAsked,
  readDesignFields,
  readReply,
  readStoryFields,
  STORY_ASKED,
  STORY_TOOL,
  strictSchema,
} from './tools.js';

/**
 * The model brain: each agent turn is one model call to the agent's one tool, whose required
 * `reply` is what the child hears (streamed from the tool call while it is written) and whose other
 * fields record what was learned. Whatever shape the answer comes in is used: text then a tool
 * call, a tool call alone, text alone; invalid fields are dropped and contradictory ones resolved
 * by the rules in resolve.ts, never the whole turn. Only when nothing usable came back (no reply at
 * all, or no game to build) is the call retried once. What still fails leaves as a typed error, and
 * the offline brain beneath (src/agents/layers/fallback.ts, composed in src/bootstrap.ts) says that
 * step: the child never sees an error and never gets a generic game.
 */

/** Past these many child turns in one phase the offline brain's safety valve takes over. */
const HARD_LIMIT: Partial<Record<Phase, number>> = { identifying: 6, discussing: 8, designing: 8 };

/** The shape the model's answer came in (the first attempt's). */
export type AnswerShape = 'text+tool' | 'tool' | 'text' | 'none';

export interface ModelCallInfo {
  agent: AgentName;
  /** The phase the turn ran in (before it), for cost by phase. */
  phase?: Phase;
  outcome: 'ok' | 'invalid' | 'error' | 'circuit_open';
  ms: number;
  error?: string;
  /** Tokens this turn used (every attempt), when the provider reported them. */
  usage?: TokenUsage;
  /** The same tokens by how they are billed (uncached input, output, cache write, cache read). */
  tokens?: TokenCounts;
  /** How the model answered, whether a corrective retry was needed, which rules fired (no child words). */
  shape?: AnswerShape;
  retried?: boolean;
  fixes?: string[];
  /** The first call's time to first token (its successful attempt), for the latency metric. */
  firstTokenMs?: number;
}

export interface ModelBrainOptions {
  /** Shown in health and logs, e.g. `anthropic:claude-sonnet-4-5`. */
  name: string;
  model: BaseChatModel;
  resilience: Resilience;
  streamIdleMs: number;
  historyTurns: number;
  /**
   * How the tool call is required: `named` forces the agent's tool (Anthropic `{type: 'tool'}`,
   * OpenAI `{type: 'function'}`), `any` forces some tool (`any` / `required`: for local servers
   * that accept only the string forms), `auto` leaves it to the model. Default `named`.
   */
  toolChoice?: 'named' | 'any' | 'auto';
  /** Strict tool use (Anthropic structured outputs): the schema is sent in its strict form. */
  strictTools?: boolean;
  /** Anthropic prompt caching: the stable prefix of each prompt is marked (history.ts). */
  promptCache?: boolean;
  /** Observability hook (metrics, logs); never receives the child's words. */
  onCall?: (info: ModelCallInfo) => void;
}

/** One attempt's answer, read leniently. */
interface Answer {
  /** The spoken reply: the voice that was streamed, else whichever came. '' when none. */
  reply: string;
  voice: Voice;
  /** The tool call's arguments (repaired if need be); null when there was no usable call. */
  args: Record<string, unknown> | null;
  shape: AnswerShape;
}

/** What an agent makes of an answer: its result and the rules that fired, or null (nothing usable). */
type Interpret<R> = (answer: Answer) => { result: R; fixes: string[] } | null;

interface AgentSpec<R> {
  agent: AgentName;
  tool: ToolDefinition;
  interpret: Interpret<R>;
  /** Said in the corrective retry: what was missing. */
  missing: string;
}

const emptyUsage = (): TokenUsage => ({ inputTokens: 0, outputTokens: 0, calls: 0 });

/** What one agent turn spent, over all its calls: the session's usage, and tokens as billed. */
interface Spent {
  usage: TokenUsage;
  tokens: TokenCounts;
}

function readAnswer(r: ChatResult, toolName: string): Answer {
  const tc =
    r.toolCalls.find((t) => t.name === toolName) ?? (r.toolCalls.length === 1 ? r.toolCalls[0] : undefined);
  const args = tc ? parseToolArgs(tc.args).value : null;
  // The reply as parsed, else as decoded while streaming (the JSON may have broken after it).
  const toolReply = readReply(args) || tc?.reply.trim() || '';
  const text = r.text.trim();
  const reply = r.voice === 'tool' ? toolReply : text || toolReply;
  const shape: AnswerShape = tc ? (text ? 'text+tool' : 'tool') : text ? 'text' : 'none';
  return { reply, voice: r.voice, args, shape };
}

/** The tool's arguments without the reply: the record itself. */
function recordOf(args: Record<string, unknown> | null): Record<string, unknown> {
  if (!args) return {};
  const { [REPLY_FIELD]: _reply, ...rest } = args;
  return rest;
}

export function createModelBrain(opts: ModelBrainOptions): Brain {
  const { model, resilience } = opts;
  const strict = opts.strictTools === true;
  const tools = new Map<string, ToolDefinition>();
  /** The tool as sent: in its strict form when strict tool use is on (computed once). */
  const sent = (tool: ToolDefinition): ToolDefinition => {
    if (!strict) return tool;
    let t = tools.get(tool.name);
    if (!t) {
      t = { ...tool, parameters: strictSchema(tool.parameters) as Record<string, unknown> };
      tools.set(tool.name, t);
    }
    return t;
  };
  const choiceFor = (tool: ToolDefinition): string => {
    const mode = opts.toolChoice ?? 'named';
    return mode === 'named' ? tool.name : mode;
  };

  /** One model call through timeout, retries and the breaker; tokens streamed, usage counted. */
  async function call(
    messages: BaseMessage[],
    tool: ToolDefinition,
    ctx: TurnContext | undefined,
    spent: Spent,
    stream: boolean,
  ): Promise<ChatResult> {
    const { usage } = spent;
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
          tools: [sent(tool)],
          toolChoice: choiceFor(tool),
          replyField: REPLY_FIELD,
          ...(strict ? { strict: true } : {}),
          signal,
          idleMs: opts.streamIdleMs,
          ...(onToken ? { onToken } : {}),
        });
        usage.inputTokens += r.inputTokens;
        usage.outputTokens += r.outputTokens;
        addTokens(spent.tokens, {
          input: Math.max(0, r.inputTokens - r.cacheWriteTokens - r.cacheReadTokens),
          output: r.outputTokens,
          cacheWrite: r.cacheWriteTokens,
          cacheRead: r.cacheReadTokens,
        });
        span.setAttributes({
          'gen_ai.usage.input_tokens': r.inputTokens,
          'gen_ai.usage.output_tokens': r.outputTokens,
          'gen_ai.usage.cache_creation_input_tokens': r.cacheWriteTokens,
          'gen_ai.usage.cache_read_input_tokens': r.cacheReadTokens,
        });
        return r;
      });
    }, ctx?.signal);
  }

  /**
   * The model's answer in whatever shape it came; one corrective retry only when nothing usable
   * came back. null: the offline brain takes this step (unsafe reply, or still nothing usable).
   */
  async function structured<R>(
    spec: AgentSpec<R>,
    state: SessionState,
    message: string | null,
    ctx: TurnContext | undefined,
    spent: Spent,
    info: Partial<ModelCallInfo>,
  ): Promise<R | null> {
    const messages = buildMessages(spec.agent, state, message, opts.historyTurns, {
      cache: opts.promptCache === true,
    });
    const firstResult = await call(messages, spec.tool, ctx, spent, true);
    if (firstResult.firstTokenMs !== undefined) info.firstTokenMs = firstResult.firstTokenMs;
    const first = readAnswer(firstResult, spec.tool.name);
    info.shape = first.shape;
    // An unsafe reply is never repaired in place: the offline brain says this step instead.
    if (first.reply && replyProblem(first.reply)) return null;
    const got = spec.interpret(first);
    if (got) {
      info.fixes = got.fixes;
      return got.result;
    }

    info.retried = true;
    // With a reply already spoken, only the record is asked for again (the child heard the reply).
    const ask = first.reply
      ? `(You said: "${first.reply}". But ${spec.missing}. Call ${spec.tool.name} again with the complete input; keep the same ${REPLY_FIELD}.)`
      : `(Nothing came back from you. Call ${spec.tool.name} now, with what you say to the child in ${REPLY_FIELD}.)`;
    const retry = readAnswer(
      await call([...messages, new HumanMessage(ask)], spec.tool, ctx, spent, !first.reply),
      spec.tool.name,
    );
    // The reply the child heard stands; the record is the retry's, else the first one's.
    const reply = first.reply || retry.reply;
    if (reply && replyProblem(reply)) return null;
    const merged: Answer = {
      reply,
      voice: first.voice ?? retry.voice,
      args: retry.args && Object.keys(recordOf(retry.args)).length ? retry.args : (first.args ?? retry.args),
      shape: retry.shape,
    };
    const again = spec.interpret(merged);
    if (!again) return null;
    info.fixes = again.fixes;
    return again.result;
  }

  /**
   * Runs a model turn and reports how it went. Whatever goes wrong leaves as a typed error carrying
   * the tokens spent (nothing usable: AgentFailedError; an outage: ModelUnavailableError or
   * ModelRateLimitedError); the layer beneath (src/agents/layers/fallback.ts) decides what the
   * child hears then. A cancelled run just stops.
   */
  async function guarded<R extends { reply: string; usage?: TokenUsage }>(
    agent: AgentName,
    phase: Phase,
    ctx: TurnContext | undefined,
    spent: Spent,
    run: (info: Partial<ModelCallInfo>) => Promise<R | null>,
  ): Promise<R> {
    const { usage } = spent;
    const started = Date.now();
    const info: Partial<ModelCallInfo> = {};
    const report = (outcome: ModelCallInfo['outcome'], extra: Partial<ModelCallInfo> = {}) =>
      opts.onCall?.({
        agent,
        phase,
        outcome,
        ms: Date.now() - started,
        ...(usage.calls > 0 ? { usage, tokens: spent.tokens } : {}),
        ...(info.shape ? { shape: info.shape } : {}),
        retried: info.retried === true,
        ...(info.fixes?.length ? { fixes: info.fixes } : {}),
        ...(info.firstTokenMs !== undefined ? { firstTokenMs: info.firstTokenMs } : {}),
        ...extra,
      });
    let r: R | null;
    try {
      r = await run(info);
    } catch (e) {
      if (isAbort(e, ctx?.signal)) throw e;
      const error = describeModelError(e);
      report(error === 'circuit_open' ? 'circuit_open' : 'error', { error });
      const failed = isRateLimit(e)
        ? new ModelRateLimitedError(retryAfterMs(e), e)
        : new ModelUnavailableError(e);
      if (usage.calls > 0) failed.usage = usage;
      throw failed;
    }
    if (!r) {
      // Nothing usable even after the retry (or an unsafe reply).
      report('invalid');
      const failed = new AgentFailedError(agent);
      if (usage.calls > 0) failed.usage = usage;
      throw failed;
    }
    report('ok');
    return usage.calls > 0 ? { ...r, usage } : r;
  }

  const pastLimit = (state: SessionState) =>
    state.turnsInPhase >= (HARD_LIMIT[state.phase] ?? Number.POSITIVE_INFINITY);

  /** One agent turn: the structured call, reported, its failures typed. */
  function modelTurn<R extends { reply: string; usage?: TokenUsage }>(
    spec: AgentSpec<R>,
    state: SessionState,
    message: string | null,
    ctx: TurnContext | undefined,
  ): Promise<R> {
    const spent: Spent = { usage: emptyUsage(), tokens: noTokens() };
    return guarded<R>(spec.agent, state.phase, ctx, spent, (info) =>
      structured(spec, state, message, ctx, spent, info),
    );
  }

  async function storyAnalyst(state: SessionState, message: string | null, ctx?: TurnContext) {
    if (pastLimit(state)) throw new StepDeclinedError('story_analyst', 'past_limit');
    return modelTurn<StoryAnalystResult>(
      {
        agent: 'story_analyst',
        tool: STORY_TOOL,
        missing: 'your spoken reply was missing',
        interpret: (answer) => {
          if (!answer.reply) return null;
          const read = readStoryFields(recordOf(answer.args));
          const { fields, fixes } = resolveStoryTurn(read.fields, state, message);
          const r: StoryAnalystResult = { reply: answer.reply };
          if (fields.book === null) r.book = null;
          else if (fields.book) r.book = withCatalogId(fields.book);
          if (fields.bookConfirmed !== undefined) r.bookConfirmed = fields.bookConfirmed;
          if (fields.analysis) r.analysis = fields.analysis;
          const asked = readAsked(recordOf(answer.args), STORY_ASKED);
          if (asked) r.asked = asked;
          return { result: r, fixes: [...read.dropped.map((d) => `dropped:${d}`), ...fixes] };
        },
      },
      state,
      message,
      ctx,
    );
  }

  async function gameDesigner(state: SessionState, message: string | null, ctx?: TurnContext) {
    if (pastLimit(state)) throw new StepDeclinedError('game_designer', 'past_limit');
    return modelTurn<GameDesignerResult>(
      {
        agent: 'game_designer',
        tool: DESIGN_TOOL,
        missing: 'your spoken reply was missing',
        interpret: (answer) => {
          if (!answer.reply) return null;
          const read = readDesignFields(recordOf(answer.args));
          const { fields, fixes } = resolveDesignTurn(read.fields, state, message);
          const r: GameDesignerResult = { reply: answer.reply };
          if (fields.design) r.design = fields.design;
          if (fields.readyToBuild) r.readyToBuild = true;
          const asked = readAsked(recordOf(answer.args), DESIGN_ASKED);
          if (asked) r.asked = asked;
          return { result: r, fixes: [...read.dropped.map((d) => `dropped:${d}`), ...fixes] };
        },
      },
      state,
      message,
      ctx,
    );
  }

  async function codeGenerator(state: SessionState, message: string | null, ctx?: TurnContext) {
    // Remixes and "make another" after the game exists are the offline brain's knobs for now.
    if (state.phase !== 'generating') throw new StepDeclinedError('code_generator', 'not_generating');
    return modelTurn<CodeGeneratorResult>(
      {
        agent: 'code_generator',
        tool: BUILD_TOOL,
        missing: `the game specification was missing: call ${BUILD_TOOL.name} with every field`,
        interpret: (answer) => {
          const record = recordOf(answer.args);
          // A spec with a few fields is repaired, not thrown away: it is the child's game. One with
          // next to nothing would be a generic game: that is asked for again.
          if (Object.keys(record).length < 3) return null;
          const parsed = GameSpecSchema.safeParse(record);
          const spec = withDesign(parsed.success ? parsed.data : repairSpec(record), state);
          const reply = answer.reply || 'Your game is ready! Tap play to start.';
          return {
            result: { reply, spec, asked: 'none' as const },
            fixes: parsed.success ? [] : ['spec_repaired'],
          };
        },
      },
      state,
      message,
      ctx,
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
