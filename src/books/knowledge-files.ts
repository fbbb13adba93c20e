import { createHash } from 'node:crypto';
import classics from './data/chapter-books-and-classics.json' with { type: 'json' };
import templates from './data/game-templates.json' with { type: 'json' };
import picture1 from './data/picture-books-1.json' with { type: 'json' };
import picture2 from './data/picture-books-2.json' with { type: 'json' };
import picture3 from './data/picture-books-3.json' with { type: 'json' };
import picture4 from './data/picture-books-4.json' with { type: 'json' };
import tales from './data/traditional-tales.json' with { type: 'json' };

/**
 * The knowledge files as shipped. Imported rather than read from disk so that `tsc` copies them into
 * dist/ beside the code and no path has to be worked out at run time. Raw here; checked by the schema
 * in catalog.ts and templates.ts.
 */

export interface KnowledgeSource {
  /** File name → its parsed JSON, one array of books per file. */
  books: Readonly<Record<string, unknown>>;
  templates: unknown;
}

export const SHIPPED_KNOWLEDGE: KnowledgeSource = {
  books: {
    'picture-books-1.json': picture1,
    'picture-books-2.json': picture2,
    'picture-books-3.json': picture3,
    'picture-books-4.json': picture4,
    'traditional-tales.json': tales,
    'chapter-books-and-classics.json': classics,
  },
  templates,
};

/** Same knowledge → same hash, whatever the key order in the files (canonical JSON). */
export function knowledgeHash(source: KnowledgeSource, ...extra: string[]): string {
  const hash = createHash('sha256');
  hash.update(canonical(source.books));
  hash.update('\u0000');
  hash.update(canonical(source.templates));
  for (const e of extra) hash.update(`\u0000${e}`);
  return hash.digest('hex').slice(0, 16);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
