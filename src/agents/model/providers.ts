import { ChatAnthropic } from '@langchain/anthropic';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { LlmConfig } from '../../config.js';
import type { Brain } from '../brain.js';
import { createModelBrain, type ModelCallInfo } from './model-brain.js';
import { createResilience, type Resilience } from './resilience.js';

/**
 * The one place a provider is chosen. Retries belong to our resilience layer (cockatiel), so the
 * SDKs' own retries are off: otherwise a 429 would be retried twice over and never counted.
 */

export function createChatModel(llm: LlmConfig): BaseChatModel {
  switch (llm.provider) {
    case 'anthropic':
      return new ChatAnthropic({
        model: llm.model,
        apiKey: llm.anthropicApiKey,
        // Explicit, so a stray ANTHROPIC_BASE_URL in the process environment never redirects tests.
        anthropicApiUrl: llm.anthropicBaseUrl ?? 'https://api.anthropic.com',
        // Sonnet 4.5 accepts temperature or top_p, not both: temperature only.
        temperature: llm.temperature,
        maxTokens: llm.maxTokens,
        maxRetries: 0,
        streaming: true,
      });
    case 'openai':
    case 'openai-compatible':
      return new ChatOpenAI({
        model: llm.model,
        // Local servers (Ollama, llama.cpp, vLLM) ignore the key but the SDK insists on one.
        apiKey: llm.openaiApiKey ?? 'not-needed',
        temperature: llm.temperature,
        maxTokens: llm.maxTokens,
        maxRetries: 0,
        streaming: true,
        streamUsage: true,
        configuration: {
          maxRetries: 0,
          ...(llm.openaiBaseUrl ? { baseURL: llm.openaiBaseUrl } : {}),
        },
      });
    case 'offline':
      throw new Error('the offline provider has no chat model');
  }
}

/** Timeout, retries and breaker for every call to the provider, from config. */
export function createProviderResilience(llm: LlmConfig): Resilience {
  return createResilience({
    timeoutMs: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    retryBaseMs: llm.retryBaseMs,
    retryMaxDelayMs: llm.retryMaxDelayMs,
    breakerThreshold: llm.breakerThreshold,
    breakerHalfOpenMs: llm.breakerHalfOpenMs,
  });
}

/**
 * The provider's model brain alone, its calls through `resilience`: no offline brain beneath it
 * (src/bootstrap.ts composes that layer). Its failures are typed errors.
 */
export function createProviderBrain(
  llm: LlmConfig,
  resilience: Resilience,
  hooks: { onCall?: (info: ModelCallInfo) => void } = {},
): Brain {
  return createModelBrain({
    name: `${llm.provider}:${llm.model}`,
    model: createChatModel(llm),
    resilience,
    streamIdleMs: llm.streamIdleMs,
    historyTurns: llm.historyTurns,
    // Cache breakpoints are Anthropic's; other providers cache prefixes on their own, or not at all.
    promptCache: llm.provider === 'anthropic' && llm.promptCache,
    // The tool call carries the reply, so it is always required. Local OpenAI-compatible servers
    // (llama.cpp, vLLM) accept only the string forms of tool_choice: `required` there.
    toolChoice: llm.provider === 'openai-compatible' ? 'any' : 'named',
    ...(hooks.onCall ? { onCall: hooks.onCall } : {}),
  });
}
