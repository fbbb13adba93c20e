import type { Brain } from '../../src/agents/brain.js';
import { createOfflineBrain } from '../../src/agents/offline/index.js';
import { deferred } from './deferred.js';

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
      const reached = deferred();
      const open = deferred();
      hold = { reached: reached.resolve, open: open.promise };
      return { reached: reached.promise, open: open.resolve };
    },
  };
}
