import type { FakeModelServer } from './server.js';

/** App environment that points the Anthropic provider at the fake server, with test-sized timings. */
export function anthropicEnv(
  fake: FakeModelServer,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    LLM_PROVIDER: 'anthropic',
    ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key',
    ANTHROPIC_BASE_URL: fake.url,
    LLM_TIMEOUT_MS: '3000',
    LLM_STREAM_IDLE_MS: '400',
    LLM_MAX_RETRIES: '2',
    LLM_RETRY_BASE_MS: '5',
    LLM_RETRY_MAX_DELAY_MS: '300',
    LLM_BREAKER_THRESHOLD: '3',
    LLM_BREAKER_HALF_OPEN_MS: '400',
    RATE_LIMIT_MAX: '0',
    ...overrides,
  };
}
