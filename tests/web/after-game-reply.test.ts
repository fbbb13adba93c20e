import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../src/agents/compile-spec.js';
import { afterGameReply, remixSpec } from '../../src/agents/offline/remix.js';

/** Bolt's words for talk after the game that changes nothing (issue 31.1): each kind has its own. */

const spec = compileSpec({
  book: { title: 'Dragons Love Tacos' },
  analysis: null,
  design: {},
  catalogBook: undefined,
});

const CASES: [string, RegExp][] = [
  ['that was so fun!!', /glad you like/i],
  ['I LOVE it', /glad you like/i],
  ['no wait make it a maze', /whole new game/i],
  ['can I play again', /tap play again/i],
  ['you are silly', /silly robot/i],
  ['what is your name', /bolt/i],
  ['thank you', /welcome/i],
  ['bye bye', /bye bye/i],
  ['can we make another game', /make another game/i],
  ['i dont like it', /oh no/i],
  ['this is boring', /oh no/i],
];

describe('afterGameReply', () => {
  it.each(CASES)('%s', (message, reply) => {
    // None of these is a change the offline brain can make: the game stays as it is.
    expect(remixSpec(spec, message)).toBeNull();
    expect(afterGameReply(spec, message)).toMatch(reply);
  });

  it('leaves what it does not recognise to the caller', () => {
    expect(afterGameReply(spec, 'purple elephant sandwich')).toBeNull();
  });
});
