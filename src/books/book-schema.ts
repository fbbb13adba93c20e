import { z } from 'zod';
import { GAME_TYPES } from '../games/spec.js';
import type { CatalogBook } from './catalog.js';

/**
 * The shape of the knowledge files under ./data. They are edited by hand, so every entry is checked
 * when the process starts and a bad one stops it with the entry's id: a typo must never reach a child
 * as a broken game.
 */

/** Fairy tales and fables have no author; this exact value marks them (see bookByline). */
export const TRADITIONAL_AUTHOR = 'traditional tale';

// `v` flag: RGI_Emoji is a property of strings (a flag sequence or a ZWJ family is one emoji).
// biome-ignore lint/complexity/useRegexLiterals: tsc (target ES2022) rejects a `v` literal; Node 20 runs it.
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** True for exactly one emoji that phones draw as a picture (not a letter, not two emoji). */
export function isEmoji(text: string): boolean {
  return ONE_EMOJI.test(text);
}

const label = (max: number) => z.string().trim().min(1).max(max);
const Emoji = z.string().refine(isEmoji, { message: 'must be exactly one emoji' });
const Thing = z.strictObject({ name: label(40), emoji: Emoji });
const Character = z.strictObject({
  name: label(40),
  emoji: Emoji,
  role: z.enum(['hero', 'friend', 'villain']),
});
const Colour = z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a #rrggbb colour');
const BookId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug');
const GameTypeSchema = z.enum(GAME_TYPES);

export const BookSchema = z
  .strictObject({
    id: BookId.max(80),
    title: label(120),
    author: label(80),
    year: z.number().int().min(1600).max(new Date().getFullYear()).nullable(),
    summary: z.string().trim().min(40).max(400),
    aliases: z.array(label(100)).max(12),
    characters: z.array(Character).min(1).max(6),
    setting: label(80),
    settingEmoji: Emoji.optional(),
    themes: z.array(label(40)).min(1).max(6),
    storyObjects: z.array(Thing).min(1).max(5),
    antagonist: Thing.optional(),
    obstacles: z.array(Thing).min(1).max(4).optional(),
    palette: z.strictObject({ sky: Colour, ground: Colour, accent: Colour }),
    suggestedTypes: z
      .array(GameTypeSchema)
      .min(2)
      .refine((types) => new Set(types).size === types.length, 'lists a game type twice'),
  })
  .refine((b) => b.characters.some((c) => c.role === 'hero'), 'needs a hero to play as')
  .refine((b) => b.antagonist || b.obstacles?.length, 'needs an antagonist or obstacles to dodge')
  .refine(
    (b) => (b.author === TRADITIONAL_AUTHOR) === (b.year === null),
    `a "${TRADITIONAL_AUTHOR}" has no year, and only it`,
  );

export const TemplateSchema = z.strictObject({
  type: GameTypeSchema,
  name: label(40),
  description: z.string().trim().min(20).max(300),
  /** Read aloud to the child when the game type is offered. */
  childReason: label(80),
  bestFor: z.array(label(40)).min(3).max(12),
  mechanics: z.array(label(40)).min(2).max(8),
  /** Catalogue ids of books this kind of game suits well. */
  examples: z.array(BookId).min(2).max(8),
});

export type GameTemplate = z.output<typeof TemplateSchema>;

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');
}

/** Every entry of every file, checked; throws naming the file and id of the first bad one. */
export function parseBooks(files: Readonly<Record<string, unknown>>): CatalogBook[] {
  const books: CatalogBook[] = [];
  const ids = new Set<string>();
  const titles = new Set<string>();
  for (const [file, data] of Object.entries(files)) {
    if (!Array.isArray(data)) throw new Error(`book knowledge ${file}: expected an array of books`);
    data.forEach((entry: unknown, index) => {
      const id = (entry as { id?: unknown } | null)?.id;
      const where = `book knowledge ${file}: "${typeof id === 'string' ? id : `#${index}`}"`;
      const parsed = BookSchema.safeParse(entry);
      if (!parsed.success) throw new Error(`${where} is invalid: ${describe(parsed.error)}`);
      const book: CatalogBook = parsed.data;
      if (ids.has(book.id)) throw new Error(`${where} repeats an id`);
      if (titles.has(book.title)) throw new Error(`${where} repeats the title "${book.title}"`);
      ids.add(book.id);
      titles.add(book.title);
      books.push(book);
    });
  }
  return books;
}

/** One template per game type, each example a real book. */
export function parseTemplates(data: unknown, bookIds: ReadonlySet<string>): GameTemplate[] {
  const list = z.strictObject({ templates: z.array(z.unknown()) }).safeParse(data);
  if (!list.success) throw new Error(`game templates: ${describe(list.error)}`);
  const templates = list.data.templates.map((entry, index) => {
    const parsed = TemplateSchema.safeParse(entry);
    const type = (entry as { type?: unknown } | null)?.type;
    if (!parsed.success)
      throw new Error(`game template "${String(type ?? `#${index}`)}" is invalid: ${describe(parsed.error)}`);
    const unknown = parsed.data.examples.filter((id) => !bookIds.has(id));
    if (unknown.length)
      throw new Error(`game template "${parsed.data.type}" names unknown books: ${unknown}`);
    return parsed.data;
  });
  const missing = GAME_TYPES.filter((t) => !templates.some((tpl) => tpl.type === t));
  if (missing.length) throw new Error(`game templates: no template for ${missing.join(', ')}`);
  if (templates.length !== GAME_TYPES.length)
    throw new Error('game templates: a game type is described twice');
  return templates;
}
