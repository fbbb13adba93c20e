import { z } from 'zod';
import examples from './examples.json' with { type: 'json' };
import { GAME_TYPES, type GameSpec, GameSpecSchema, type GameType, SPEC_VERSION } from './spec.js';

/**
 * What each game type is, what kind of story it suits, and a complete example spec. The Game
 * Designer offers types from what the knowledge base says the book suits; the examples double as
 * test fixtures. The entries are data (examples.json); the fields every example shares are filled
 * here.
 */

export interface CatalogueEntry {
  type: GameType;
  description: string;
  /** Themes and kinds of books it fits. */
  suits: string[];
  example: GameSpec;
}

const base: Pick<GameSpec, 'version' | 'powerUps' | 'difficulty' | 'timeLimit'> = {
  version: SPEC_VERSION,
  powerUps: [],
  difficulty: 'easy',
  timeLimit: null,
};

const EntrySchema = z.object({
  type: z.enum(GAME_TYPES),
  description: z.string().min(10),
  suits: z.array(z.string()).min(1),
  example: z.record(z.string(), z.unknown()),
});

/** Parsed at load: a broken example fails the first test run, not a child's game. */
export const CATALOGUE: readonly CatalogueEntry[] = z
  .array(EntrySchema)
  .parse(examples)
  .map((e) => ({ ...e, example: GameSpecSchema.parse({ ...base, ...e.example }) }));

export function catalogueEntry(type: GameType): CatalogueEntry {
  const entry = CATALOGUE.find((e) => e.type === type);
  if (!entry) throw new Error(`no catalogue entry for ${type}`);
  return entry;
}
