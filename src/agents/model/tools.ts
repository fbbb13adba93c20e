import { z } from 'zod';
import { GAME_TYPES, GameSpecSchema } from '../../games/spec.js';
import { graphemes } from '../../text/graphemes.js';
import { type Asked, BookAnalysisSchema, type GameDesign, GameDesignSchema } from '../state.js';
import type { ToolDefinition } from './chat.js';

/**
 * The structured half of each agent's turn: the one tool the model calls, whose required `reply` is
 * what the child hears (streamed from the tool call as it is written), its zod schema (the JSON
 * schema the model sees is generated from it, so they cannot drift apart), and lenient readers that
 * keep every field that is valid on its own instead of rejecting a whole turn for one bad field.
 * Which fields then stand is decided by the rules in resolve.ts. Phases move only on what passes.
 */

/** The tool field that carries the spoken reply. */
export const REPLY_FIELD = 'reply';

const Reply = z
  .string()
  .describe(
    'Everything you say to the child this turn, read aloud: plain text, at most three short sentences, ending with your one question.',
  );

/** The questions each agent may end its reply with (state.asked): the chips and the page follow it. */
export const STORY_ASKED = [
  'book',
  'confirm',
  'describe',
  'favourite',
  'happens',
  'where',
  'trouble',
  'things',
  'best',
  'none',
  'other',
] as const satisfies readonly Asked[];
export const DESIGN_ASKED = [
  'type',
  'hero',
  'collect',
  'avoid',
  'read-back',
  'change',
  'none',
  'other',
] as const satisfies readonly Asked[];

const askedField = (list: readonly [Asked, ...Asked[]], meaning: string) =>
  z
    .enum(list)
    .optional()
    .describe(`The one question your reply ends with: ${meaning}; none when you ask nothing.`);

const Book = z.object({
  title: z.string().min(1).max(120).describe('The title, spelled correctly'),
  author: z.string().min(1).max(80).optional(),
});

export const StoryTurnSchema = z.object({
  reply: Reply,
  book: Book.optional().describe(
    'The book you think the child means. Set it when you ask "Is that <title> by <author>?", and again if they correct you.',
  ),
  clearBook: z.boolean().optional().describe('true when the child said it is NOT the book you suggested'),
  bookConfirmed: z
    .boolean()
    .optional()
    .describe(
      'true only when the child has clearly said yes, it is that book (or described a book you do not know)',
    ),
  analysis: BookAnalysisSchema.optional().describe(
    'Only when the chat about the book is finished (after 3 to 6 questions): what you learned, in the child’s words where possible',
  ),
  asked: askedField(
    STORY_ASKED,
    'book (which book), confirm ("Is that X?"), describe (what the unknown book is about), favourite (character), happens, where, trouble (baddie or problem), things (special things), best (best bit), other',
  ),
});
export type StoryTurn = z.infer<typeof StoryTurnSchema>;

export const DesignTurnSchema = z.object({
  reply: Reply,
  design: GameDesignSchema.omit({ confirmed: true })
    .optional()
    .describe(`Everything agreed so far. gameType is one of: ${GAME_TYPES.join(', ')}`),
  readyToBuild: z
    .boolean()
    .optional()
    .describe('true only when the child said yes to your one-sentence summary of the game'),
  asked: askedField(
    DESIGN_ASKED,
    'type (kind of game), hero (who they play), collect, avoid, read-back ("Shall I build it?"), change (what to change), other',
  ),
});
export type DesignTurn = z.infer<typeof DesignTurnSchema>;

export const TOOL_NAMES = {
  story_analyst: 'record_story_turn',
  game_designer: 'record_design_turn',
  code_generator: 'build_game',
} as const;

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  // `input`: the model writes what the schema accepts (before trimming and other transforms).
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

/** The build tool: the GameSpec with the spoken reply first (models write fields in schema order). */
function buildSchema(): Record<string, unknown> {
  const spec = jsonSchema(GameSpecSchema);
  const properties = (spec.properties ?? {}) as Record<string, unknown>;
  const required = Array.isArray(spec.required) ? (spec.required as string[]) : [];
  return {
    ...spec,
    properties: {
      reply: {
        type: 'string',
        description: 'One or two excited sentences to the child about the game you are building, read aloud.',
      },
      ...properties,
    },
    required: [REPLY_FIELD, ...required.filter((r) => r !== REPLY_FIELD)],
  };
}

export const STORY_TOOL: ToolDefinition = {
  name: TOOL_NAMES.story_analyst,
  description:
    'Say your reply to the child and record what you learned this turn about the book. Call it exactly once.',
  parameters: jsonSchema(StoryTurnSchema),
};

export const DESIGN_TOOL: ToolDefinition = {
  name: TOOL_NAMES.game_designer,
  description: 'Say your reply to the child and record the game design agreed so far. Call it exactly once.',
  parameters: jsonSchema(DesignTurnSchema),
};

export const BUILD_TOOL: ToolDefinition = {
  name: TOOL_NAMES.code_generator,
  description: 'Say a line to the child and build the game: the complete game specification. Call it once.',
  parameters: buildSchema(),
};

// Keywords Anthropic's strict tool use (structured outputs) does not accept; zod still checks them.
const UNSUPPORTED_IN_STRICT = [
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'pattern',
  'maxItems',
];

/**
 * A tool's JSON schema as strict tool use accepts it: every object closed (`additionalProperties:
 * false`), the constraints it cannot enforce removed (our zod readers still apply them).
 */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (UNSUPPORTED_IN_STRICT.includes(k)) continue;
    if (k === 'minItems' && typeof v === 'number' && v > 1) continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strictSchema(s)]))
        : strictSchema(v);
  }
  if (out.type === 'object') out.additionalProperties = false;
  return out;
}

