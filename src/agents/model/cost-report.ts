import type { Counter } from 'prom-client';
import { costUsd, TOKEN_KINDS } from './cost.js';
import type { ModelCallInfo } from './model-brain.js';

/**
 * A model turn's cost into the metrics the dashboards read: dollars and tokens by kind, by agent
 * and by the phase the turn ran in (a finished game's cost is the sum over its phases).
 */

export interface CostCounters {
  llmCost: Counter<'agent' | 'phase'>;
  llmTokensByKind: Counter<'agent' | 'phase' | 'kind'>;
}

/** The label value of each kind of token (Prometheus style). */
const KIND_LABEL = {
  input: 'input',
  output: 'output',
  cacheWrite: 'cache_write',
  cacheRead: 'cache_read',
} as const;

export function reportModelCost(metrics: CostCounters) {
  return (call: ModelCallInfo) => {
    if (!call.tokens) return;
    const labels = { agent: call.agent, phase: call.phase ?? 'unknown' };
    metrics.llmCost.inc(labels, costUsd(call.tokens));
    for (const kind of TOKEN_KINDS) {
      const n = call.tokens[kind];
      if (n > 0) metrics.llmTokensByKind.inc({ ...labels, kind: KIND_LABEL[kind] }, n);
    }
  };
}
