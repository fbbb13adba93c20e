import { initialState, type SessionState } from '../../src/agents/state.js';
import { newId } from '../../src/store/ids.js';
import type { TestApp } from '../support/app.js';

/** A session whose design the child has just confirmed: the next message builds the game. */
export function readyToBuild(): SessionState {
  return {
    ...initialState(),
    phase: 'generating',
    book: { title: 'Dragons Love Tacos', author: 'Adam Rubin' },
    bookConfirmed: true,
    analysis: {
      characters: [{ name: 'the dragons' }],
      setting: 'a taco party',
      themes: ['friendship'],
      storyObjects: [],
    },
    design: {
      gameType: 'catcher',
      hero: { name: 'little red dragon', emoji: '🐉' },
      collectibles: [{ name: 'tacos', emoji: '🌮' }],
      hazards: [{ name: 'spicy salsa', emoji: '🌶️' }],
      confirmed: true,
    },
  };
}

export async function storeReadySession(t: TestApp): Promise<string> {
  const id = newId();
  await t.repo.createSession(id, readyToBuild(), new Date(Date.now() + 3_600_000), [
    { role: 'agent', agent: 'game_designer', content: 'Shall I build it?' },
  ]);
  return id;
}
