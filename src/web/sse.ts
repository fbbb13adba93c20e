/**
 * A small Server-Sent Events parser for a stream read with fetch (EventSource cannot POST). It
 * follows the spec's line rules: CR, LF or CRLF line ends (even split across chunks), `:` comment
 * lines (heartbeats), several `data:` lines joined with newlines, one optional space after the colon,
 * and an event dispatched at the blank line that ends it. Fields other than `event` and `data` are
 * ignored; a block without data is not an event.
 */

export interface SseMessage {
  event: string;
  data: string;
}

export interface SseParser {
  /** Feeds decoded text, in any chunking. */
  push(text: string): void;
  /** The stream ended: an event left without its blank line is dropped, as the spec says. */
  end(): void;
}

export function createSseParser(onMessage: (m: SseMessage) => void): SseParser {
  let buffer = '';
  let event = '';
  let data: string[] = [];

  function line(l: string) {
    if (l === '') {
      if (data.length > 0) onMessage({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }

  return {
    push(text) {
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
        if (c === '\r' && i === buffer.length - 1) break;
        line(buffer.slice(start, i));
        if (c === '\r' && buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    end() {
      if (buffer.endsWith('\r')) {
        line(buffer.slice(0, -1));
        buffer = '';
      }
      buffer = '';
      event = '';
      data = [];
    },
  };
}
