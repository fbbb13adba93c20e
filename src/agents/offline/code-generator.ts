import { bookById } from '../../books/catalog.js';
import type { CodeGeneratorResult } from '../brain.js';
import { compileSpec } from '../compile-spec.js';
import type { SessionState } from '../state.js';
import { writeNotes } from './notes.js';
import { capitalise, plain } from './phrasing.js';
import { afterGameReply, remixSpec } from './remix.js';
import { lastChild, seedOf, Voice } from './voice.js';

/**
 * The Code Generator without a model: compile the confirmed design into a GameSpec (always valid:
 * compileSpec runs repairSpec), and afterwards answer kindly, applying known remix knobs.
 */

function say(state: SessionState, voice: Voice, text: string) {
  // No question is open once a game exists: the game panel has its own buttons.
  return {
    reply: voice.finish(plain(text)),
    asked: 'none' as const,
    notes: writeNotes(state.notes, { voice: voice.notes() }),
  };
}

function build(state: SessionState, voice: Voice): CodeGeneratorResult {
  const spec = compileSpec({
    book: state.book ?? { title: 'Your Story' },
    analysis: state.analysis,
    design: state.design ?? {},
    catalogBook: bookById(state.book?.catalogId),
  });
  return {
    ...say(state, voice, `Your game ${spec.title} is ready! Tap the game to start, and have fun. 🎮`),
    spec,
  };
}

export async function codeGenerator(
  state: SessionState,
  message: string | null,
): Promise<CodeGeneratorResult> {
  const voice = new Voice(
    state.notes,
    seedOf(state.recent.length, message ?? lastChild(state), state.book?.title ?? '', 'generator'),
  );
  if (!state.spec || message === null) return build(state, voice);
  const remix = remixSpec(state.spec, message);
  if (remix) {
    const done = voice.pick(['Done!', 'All done!', 'There you go!', 'Ta-da!']);
    return {
      ...say(state, voice, `${done} ${capitalise(remix.change)}. Tap the game to try it!`),
      spec: remix.spec,
    };
  }
  // Praise, thanks, "play again", a tease …: a reply of its own, and the game stays as it is.
  const talk = afterGameReply(state.spec, message);
  if (talk) return say(state, voice, talk);
  return say(
    state,
    voice,
    voice.pick([
      'Your game is ready to play! Tap Play again for a new round, or Make another game to start a new one. You can also ask me to make it faster, slower, easier or harder.',
      'Tap Play again to have another go! You can ask me to make it faster, slower, easier or harder, or make another game.',
      'Have fun playing! Want it faster, slower, easier or harder? Just ask. Or press Make another game.',
      'Your game is waiting! Tap it to play, or ask me to make it easier, harder, faster or slower.',
    ]),
  );
}
