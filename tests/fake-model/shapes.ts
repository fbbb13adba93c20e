import { lastUser, scriptedAgent } from './agent.js';
import type { FakeRequest, Handler, ReplyStep } from './server.js';

/**
 * The shapes a real model's answer comes in, applied to a well-behaved scripted answer (reply text
 * plus a tool call): text then the tool call, the reply inside the tool call and no text, text with
 * no tool call, fields that contradict each other or the child, an empty record, JSON cut off
 * after the reply. `realisticModel` mixes them, seeded, the way a real model varies; like Claude,
 * it writes no text when the request forces the tool (unless told it ignores tool_choice, as some
 * local servers do).
 */

export const SHAPES = [
  'text+tool',
  'text+tool+reply',
  'tool',
  'text',
  'contradictory',
  'empty',
  'broken-json',
] as const;
export type Shape = (typeof SHAPES)[number];

/** How often each shape comes, before tool forcing: mostly text then a tool call. */
export const REALISTIC_MIX: Record<Shape, number> = {
  'text+tool': 0.45,
  'text+tool+reply': 0.1,
  tool: 0.15,
  text: 0.12,
  contradictory: 0.12,
  empty: 0.03,
  'broken-json': 0.03,
};

/** A seeded generator (mulberry32): the same seed gives the same conversation. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The request forces a tool call (a named tool, `any`, or OpenAI's `required`). */
export function forcesTool(req: FakeRequest): boolean {
  const c = req.toolChoice;
  return c !== undefined && c !== 'auto' && c !== 'none';
}

type Input = Record<string, unknown>;

const YES = /\b(yes|yeah|yep|yup|sure|ok|okay|right|correct)\b/i;
const NO = /\b(no|nope|not)\b/i;

const TYPE_PHRASES: Record<string, string> = {
  platformer: 'jumping game',
  collector: 'exploring game',
  avoider: 'dodging game',
  runner: 'running game',
  catcher: 'catching game',
  maze: 'maze game',
};

/**
 * Fields as a real model gets them wrong: contradicting each other or the child's words, outside
 * the list, or in the wrong JSON type. Each is one the app's rules are meant to settle.
 */
export function contradict(tool: string, input: Input, req: FakeRequest): Input {
  const said = lastUser(req);
  if (tool === 'record_story_turn') {
    if (input.bookConfirmed === true) return { ...input, clearBook: true };
    if (input.clearBook === true) return { ...input, bookConfirmed: true };
    const book = input.book as { title?: string } | undefined;
    if (book?.title) return { ...input, book: book.title };
    const analysis = input.analysis as Input | undefined;
    if (analysis) return { ...input, analysis: { ...analysis, setting: `${analysis.setting} `.repeat(12) } };
    // A question in the discussion: "the child said no" with nobody saying no.
    return NO.test(said) ? { ...input, bookConfirmed: 'true' } : { ...input, clearBook: true };
  }
  if (tool === 'record_design_turn') {
    const design = (input.design ?? {}) as Input;
    if (input.readyToBuild === true) {
      const { readyToBuild: _r, ...rest } = input;
      return { ...rest, design: { ...design, confirmed: 'true' } };
    }
    if (typeof design.gameType === 'string') {
      return { ...input, design: { ...design, gameType: TYPE_PHRASES[design.gameType] ?? design.gameType } };
    }
    if (design.hero && typeof design.hero === 'object') {
      return { ...input, design: { ...design, hero: (design.hero as { name: string }).name } };
    }
    if (Array.isArray(design.collectibles)) {
      return {
        ...input,
        design: { ...design, collectibles: (design.collectibles[0] as { name: string }).name },
      };
    }
    // Nothing decided this turn, yet "ready to build" (the child said no, or nothing is chosen).
    return YES.test(said) ? input : { ...input, readyToBuild: true };
  }
  if (tool === 'build_game') {
    return {
      ...input,
      type: TYPE_PHRASES[String(input.type)] ?? input.type,
      title: `${input.title} `.repeat(8),
    };
  }
  return input;
}

/** The scripted answer `step` in the given shape. */
export function shapeStep(
  step: ReplyStep,
  shape: Shape,
  req: FakeRequest,
  random: () => number = Math.random,
): ReplyStep {
  const { tool, text } = step;
  const input = (tool?.input ?? {}) as Input;
  const name = tool?.name ?? req.toolNames[0] ?? 'tool';
  const chunks = 3 + Math.floor(random() * 6);
  const base = { ...step, tool: undefined, text: '' };
  switch (shape) {
    case 'text+tool':
      return { ...base, text, tool: { name, input } };
    case 'text+tool+reply':
      return { ...base, text, tool: { name, input: { reply: text, ...input } } };
    case 'tool':
      return { ...base, chunks, tool: { name, input: { reply: text, ...input } } };
    case 'text':
      return { ...base, text };
    case 'contradictory':
      return { ...base, chunks, tool: { name, input: { reply: text, ...contradict(name, input, req) } } };
    case 'empty':
      return { ...base, tool: { name, input: {} } };
    case 'broken-json': {
      // Cut off (as at max_tokens) somewhere after the reply was written.
      const raw = JSON.stringify({ reply: text, ...input });
      const after = JSON.stringify({ reply: text }).length - 1;
      const at = after + Math.floor(random() * Math.max(1, raw.length - 1 - after));
      return { ...base, chunks, tool: { name, raw: raw.slice(0, at) } };
    }
  }
}

/** What a model that honours a forced tool call does with a shape that has text. */
function forced(shape: Shape): Shape {
  return shape === 'text+tool' || shape === 'text+tool+reply' || shape === 'text' ? 'tool' : shape;
}

export interface RealisticOptions {
  seed: number;
  mix?: Partial<Record<Shape, number>>;
  /** false: a server that ignores tool_choice (every shape reaches the app). Default true. */
  honourToolChoice?: boolean;
  /** The well-behaved answer to shape (default: the scripted agent). */
  base?: (req: FakeRequest) => ReplyStep;
  /** Told the shape each request was answered in. */
  onShape?: (shape: Shape, req: FakeRequest) => void;
}

/** A handler answering like a real model: the scripted agent's answer in a seeded mix of shapes. */
export function realisticModel(opts: RealisticOptions): Handler {
  const random = seeded(opts.seed);
  const mix = { ...REALISTIC_MIX, ...opts.mix };
  const total = SHAPES.reduce((sum, s) => sum + (mix[s] ?? 0), 0);
  const honour = opts.honourToolChoice ?? true;
  const base = opts.base ?? scriptedAgent;
  return (req) => {
    let r = random() * total;
    let shape: Shape = 'text+tool';
    for (const s of SHAPES) {
      r -= mix[s] ?? 0;
      if (r < 0) {
        shape = s;
        break;
      }
    }
    if (honour && forcesTool(req)) shape = forced(shape);
    opts.onShape?.(shape, req);
    return shapeStep(base(req), shape, req, random);
  };
}

/** A handler answering the scripted agent's answers in the given shapes, one per request, then `tool`. */
export function shapedAgent(...shapes: Shape[]): Handler {
  const queue = [...shapes];
  return (req) => shapeStep(scriptedAgent(req), queue.shift() ?? 'tool', req);
}
