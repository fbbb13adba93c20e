import type { Brain } from '../../src/agents/brain.js';
import { createOfflineBrain } from '../../src/agents/offline/index.js';

/** The offline brain, except that the Code Generator waits for the test while a hold is set. */
export function gatedBrain() {
  const offline = createOfflineBrain();
  let hold: { reached: () => void; open: Promise<void> } | null = null;
  const brain: Brain = {
    ...offline,
    async codeGenerator(state, message, ctx) {
      const h = hold;
      hold = null;
      if (h) {
        h.reached();
        await h.open;
      }
      return offline.codeGenerator(state, message, ctx);
    },
  };
  return {
    brain,
    /** The next Code Generator call waits: `reached` when it is waiting, `open` lets it go on. */
    hold() {
      let reached: () => void = () => {};
      let open: () => void = () => {};
      const reachedP = new Promise<void>((r) => {
        reached = r;
      });
      const openP = new Promise<void>((r) => {
        open = r;
      });
      hold = { reached, open: openP };
      return { reached: reachedP, open };
    },
  };
}
