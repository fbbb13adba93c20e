import type { Brain } from '../brain.js';
import { codeGenerator } from './code-generator.js';
import { gameDesigner } from './game-designer.js';
import { storyAnalyst } from './story-analyst.js';

/**
 * The offline brain: the whole conversation with the book catalog, small language rules and
 * sensible defaults. Pure and deterministic: the same state and message always give the same
 * result, no model and no network. The default with no key, and the fallback when a provider is down.
 */
export function createOfflineBrain(): Brain {
  return { name: 'offline', storyAnalyst, gameDesigner, codeGenerator };
}

export { compileSpec } from '../compile-spec.js';
export { remixSpec } from './remix.js';
export { isDontKnow, parseGameType, parseYesNo } from './understand.js';
