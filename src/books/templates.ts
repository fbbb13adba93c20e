import type { GameType } from '../games/spec.js';
import { type GameTemplate, parseTemplates } from './book-schema.js';
import { BOOKS } from './catalog.js';
import { SHIPPED_KNOWLEDGE } from './knowledge-files.js';

/** What each game type suits (data/game-templates.json), checked against the book ids at start-up. */
export const TEMPLATES: readonly GameTemplate[] = parseTemplates(
  SHIPPED_KNOWLEDGE.templates,
  new Set(BOOKS.map((b) => b.id)),
);

export function templateFor(type: GameType): GameTemplate {
  const found = TEMPLATES.find((t) => t.type === type);
  // parseTemplates guarantees one per game type.
  if (!found) throw new Error(`no template for ${type}`);
  return found;
}

export type { GameTemplate };