/** Zod's issues as a short message the model can act on (names fields, never quotes the child). */
export function explainIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
    .join('; ');
}

// ---------------------------------------------------------------------------------------------
// Lenient readers: a field that is valid on its own is kept; an invalid one is dropped and named.

/** Text cut to at most `max` code units (zod's measure), only ever between graphemes. */
function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const g of graphemes(text)) {
    if (out.length + g.length > max) break;
    out += g;
  }
  return out.trim();
}

function setAt(root: unknown, path: PropertyKey[], value: unknown): void {
  let node = root as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<PropertyKey, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function getAt(root: unknown, path: PropertyKey[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  return node;
}

/**
 * The value as `schema` accepts it, after fitting what is merely too long (text cut between
 * graphemes, lists shortened): a model's one over-long name is no reason to lose the field.
 */
export function fitTo<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> | undefined {
  if (value === undefined || value === null) return undefined;
  let v: unknown = value;
  for (let pass = 0; pass < 3; pass++) {
    const r = schema.safeParse(v);
    if (r.success) return r.data;
    if (pass === 0) v = structuredClone(v);
    let changed = false;
    for (const issue of r.error.issues) {
      if (issue.code !== 'too_big' || typeof issue.maximum !== 'number') continue;
      const at = getAt(v, issue.path);
      const max = Number(issue.maximum);
      if (typeof at === 'string') {
        setAt(v, issue.path, fitText(at, max));
        changed = true;
      } else if (Array.isArray(at)) {
        setAt(v, issue.path, at.slice(0, max));
        changed = true;
      }
    }
    if (!changed) return undefined;
  }
  return undefined;
}

/** true/false, also as the strings models sometimes write; anything else is no answer. */
export function readBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

const Named = z.object({ name: z.string().min(1).max(40), emoji: z.string().max(16).optional() });
type NamedT = z.infer<typeof Named>;

/** `{name}` or just a name: models write both. */
function readNamed(v: unknown): NamedT | undefined {
  if (typeof v === 'string') return v.trim() ? fitTo(Named, { name: v.trim() }) : undefined;
  return fitTo(Named, v);
}

function readNamedList(v: unknown, max: number): NamedT[] | undefined {
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  const named = items.map(readNamed).filter((n): n is NamedT => n !== undefined);
  return named.length ? named.slice(0, max) : undefined;
}

/** The spoken reply from parsed arguments (a string, trimmed), or ''. */
export function readReply(args: Record<string, unknown> | null): string {
  const r = args?.[REPLY_FIELD];
  return typeof r === 'string' ? r.trim() : '';
}

/** The question the model said its reply ends with, if it is one this agent may ask. */
export function readAsked(
  args: Record<string, unknown>,
  list: readonly [Asked, ...Asked[]],
): Asked | undefined {
  const read = z.enum(list).safeParse(args.asked);
  return read.success ? read.data : undefined;
}

export interface StoryFields {
  book?: { title: string; author?: string | undefined };
  clearBook?: boolean;
  bookConfirmed?: boolean;
  analysis?: z.infer<typeof BookAnalysisSchema>;
}

/** The Story Analyst's fields that are valid on their own, and the names of those that were not. */
export function readStoryFields(args: Record<string, unknown>): { fields: StoryFields; dropped: string[] } {
  const fields: StoryFields = {};
  const dropped: string[] = [];
  const take = <K extends keyof StoryFields>(key: K, value: StoryFields[K] | undefined) => {
    if (value !== undefined) fields[key] = value;
    else if (args[key] !== undefined && args[key] !== null) dropped.push(key);
  };
  take('book', typeof args.book === 'string' ? fitTo(Book, { title: args.book }) : fitTo(Book, args.book));
  take('clearBook', readBoolean(args.clearBook));
  take('bookConfirmed', readBoolean(args.bookConfirmed));
  take('analysis', fitTo(BookAnalysisSchema, args.analysis));
  return { fields, dropped };
}

export interface DesignFields {
  /** May name a type outside the list ("jumping game"): resolve.ts maps or drops it. */
  gameType?: string;
  design?: Omit<GameDesign, 'gameType' | 'confirmed'>;
  readyToBuild?: boolean;
}

/** The Game Designer's fields that are valid on their own (`design.confirmed` read as readyToBuild). */
export function readDesignFields(args: Record<string, unknown>): { fields: DesignFields; dropped: string[] } {
  const fields: DesignFields = {};
  const dropped: string[] = [];
  const raw = args.design;
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw)))
    dropped.push('design');
  const d = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<
    string,
    unknown
  >;
  const design: NonNullable<DesignFields['design']> = {};
  if (typeof d.gameType === 'string' && d.gameType.trim()) fields.gameType = d.gameType.trim();
  else if (d.gameType !== undefined && d.gameType !== null) dropped.push('design.gameType');
  const hero = readNamed(d.hero);
  if (hero) design.hero = hero;
  else if (d.hero !== undefined && d.hero !== null) dropped.push('design.hero');
  for (const key of ['collectibles', 'hazards'] as const) {
    const list = readNamedList(d[key], 3);
    if (list) design[key] = list;
    else if (d[key] !== undefined && d[key] !== null) dropped.push(`design.${key}`);
  }
  if (typeof d.setting === 'string' && d.setting.trim()) design.setting = fitText(d.setting.trim(), 60);
  if (Object.keys(design).length) fields.design = design;
  const ready = readBoolean(args.readyToBuild) ?? readBoolean(d.confirmed);
  if (ready !== undefined) fields.readyToBuild = ready;
  else if (args.readyToBuild !== undefined && args.readyToBuild !== null) dropped.push('readyToBuild');
  return { fields, dropped };
}
