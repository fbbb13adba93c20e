import { describe, expect, it } from 'vitest';
import { applyTurn } from '../../src/agents/apply-turn.js';
import { agentForPhase, nextAgent } from '../../src/agents/routing.js';
import { derivePhase, initialState, PHASES } from '../../src/agents/state.js';
import { repairSpec } from '../../src/games/repair.js';

describe('graph routing', () => {
  it('sends each phase to its agent', () => {
    expect(agentForPhase('identifying')).toBe('story_analyst');
    expect(agentForPhase('discussing')).toBe('story_analyst');
    expect(agentForPhase('designing')).toBe('game_designer');
    expect(agentForPhase('generating')).toBe('code_generator');
    expect(agentForPhase('complete')).toBe('code_generator');
  });

  it('hands over only forwards, so a run cannot loop', () => {
    expect(nextAgent('story_analyst', 'designing')).toBe('game_designer');
    expect(nextAgent('story_analyst', 'discussing')).toBe('end');
    expect(nextAgent('game_designer', 'generating')).toBe('code_generator');
    expect(nextAgent('game_designer', 'designing')).toBe('end');
    for (const phase of PHASES) expect(nextAgent('code_generator', phase)).toBe('end');
  });
});

describe('derivePhase', () => {
  const book = { title: 'Dragons Love Tacos' };
  const analysis = { characters: [], setting: 'a party', themes: [], storyObjects: [] };

  it('follows typed state, not words', () => {
    expect(derivePhase({ book: null, bookConfirmed: false, analysis: null, design: null, spec: null })).toBe(
      'identifying',
    );
    // A candidate book that the child has not confirmed keeps us identifying.
    expect(derivePhase({ book, bookConfirmed: false, analysis: null, design: null, spec: null })).toBe(
      'identifying',
    );
    expect(derivePhase({ book, bookConfirmed: true, analysis: null, design: null, spec: null })).toBe(
      'discussing',
    );
    expect(
      derivePhase({ book, bookConfirmed: true, analysis, design: { gameType: 'maze' }, spec: null }),
    ).toBe('designing');
    expect(
      derivePhase({ book, bookConfirmed: true, analysis, design: { confirmed: true }, spec: null }),
    ).toBe('generating');
    const spec = repairSpec({ type: 'maze' });
    expect(derivePhase({ book, bookConfirmed: true, analysis, design: { confirmed: true }, spec })).toBe(
      'complete',
    );
  });
});

describe('applyTurn', () => {
  it('counts child turns in a phase and resets on a phase change', () => {
    let s = initialState();
    s = applyTurn(s, 'story_analyst', 'dragons', 'Is that Dragons Love Tacos?', {
      book: { title: 'Dragons Love Tacos' },
    });
    expect(s.phase).toBe('identifying');
    expect(s.turnsInPhase).toBe(1);
    s = applyTurn(s, 'story_analyst', 'yes', 'Great!', { bookConfirmed: true });
    expect(s.phase).toBe('discussing');
    expect(s.turnsInPhase).toBe(0);
    expect(s.recent.map((t) => t.role)).toEqual(['child', 'story_analyst', 'child', 'story_analyst']);
  });

  it('does not count an agent speaking first', () => {
    const s = applyTurn(initialState(), 'game_designer', null, 'Hello!', {});
    expect(s.turnsInPhase).toBe(0);
    expect(s.recent).toEqual([{ role: 'game_designer', text: 'Hello!' }]);
  });
});
