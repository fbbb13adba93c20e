import { describe, expect, it } from 'vitest';
import type { Brain } from '../../../src/agents/brain.js';
import { NAP_NOTICE, withOfflineFallback } from '../../../src/agents/layers/fallback.js';
import {
  AgentFailedError,
  ModelUnavailableError,
  StepDeclinedError,
} from '../../../src/agents/model/errors.js';
import { initialState } from '../../../src/agents/state.js';

/** A model brain whose story analyst does what `next` says, and an offline brain that says "offline". */
function brains(next: () => Promise<{ reply: string }>) {
  const model: Brain = {
    name: 'model:test',
    storyAnalyst: () => next(),
    gameDesigner: () => next(),
    codeGenerator: () => next(),
  };
  const offline: Brain = {
    name: 'offline',
    storyAnalyst: async () => ({ reply: 'offline' }),
    gameDesigner: async () => ({ reply: 'offline' }),
    codeGenerator: async () => ({ reply: 'offline' }),
  };
  return { model, offline };
}

const spent = <E extends { usage?: unknown }>(e: E) => {
  e.usage = { inputTokens: 10, outputTokens: 2, calls: 2 };
  return e;
};

describe('the offline brain beneath a model brain', () => {
  it('passes a model answer through, under the model brain’s name', async () => {
    const { model, offline } = brains(async () => ({ reply: 'model' }));
    const brain = withOfflineFallback(model, offline, { fallback: true });
    expect(brain.name).toBe('model:test');
    expect((await brain.storyAnalyst(initialState(), 'hi')).reply).toBe('model');
  });

  it('answers a declined step offline even with fallback off', async () => {
    const { model, offline } = brains(() =>
      Promise.reject(new StepDeclinedError('story_analyst', 'past_limit')),
    );
    const brain = withOfflineFallback(model, offline, { fallback: false });
    expect((await brain.storyAnalyst(initialState(), 'hi')).reply).toBe('offline');
  });

  it('says an unusable answer’s step quietly, counting the tokens spent', async () => {
    const { model, offline } = brains(() => Promise.reject(spent(new AgentFailedError('story_analyst'))));
    const r = await withOfflineFallback(model, offline, { fallback: true }).storyAnalyst(
      initialState(),
      'hi',
      {
        sessionId: 's',
      },
    );
    expect(r).toEqual({ reply: 'offline', usage: { inputTokens: 10, outputTokens: 2, calls: 2 } });
  });

  it('tells a session about an outage once, and again after the provider recovered', async () => {
    let recover = () => {};
    const { model, offline } = brains(() => Promise.reject(new ModelUnavailableError()));
    const brain = withOfflineFallback(model, offline, {
      fallback: true,
      onRecovery: (l) => {
        recover = l;
      },
    });
    const say = async (sessionId: string) =>
      (await brain.storyAnalyst(initialState(), 'hi', { sessionId })).reply;
    expect(await say('a')).toBe(`${NAP_NOTICE} offline`);
    expect(await say('a')).toBe('offline');
    expect(await say('b')).toBe(`${NAP_NOTICE} offline`);
    recover();
    expect(await say('a')).toBe(`${NAP_NOTICE} offline`);
  });

  it('with fallback off, an outage or an unusable answer reaches the caller', async () => {
    const outage = brains(() => Promise.reject(new ModelUnavailableError()));
    await expect(
      withOfflineFallback(outage.model, outage.offline, { fallback: false }).storyAnalyst(
        initialState(),
        'hi',
      ),
    ).rejects.toBeInstanceOf(ModelUnavailableError);
    const failed = brains(() => Promise.reject(new AgentFailedError('story_analyst')));
    await expect(
      withOfflineFallback(failed.model, failed.offline, { fallback: false }).storyAnalyst(
        initialState(),
        'hi',
      ),
    ).rejects.toBeInstanceOf(AgentFailedError);
  });

  it('never answers for a bug: an unexpected error is the caller’s', async () => {
    const { model, offline } = brains(() => Promise.reject(new TypeError('bug')));
    await expect(
      withOfflineFallback(model, offline, { fallback: true }).storyAnalyst(initialState(), 'hi'),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
