import { describe, expect, it } from 'vitest';
import { ModelTimeoutError } from '../../../src/agents/model/errors.js';
import { backoffDelay, createResilience } from '../../../src/agents/model/resilience.js';

const opts = {
  timeoutMs: 200,
  maxRetries: 2,
  retryBaseMs: 10,
  retryMaxDelayMs: 500,
  breakerThreshold: 2,
  breakerHalfOpenMs: 100,
};

const httpError = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { status, headers: new Headers(headers) });

describe('backoffDelay', () => {
  it('grows exponentially with jitter between half and all of the step', () => {
    expect(backoffDelay(1, undefined, opts, () => 0)).toBe(5);
    expect(backoffDelay(1, undefined, opts, () => 1)).toBe(10);
    expect(backoffDelay(3, undefined, opts, () => 1)).toBe(40);
    expect(backoffDelay(20, undefined, opts, () => 1)).toBe(500);
  });

  it('never waits less than the provider asked', () => {
    expect(backoffDelay(1, httpError(429, { 'retry-after': '2' }), opts, () => 0)).toBe(2000);
    expect(backoffDelay(1, httpError(429, { 'retry-after-ms': '120' }), opts, () => 0)).toBe(120);
  });
});

describe('createResilience', () => {
  it('retries transient failures up to maxRetries, then gives up', async () => {
    const r = createResilience(opts);
    let calls = 0;
    await expect(
      r.execute(async () => {
        calls++;
        throw httpError(503);
      }),
    ).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(3);
  });

  it('does not retry a client error', async () => {
    const r = createResilience(opts);
    let calls = 0;
    await expect(
      r.execute(async () => {
        calls++;
        throw httpError(401);
      }),
    ).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(1);
  });

  it('times out a slow attempt and retries it', async () => {
    const r = createResilience({ ...opts, timeoutMs: 30 });
    let calls = 0;
    const out = await r.execute(async ({ signal }) => {
      calls++;
      if (calls === 1) {
        await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      }
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(calls).toBe(2);
  });

  it('reports a timeout as ModelTimeoutError', async () => {
    const r = createResilience({ ...opts, timeoutMs: 20, maxRetries: 0 });
    await expect(r.execute(() => new Promise(() => {}))).rejects.toBeInstanceOf(ModelTimeoutError);
  });

  it('never retries a cancelled run, and a cancellation does not count against the provider', async () => {
    const r = createResilience({ ...opts, breakerThreshold: 1 });
    const cancel = new AbortController();
    let calls = 0;
    const run = r.execute(async ({ signal }) => {
      calls++;
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }, cancel.signal);
    cancel.abort();
    await expect(run).rejects.toBeDefined();
    expect(calls).toBe(1);
    expect(r.state).toBe('closed');
  });

  it('opens the breaker after consecutive failed calls, then half-opens and closes on success', async () => {
    const r = createResilience({ ...opts, maxRetries: 0 });
    const events: string[] = [];
    r.onBreak(() => events.push('break'));
    r.onReset(() => events.push('reset'));
    let calls = 0;
    const failing = async () => {
      calls++;
      throw httpError(500);
    };
    await expect(r.execute(failing)).rejects.toBeDefined();
    await expect(r.execute(failing)).rejects.toBeDefined();
    expect(r.state).toBe('open');
    // While open, nothing reaches the provider.
    await expect(r.execute(failing)).rejects.toMatchObject({ isBrokenCircuitError: true });
    expect(calls).toBe(2);
    await new Promise((res) => setTimeout(res, 120));
    expect(await r.execute(async () => 'back')).toBe('back');
    expect(r.state).toBe('closed');
    expect(events).toEqual(['break', 'reset']);
  });
});
