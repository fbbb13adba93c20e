import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

/** The typed configuration: the plan's spellings are accepted, bad values stop the start. */
describe('configuration', () => {
  it('accepts LOG_LEVEL in any case (the plan writes INFO)', () => {
    expect(loadConfig({ LOG_LEVEL: 'INFO' }).logLevel).toBe('info');
    expect(() => loadConfig({ LOG_LEVEL: 'LOUD' })).toThrow(ConfigError);
  });

  it('takes TRUST_PROXY as hops or addresses, never "everything"', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.1',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });

  it('reads WORKER_CONCURRENCY, CORS_ORIGINS and the LangSmith settings, old names too', () => {
    const c = loadConfig({
      WORKER_CONCURRENCY: '8',
      CORS_ORIGINS: 'https://a.example,https://b.example',
      LANGCHAIN_TRACING_V2: 'true',
      LANGCHAIN_PROJECT: 'old-name',
    });
    expect(c.workerConcurrency).toBe(8);
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.langsmith).toMatchObject({ enabled: true, project: 'old-name' });
    expect(() => loadConfig({ WORKER_CONCURRENCY: 'lots' })).toThrow(/WORKER_CONCURRENCY/);
  });
});

describe('HEAP_GROWTH_PERCENT', () => {
  it('defaults to 400, takes 0 for V8 own choice, refuses the rest', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(400);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '150' }).heapGrowthPercent).toBe(150);
    for (const bad of ['-1', '2.5', '5000', 'lots'])
      expect(() => loadConfig({ HEAP_GROWTH_PERCENT: bad }), bad).toThrow(/HEAP_GROWTH_PERCENT/);
  });
});
