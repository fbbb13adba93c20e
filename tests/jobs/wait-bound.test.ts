import { describe, expect, it } from 'vitest';
import {
  AgentFailedError,
  ModelRateLimitedError,
  ModelUnavailableError,
} from '../../src/agents/model/errors.js';
import { initialState } from '../../src/agents/state.js';
import { loadConfig } from '../../src/config.js';
import { ERRORS, errorBody } from '../../src/contract/errors.js';
import { asGenerationError, fromFailedReason, GameGenerationError } from '../../src/jobs/errors.js';
import { generationJobId } from '../../src/jobs/queue.js';
import { BUILD_MARGIN_MS, jobWait, worstCaseBuildMs } from '../../src/jobs/wait-bound.js';
import { errorCodeOf, retryAfterSeconds } from '../../src/server/error-codes.js';

const model = { ANTHROPIC_API_KEY: 'sk-ant-test' };

describe('how long a request waits for its game', () => {
  it("follows the model's worst case: two calls of (1 + retries) timeouts and the delays between", () => {
    const llm = { provider: 'anthropic', timeoutMs: 45_000, maxRetries: 2, retryMaxDelayMs: 10_000 };
    // (3 × 45 s + 2 × 10 s) per call, a corrective call, and the playtest/pick-up margin.
    expect(worstCaseBuildMs(llm)).toBe(2 * (3 * 45_000 + 2 * 10_000) + BUILD_MARGIN_MS);
    expect(worstCaseBuildMs({ ...llm, maxRetries: 0 })).toBe(2 * 45_000 + BUILD_MARGIN_MS);
  });

  it('by default from the config (longer than the old fixed 60 s), JOB_TIMEOUT_MS overriding', () => {
    const defaults = jobWait(loadConfig(model));
    expect(defaults.ms).toBe(2 * (3 * 45_000 + 2 * 10_000) + BUILD_MARGIN_MS);
    expect(defaults.ms).toBeGreaterThan(3 * 45_000);
    expect(defaults.warning).toBeNull();
    // Empty is unset, as everywhere.
    expect(jobWait(loadConfig({ ...model, JOB_TIMEOUT_MS: '' })).ms).toBe(defaults.ms);
    const longer = jobWait(loadConfig({ ...model, JOB_TIMEOUT_MS: '600000' }));
    expect(longer).toMatchObject({ ms: 600_000, warning: null });
  });

  it('warns (naming the variable) when JOB_TIMEOUT_MS is shorter than a slow build', () => {
    const short = jobWait(loadConfig({ ...model, JOB_TIMEOUT_MS: '60000' }));
    expect(short.ms).toBe(60_000);
    expect(short.warning).toMatch(/JOB_TIMEOUT_MS \(60000 ms\) is shorter than .*325000 ms/);
    // Following the model settings it names.
    const faster = loadConfig({
      ...model,
      JOB_TIMEOUT_MS: '60000',
      LLM_TIMEOUT_MS: '5000',
      LLM_RETRY_MAX_DELAY_MS: '1000',
    });
    expect(jobWait(faster).warning).toBeNull();
  });

  it('the offline brain builds in milliseconds: a minute covers a busy queue', () => {
    expect(jobWait(loadConfig({})).ms).toBe(60_000);
  });
});

describe('GameGenerationError', () => {
  it('names every way a build fails, with the code of the contract table (503, retry)', () => {
    expect(ERRORS.game_generation_failed.status).toBe(503);
    expect(errorBody('game_generation_failed')).toMatchObject({ retry: true, action: 'retry' });
    const cases: Array<[unknown, string, boolean]> = [
      [new ModelUnavailableError(), 'model_unavailable', true],
      [new ModelRateLimitedError(7_000), 'model_busy', true],
      [new AgentFailedError('code_generator'), 'no_usable_answer', true],
      [new Error('Redis went away'), 'failed', false],
    ];
    for (const [cause, reason, final] of cases) {
      const e = asGenerationError(cause) as GameGenerationError;
      expect(e).toBeInstanceOf(GameGenerationError);
      expect(e).toMatchObject({ reason, final });
      expect(errorCodeOf(e)).toBe('game_generation_failed');
    }
    expect(retryAfterSeconds(asGenerationError(new ModelRateLimitedError(7_000)))).toBe(7);
    expect(retryAfterSeconds(new GameGenerationError('still_running'))).toBe(5);
  });

  it('a cancelled run stays a cancellation, not a failed build', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(asGenerationError(abort)).toBe(abort);
  });

  it("comes back from a queued job's failedReason with its reason, and only fixed words", () => {
    const sent = new GameGenerationError('no_usable_answer');
    expect(fromFailedReason(sent.message)).toMatchObject({ reason: 'no_usable_answer', final: true });
    // Anything else a worker could have failed with is read as a plain failure, its text dropped.
    const other = fromFailedReason('Cannot read properties of undefined (reading "tacos")');
    expect(other).toMatchObject({ reason: 'failed', message: 'game generation failed: failed' });
    expect(fromFailedReason(undefined).reason).toBe('failed');
  });
});

describe('the job id of a build', () => {
  const generating = { ...initialState(), phase: 'generating' as const };
  it("is one per session and game: a retried 'yes' joins the build, whatever the words", () => {
    const a = generationJobId({ sessionId: 's1', state: generating, message: 'yes' });
    expect(generationJobId({ sessionId: 's1', state: generating, message: 'yes please!' })).toBe(a);
    // The session id is hashed too: BullMQ's events stream keeps job ids past a "forget".
    expect(a).not.toContain('s1-');
    expect(a).toMatch(/^s[0-9a-f]{24}-g[0-9a-f]{20}$/);
    expect(generationJobId({ sessionId: 's2', state: generating, message: 'yes' })).not.toBe(a);
    expect(
      generationJobId({ sessionId: 's1', state: { ...generating, gameId: 'g1' }, message: 'yes' }),
    ).not.toBe(a);
  });

  it('a remix is keyed by what was asked, hashed (no child words in Redis keys)', () => {
    const done = { ...initialState(), phase: 'complete' as const, gameId: 'g1' };
    const faster = generationJobId({ sessionId: 's1', state: done, message: 'make it faster' });
    expect(generationJobId({ sessionId: 's1', state: done, message: 'more tacos' })).not.toBe(faster);
    expect(faster).not.toMatch(/faster/);
    // No session, nothing to join.
    expect(generationJobId({ sessionId: null, state: done, message: null })).not.toBe(
      generationJobId({ sessionId: null, state: done, message: null }),
    );
  });
});
