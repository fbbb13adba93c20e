import { OpenAIEmbeddings } from '@langchain/openai';
import type { Embedder } from './embedder.js';

/**
 * OpenAI's text-embedding-3-small through LangChain. Asked for 512 dimensions (the model supports
 * shortening) so its rows fit the same table as the local embedding. Only used when configured.
 */
export class OpenAIEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  private readonly client: OpenAIEmbeddings;

  constructor(opts: { apiKey: string; baseUrl?: string; dimensions?: number; timeoutMs?: number }) {
    this.dimensions = opts.dimensions ?? 512;
    this.name = `openai:text-embedding-3-small/${this.dimensions}`;
    this.client = new OpenAIEmbeddings({
      model: 'text-embedding-3-small',
      dimensions: this.dimensions,
      apiKey: opts.apiKey,
      timeout: opts.timeoutMs ?? 10_000,
      // The caller decides what a failed query costs (retrieval falls back to title matching).
      maxRetries: 1,
      ...(opts.baseUrl ? { configuration: { baseURL: opts.baseUrl } } : {}),
    });
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const vectors = await this.client.embedDocuments(texts);
    for (const v of vectors)
      if (v.length !== this.dimensions)
        throw new Error(`${this.name} returned ${v.length} dimensions, expected ${this.dimensions}`);
    return vectors;
  }
}
