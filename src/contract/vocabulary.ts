/**
 * The words the API and the agents share: phases, agents, build steps, open questions, chip kinds.
 * They live here, at the bottom of the layers, so the contract (and the page that imports it)
 * depends on nothing above it; src/agents re-exports them.
 */

/** The five phases, as v1's API spelled them. */
export const PHASES = ['identifying', 'discussing', 'designing', 'generating', 'complete'] as const;
export type Phase = (typeof PHASES)[number];

export const AGENTS = ['story_analyst', 'game_designer', 'code_generator'] as const;
export type AgentName = (typeof AGENTS)[number];

/** The generation job's steps, in order; `retrying` may come between attempts. */
export const PROGRESS_STAGES = ['queued', 'building', 'checking', 'ready', 'retrying'] as const;
export type ProgressStage = (typeof PROGRESS_STAGES)[number];

/**
 * The question the last reply ended with: the turn's open question, as both brains report it. The
 * chips, the page and the simulated children read it instead of guessing from the reply's words.
 * book/confirm/describe: which book (its title, "is it X?", what happens in it); favourite to best:
 * the discussion; type to avoid: the design's slots; read-back: "shall I build it?"; change: which
 * part to change; place: be it or dodge it; none: no question open (building, playing); other: a
 * question outside this list (a model may ask one).
 */
export const ASKED = [
  'book',
  'confirm',
  'describe',
  'favourite',
  'happens',
  'where',
  'trouble',
  'things',
  'best',
  'type',
  'hero',
  'collect',
  'avoid',
  'read-back',
  'change',
  'place',
  'none',
  'other',
] as const;
export type Asked = (typeof ASKED)[number];
/** What a chip answers: the page shows game types as picture cards and the rest as word chips. */
export const CHIP_KINDS = [
  'yes',
  'no',
  'book',
  'answer',
  'type',
  'hero',
  'collect',
  'avoid',
  'change',
  'way-on',
] as const;
export type ChipKind = (typeof CHIP_KINDS)[number];

/** No more than a child can take in (and hear read aloud) at once. */
export const MAX_CHIPS = 5;

/** The agent that answers a child's message in each phase (the page shows who is speaking). */
export function agentForPhase(phase: Phase): AgentName {
  switch (phase) {
    case 'identifying':
    case 'discussing':
      return 'story_analyst';
    case 'designing':
      return 'game_designer';
    case 'generating':
    case 'complete':
      return 'code_generator';
  }
}
