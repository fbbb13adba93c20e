import { bookById } from '../../books/catalog.js';
import type { CodeGeneratorResult } from '../brain.js';
import { compileSpec } from '../compile-spec.js';
import type { SessionState } from '../state.js';
import { plain } from './phrasing.js';
import { remixSpec } from './remix.js';

/**
 * The Code Generator without a model: compile the confirmed design into a GameSpec (always valid:
 * compileSpec runs repairSpec), and afterwards answer kindly, applying known remix knobs.
 */

function build(state: SessionState): CodeGeneratorResult {
  const spec = compileSpec({
    book: state.book ?? { title: 'Your Story' },
    analysis: state.analysis,
    design: state.design ?? {},
    catalogBook: bookById(state.book?.catalogId),
  });
  return { reply: plain(`Your game ${spec.title} is ready! Press Play and have fun. 🎮`), spec };
}

export async function codeGenerator(
  state: SessionState,
  message: string | null,
): Promise<CodeGeneratorResult> {
  if (!state.spec || message === null) return build(state);
  const remix = remixSpec(state.spec, message);
  if (remix)
    return { reply: plain(`Done! ${capitalise(remix.change)}. Press Play to try it!`), spec: remix.spec };
  return {
    reply:
      'Your game is ready to play! Press Play to play again, or Make another game to start a new one. You can also ask me to make it faster, slower, easier or harder.',
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
