import type { BrainSetup } from '../agents/model/providers.js';
import { createBrainFromConfig } from '../agents/model/providers.js';
import type { Log } from '../cache/log.js';
import type { LlmConfig } from '../config.js';
import type { Metrics } from './metrics.js';

/**
 * The brain from config, reporting every model turn and the circuit's state into the app's
 * metrics and logs. Logs carry the kind of trouble only: never a key, never the child's words.
 */
export function createObservedBrain(llm: LlmConfig, metrics: Metrics, log: Log): BrainSetup {
  const setup = createBrainFromConfig(llm, {
    onCall: (call) => {
      metrics.modelCallSeconds.observe({ agent: call.agent, outcome: call.outcome }, call.ms / 1000);
      if (call.outcome !== 'ok') log.warn({ model: call }, 'model turn did not succeed');
    },
  });
  metrics.modelCircuitOpen.set(0);
  setup.resilience?.onBreak(() => {
    metrics.modelCircuitOpen.set(1);
    log.error({ provider: llm.provider }, 'model circuit opened');
  });
  setup.resilience?.onReset(() => {
    metrics.modelCircuitOpen.set(0);
    log.info({ provider: llm.provider }, 'model circuit closed');
  });
  return setup;
}
