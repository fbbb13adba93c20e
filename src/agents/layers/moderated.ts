import { withoutPeople } from '../../safety/game-text.js';
import { kinder } from '../../safety/kinder.js';
import { findConcerns, SOFTENED } from '../../safety/moderation.js';
import { cutGraphemes } from '../../text/graphemes.js';
import type { Brain, TurnContext } from '../brain.js';
import type { Asked, SessionState, TokenUsage } from '../state.js';

/**
 * Moderation in the conversation, around any brain (the offline one, the model one, or the model
 * with the offline one beneath it): one moderation (safety/moderation.ts) for every word a child
 * hears or sees in a game.
 *
 * - The child's words first: a rude word, a request for contact or a link is never passed on; the
 *   child hears a kind substitute and the same question again ("Let's pick a different name! Who
 *   should the hero be?"), and the open question (`asked`) stays as it was. A violent or gory wish
 *   is passed on in a kid-friendly version ("a knife" → "a magic wand", "collect blood" → "collect
 *   rubies"), so both brains build that.
 * - Then what the brain gives back: the reply, the book's title, the analysis, the design (hero,
 *   things, setting) and the game. Violent words are made kinder there too; anything else that is
 *   still found makes the whole turn the kind substitute, so no game is built with a refused word.
 */

export const PICK_ANOTHER_NAME = "Let's pick a different name!";
export const KIND_WORDS = "Let's use kind words!";

/** Questions whose answer is a name or a title: a refused answer is a name to pick again. */
const NAMING: ReadonlySet<Asked> = new Set([
  'book',
  'hero',
  'collect',
  'avoid',
  'favourite',
  'things',
  'place',
]);

/** Names and titles in the state are at most 40-120 characters: a kinder word must not overflow them. */
const MAX_NAME = 40;

interface Reply {
  reply: string;
  usage?: TokenUsage;
  asked?: Asked;
}

/** Every string in a value (deeply), through `f`. Plain JSON only: results are JSON. */
function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  return value;
}

function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

/** The question the last reply asked, to ask again after the kind substitute. */
function lastQuestion(state: SessionState): string {
  const said = [...state.recent].reverse().find((t) => t.role !== 'child')?.text ?? '';
  const sentences = said.match(/[^.!?]+[.!?]*/g) ?? [];
  const asked = [...sentences].reverse().find((s) => s.includes('?'));
  if (asked) return asked.trim();
  return state.phase === 'identifying' ? 'Which book shall we make a game about?' : 'What shall we do next?';
}

/** The turn a refused word gets instead: kind words, the same question, the same open question. */
export function kindSubstitute(state: SessionState, usage?: TokenUsage): Reply {
  const named = !state.asked || NAMING.has(state.asked);
  const reply = `${named ? PICK_ANOTHER_NAME : KIND_WORDS} ${lastQuestion(state)}`;
  return { reply, ...(state.asked ? { asked: state.asked } : {}), ...(usage ? { usage } : {}) };
}

/** What to do with a text: pass it, pass a kinder version, or refuse it. */
function judge(text: string): { ok: true; text: string } | { ok: false } {
  const found = findConcerns(text);
  if (!found.length) return { ok: true, text };
  if (found.some((f) => !SOFTENED.has(f.concern))) return { ok: false };
  const softer = kinder(text);
  return findConcerns(softer).length ? { ok: false } : { ok: true, text: softer };
}

/** A kinder word in a name, cut to fit the state's limits. */
const kinderName = (s: string) => {
  const k = kinder(s);
  return k === s ? s : cutGraphemes(k, MAX_NAME);
};

/**
 * The brain's result, made kinder and without people; null when something in it is still refused.
 * Most results hold nothing to change: one look at all their text decides, and only then is each
 * string looked at (a whole game is some sixty strings).
 */
function moderateResult<R extends Reply>(r: R): R | null {
  const { reply, usage, ...fields } = r;
  const said = judge(reply);
  if (!said.ok) return null;
  const all = [...new Set(stringsOf(fields))].join('\n');
  let out = fields;
  if (findConcerns(all).length) {
    // Private notes are not shown, but a brain reads its names back from them later.
    out = mapStrings(out, kinderName);
    if (stringsOf(out).some((s) => findConcerns(s).length)) return null;
  }
  if (withoutPeople(all) !== all) out = withoutPeopleIn(out);
  return { ...(out as unknown as R), reply: said.text, ...(usage ? { usage } : {}) };
}

/** Keys whose strings are not words a game shows as a name or a title (or are book facts: authors). */
const NOT_TEXT = new Set([
  'emoji',
  'catalogId',
  'author',
  'type',
  'kind',
  'behaviour',
  'effect',
  'difficulty',
  'gameType',
  'id',
  'palette',
  'notes',
]);

/** Strings of a value through `f(text, key)`, skipping keys in NOT_TEXT. */
function mapText<T>(value: T, f: (s: string, key: string) => string, key = ''): T {
  if (NOT_TEXT.has(key)) return value;
  if (typeof value === 'string') return f(value, key) as T;
  if (Array.isArray(value)) return value.map((v) => mapText(v, f, key)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapText(v, f, k)])) as T;
  return value;
}

/**
 * Free answers and unknown titles become game text only without people's names or details
 * (safety/game-text.ts): the book, analysis, design and game a brain returns. Notes stay private.
 */
function withoutPeopleIn<F extends object>(fields: F): F {
  return mapText(fields, (s, key) => {
    const clean = withoutPeople(s);
    if (clean === s) return s;
    return clean || (key === 'title' ? 'My Story' : 'Friend');
  });
}

type Step<R> = (state: SessionState, message: string | null, ctx?: TurnContext) => Promise<R>;

export function withModeration(brain: Brain): Brain {
  const moderated =
    <R extends Reply>(step: Step<R>): Step<R> =>
    async (state, message, ctx) => {
      let heard = message;
      if (message !== null) {
        const verdict = judge(message);
        if (!verdict.ok) return substitute(state, ctx) as R;
        heard = verdict.text;
      }
      const r = await step(state, heard, ctx);
      const kept = moderateResult(r);
      if (kept && kept.reply !== r.reply) replaceStreamed(kept.reply, ctx);
      return kept ?? (substitute(state, ctx, r.usage) as R);
    };
  return {
    name: brain.name,
    storyAnalyst: moderated((s, m, c) => brain.storyAnalyst(s, m, c)),
    gameDesigner: moderated((s, m, c) => brain.gameDesigner(s, m, c)),
    codeGenerator: moderated((s, m, c) => brain.codeGenerator(s, m, c)),
  };
}

function substitute(state: SessionState, ctx: TurnContext | undefined, usage?: TokenUsage): Reply {
  const r = kindSubstitute(state, usage);
  replaceStreamed(r.reply, ctx);
  return r;
}

/** A client watching the reply being written is told to start again, then sent the reply it gets. */
function replaceStreamed(reply: string, ctx: TurnContext | undefined) {
  if (!ctx?.onToken) return;
  ctx.onEvent?.({ type: 'restart' });
  ctx.onToken(reply);
}
