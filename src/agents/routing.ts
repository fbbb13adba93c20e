import { agentForPhase } from '../contract/vocabulary.js';
import type { AgentName, Phase } from './state.js';

/**
 * Where one graph run goes, decided from typed state only. Pure, so it is tested on its own.
 */

export { agentForPhase };

/**
 * After an agent has spoken: hand over to the next agent when the phase moved into its hands, so
 * the child hears the Game Designer's greeting right after the discussion ends and the game is
 * built right after the design is confirmed. Each hand-over goes forward only: no loop is possible.
 */
export function nextAgent(spoke: AgentName, phase: Phase): AgentName | 'end' {
  if (spoke === 'story_analyst' && phase === 'designing') return 'game_designer';
  if (spoke === 'game_designer' && phase === 'generating') return 'code_generator';
  return 'end';
}
