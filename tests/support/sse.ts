/** A small Server-Sent Events client over fetch, for tests: events in order, with arrival times. */

/** Event payloads are JSON whose shape each test asserts on. */
// biome-ignore lint/suspicious/noExplicitAny: test payloads are checked by the assertions that read them
type Json = any;

export interface SseEvent {
  event: string;
  data: Json;
  at: number;
}

export interface SseResponse {
  status: number;
  contentType: string;
  /** Parsed events (empty when the answer was not a stream). */
  events: SseEvent[];
  /** The JSON body when the answer was not a stream. */
  json: Json;
}

export function parseSse(text: string, at = Date.now()): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join('\n')), at });
  }
  return events;
}

/**
 * Posts and reads the stream as it arrives. `onEvent` may return true to hang up (a child closing
 * the page mid-answer).
 */
export async function postStream(
  url: string,
  body: unknown,
  onEvent?: (e: SseEvent) => boolean | undefined,
): Promise<SseResponse> {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const contentType = res.headers.get('content-type') ?? '';
  if (!contentType.startsWith('text/event-stream')) {
    return { status: res.status, contentType, events: [], json: await res.json() };
  }
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = res.body?.getReader();
  try {
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut >= 0) {
        const block = buffer.slice(0, cut + 2);
        buffer = buffer.slice(cut + 2);
        for (const e of parseSse(block)) {
          events.push(e);
          if (onEvent?.(e)) {
            controller.abort();
            return { status: res.status, contentType, events, json: null };
          }
        }
        cut = buffer.indexOf('\n\n');
      }
    }
  } catch (e) {
    if (!controller.signal.aborted) throw e;
  }
  return { status: res.status, contentType, events, json: null };
}
