import type { Log } from '../../observability/log.js';
import type { Metrics } from '../../observability/metrics.js';
import type { ModelCallInfo } from '../model/model-brain.js';
import type { Resilience } from '../model/resilience.js';

/**
 * Model turns and the circuit's state, into metrics and logs. Logs carry the kind of trouble only:
 * never a key, never the child's words.
 */
export function reportModelCalls(metrics: Metrics, log: Log) {
  return (call: ModelCallInfo) => {
    metrics.llmLatency.observe({ agent: call.agent, outcome: call.outcome }, call.ms / 1000);
    if (call.firstTokenMs !== undefined)
      metrics.llmFirstToken.observe({ agent: call.agent }, call.firstTokenMs / 1000);
    if (call.usage) {
      metrics.modelTokens.inc({ direction: 'input' }, call.usage.inputTokens);
      metrics.modelTokens.inc({ direction: 'output' }, call.usage.outputTokens);
    }
    if (call.outcome !== 'ok') {
      // The offline brain stood in (or the turn failed): counted with the API's errors.
      metrics.errors.inc({ error_type: 'model_fallback' });
      log.warn({ model: call }, 'model turn did not succeed');
    }
  };
}

export function watchCircuit(
  resilience: Resilience | undefined,
  metrics: Metrics,
  log: Log,
  provider: string,
) {
  metrics.modelCircuitOpen.set(0);
  resilience?.onBreak(() => {
    metrics.modelCircuitOpen.set(1);
    log.error({ provider }, 'model circuit opened');
  });
  resilience?.onReset(() => {
    metrics.modelCircuitOpen.set(0);
    log.info({ provider }, 'model circuit closed');
  });
}
