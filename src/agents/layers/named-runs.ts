import type { Brain } from '../brain.js';
import type { AgentName } from '../state.js';

/** Runs `work` as a traced run named `name` (LangSmith's `run`, see src/observability/langsmith.ts). */
export type RunAs = <T>(name: AgentName, work: () => Promise<T>) => Promise<T>;

/**
 * The brain with each agent turn run as a run of its own, named for the agent. For a generation
 * worker: a job taken from the queue runs outside any graph run, so without this the Code
 * Generator's model calls there would not be traced at all. (In a graph run the nodes are already
 * such runs; this layer is not applied there.)
 */
export function runEachTurnAs(brain: Brain, runAs: RunAs): Brain {
  return {
    name: brain.name,
    storyAnalyst: (s, m, c) => runAs('story_analyst', () => brain.storyAnalyst(s, m, c)),
    gameDesigner: (s, m, c) => runAs('game_designer', () => brain.gameDesigner(s, m, c)),
    codeGenerator: (s, m, c) => runAs('code_generator', () => brain.codeGenerator(s, m, c)),
  };
}
