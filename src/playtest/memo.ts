import type { GameSpec, PlaytestRecord } from '../games/spec.js';

/**
 * Tuning a game costs a few hundred milliseconds of CPU, and with a thousand children many games
 * share their numbers (the offline brain's types and difficulties, a model's favourite values).
 * The bots play only the numbers: names, emoji, titles, the setting and the lines are pictures and
 * words the game logic never reads (a playtest's layouts come from its own seeds, not the title).
 * So a tuned result is remembered by the spec's numbers alone, and applied to the next spec with
 * the same numbers: the same changes, the same record, as if played again.
 *
 * Nothing a child said is kept here: keys and entries hold the numbers only.
 */

/** A spec without its words: what the game logic plays. */
type Words = 'title' | 'book' | 'setting' | 'lines' | 'playtest';
export type SpecNumbers = Omit<GameSpec, Words | 'hero' | 'collectibles' | 'hazards' | 'powerUps'> & {
  hero: Omit<GameSpec['hero'], 'name' | 'emoji'>;
  collectibles: Omit<GameSpec['collectibles'][number], 'name' | 'emoji'>[];
  hazards: Omit<GameSpec['hazards'][number], 'name' | 'emoji'>[];
  powerUps: Omit<GameSpec['powerUps'][number], 'name' | 'emoji'>[];
};

/** Drops the words; anything else (a field added later included) stays, so it is played for. */
export function numbersOf(spec: GameSpec): SpecNumbers {
  const { title: _t, book: _b, setting: _s, lines: _l, playtest: _p, ...rest } = spec;
  const bare = <T extends { name: string; emoji: string }>({ name: _n, emoji: _e, ...n }: T) => n;
  return {
    ...rest,
    hero: bare(spec.hero),
    collectibles: spec.collectibles.map(bare),
    hazards: spec.hazards.map(bare),
    powerUps: spec.powerUps.map(bare),
  };
}

/** `spec`'s words with `numbers` (from a spec with the same shape: same lists, same lengths). */
export function withNumbers(spec: GameSpec, numbers: SpecNumbers): GameSpec {
  const { playtest: _p, ...words } = spec;
  return {
    ...words,
    ...numbers,
    hero: { ...spec.hero, ...numbers.hero },
    collectibles: spec.collectibles.map((c, i) => ({ ...c, ...numbers.collectibles[i] })),
    hazards: spec.hazards.map((h, i) => ({ ...h, ...numbers.hazards[i] })),
    powerUps: spec.powerUps.map((p, i) => ({ ...p, ...numbers.powerUps[i] })),
  };
}

interface Tuned {
  numbers: SpecNumbers;
  record: PlaytestRecord;
}

export interface TuneMemo {
  /** The remembered outcome for these numbers and options, or the one `play` makes (then kept). */
  get(spec: GameSpec, opts: unknown, play: () => GameSpec & { playtest: PlaytestRecord }): GameSpec;
  readonly size: number;
  /** What is kept, for tests that check no words are. */
  entries(): Array<[string, Tuned]>;
}

/** A memo of at most `limit` tuned results, the least recently used dropped first. */
export function createTuneMemo(limit = 500): TuneMemo {
  const kept = new Map<string, Tuned>();
  return {
    get(spec, opts, play) {
      const key = JSON.stringify([numbersOf(spec), opts]);
      const hit = kept.get(key);
      if (hit) {
        // Most recent last: Map keeps insertion order.
        kept.delete(key);
        kept.set(key, hit);
        return { ...withNumbers(spec, hit.numbers), playtest: structuredClone(hit.record) };
      }
      const result = play();
      kept.set(key, { numbers: numbersOf(result), record: structuredClone(result.playtest) });
      if (kept.size > limit) kept.delete(kept.keys().next().value as string);
      return result;
    },
    get size() {
      return kept.size;
    },
    entries: () => [...kept],
  };
}
