import { bookDocument, templateDocument } from './book-documents.js';
import { BOOKS } from './catalog.js';
import { LocalEmbedder } from './local-embedder.js';
import { OpenAIEmbedder } from './openai-embedder.js';
import { TEMPLATES } from './templates.js';

/** Text → vectors. The knowledge index uses one embedder for its rows and its queries alike. */
export interface Embedder {
  /** Names the model and its settings; part of the index's content hash. */
  readonly name: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}

export interface EmbedderConfig {
  provider: 'local' | 'openai';
  openaiApiKey?: string;
  openaiBaseUrl?: string;
}

/** The documents of the shipped knowledge, which the local embedder learns its weights from. */
export function shippedCorpus(): string[] {
  return [...BOOKS.map(bookDocument), ...TEMPLATES.map(templateDocument)];
}

/**
 * The configured embedder. `local` learns its word weights and basis from the documents it will
 * index (the shipped knowledge unless told otherwise); `openai` calls the provider and is never
 * chosen without a key.
 */
export function createEmbedder(
  config: EmbedderConfig,
  corpus: readonly string[] = shippedCorpus(),
): Embedder {
  if (config.provider === 'openai') {
    if (!config.openaiApiKey) throw new Error('openai embeddings need an API key');
    return new OpenAIEmbedder({
      apiKey: config.openaiApiKey,
      ...(config.openaiBaseUrl ? { baseUrl: config.openaiBaseUrl } : {}),
    });
  }
  return new LocalEmbedder(corpus);
}
