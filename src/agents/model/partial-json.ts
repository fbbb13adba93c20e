/**
 * Reading a tool call's arguments while they are still arriving, and after they arrived broken.
 *
 * `ReplyStream` pulls one top-level string field (the spoken `reply`) out of JSON that streams in
 * arbitrary pieces, decoding escapes as it goes, so the child hears the reply while the model is
 * still writing the rest of the record. `parseToolArgs` reads arguments strictly when it can and
 * otherwise repairs what providers really send: a truncated object (max tokens reached), a doubled
 * or trailing comma. Both are pure and never throw.
 */

const HEX = /^[0-9a-fA-F]{4}$/;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

export class ReplyStream {
  private depth = 0;
  private inString = false;
  private escape = false;
  private unicode: string | null = null;
  /** At depth 1, whether the next string is a key. */
  private expectKey = false;
  private key: string | null = null;
  private lastKey: string | null = null;
  private afterColon = false;
  private capturing = false;
  /** A high surrogate waiting for its pair, so a delta never ends half a character. */
  private held = '';
  /** The whole reply decoded so far. */
  value = '';
  /** True once the reply's closing quote was read. */
  complete = false;

  constructor(private readonly field = 'reply') {}

  /** Feeds the next piece of the JSON text; returns the reply text it added (may be ''). */
  push(piece: string): string {
    let out = '';
    const emit = (s: string) => {
      out += s;
    };
    for (const ch of piece) {
      if (this.inString) {
        const chunk = this.stringChar(ch);
        if (chunk !== null && this.capturing) emit(chunk);
        continue;
      }
      switch (ch) {
        case '"':
          this.inString = true;
          if (this.depth === 1 && this.expectKey) {
            this.key = '';
          } else if (this.depth === 1 && this.afterColon && this.lastKey === this.field && !this.complete) {
            this.capturing = true;
          }
          break;
        case '{':
        case '[':
          this.depth += 1;
          this.expectKey = this.depth === 1 && ch === '{';
          this.afterColon = false;
          break;
        case '}':
        case ']':
          this.depth -= 1;
          this.afterColon = false;
          break;
        case ':':
          if (this.depth === 1) this.afterColon = true;
          break;
        case ',':
          if (this.depth === 1) {
            this.expectKey = true;
            this.afterColon = false;
          }
          break;
        default:
          // A non-string value for the field (a number, null): nothing to say.
          if (this.depth === 1 && this.afterColon && !/\s/.test(ch)) this.afterColon = false;
      }
    }
    if (!out && !(this.complete && this.held)) return '';
    const all = this.held + out;
    const last = all.charCodeAt(all.length - 1);
    if (isHighSurrogate(last) && !this.complete) {
      // code-unit-safe: the last code unit is a high surrogate, held back until its pair arrives
      this.held = all.slice(-1);
      // code-unit-safe: everything before that high surrogate
      const ready = all.slice(0, -1);
      this.value += ready;
      return ready;
    }
    this.held = '';
    this.value += all;
    return all;
  }

  /** One character inside a string; returns decoded text, '' for none yet, null at the closing quote. */
  private stringChar(ch: string): string | null {
    if (this.unicode !== null) {
      this.unicode += ch;
      if (this.unicode.length < 4) return '';
      const hex = this.unicode;
      this.unicode = null;
      const text = HEX.test(hex) ? String.fromCharCode(Number.parseInt(hex, 16)) : '';
      return this.keyOr(text);
    }
    if (this.escape) {
      this.escape = false;
      if (ch === 'u') {
        this.unicode = '';
        return '';
      }
      return this.keyOr(ESCAPES[ch] ?? ch);
    }
    if (ch === '\\') {
      this.escape = true;
      return '';
    }
    if (ch === '"') {
      this.inString = false;
      if (this.key !== null) {
        this.lastKey = this.key;
        this.key = null;
        this.expectKey = false;
      } else if (this.capturing) {
        this.capturing = false;
        this.complete = true;
        this.afterColon = false;
      } else {
        this.afterColon = false;
      }
      return null;
    }
    return this.keyOr(ch);
  }

  private keyOr(text: string): string {
    if (this.key !== null) {
      this.key += text;
      return '';
    }
    return text;
  }
}

type Json = unknown;

/**
 * A tool call's arguments: `{}` for none, the parsed object when valid, else the object a light
 * repair recovers (closing what a truncated stream left open, dropping stray commas), else null.
 */
export function parseToolArgs(raw: string): { value: Record<string, Json> | null; repaired: boolean } {
  const text = raw.trim();
  if (text === '') return { value: {}, repaired: false };
  const strict = tryParse(text);
  if (strict !== undefined) return { value: asObject(strict), repaired: false };
  const fixed = repairJson(text);
  return { value: fixed === undefined ? null : asObject(fixed), repaired: fixed !== undefined };
}

function asObject(v: Json): Record<string, Json> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Json>) : null;
}

function tryParse(text: string): Json | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Drops stray commas and closes what was left open; then, if need be, cuts back member by member. */
function repairJson(text: string): Json | undefined {
  let out = '';
  const stack: string[] = [];
  /** Positions in `out` just before a comma at some depth: where a cut can end an unfinished member. */
  const cuts: Array<{ at: number; stack: string[] }> = [];
  let inString = false;
  let escaped = false;
  let pendingComma = false;
  for (const ch of text) {
    if (inString) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (ch === ',') {
      pendingComma = true;
      continue;
    }
    if (pendingComma) {
      pendingComma = false;
      if (ch !== '}' && ch !== ']' && !/[[{,:]$/.test(out)) {
        cuts.push({ at: out.length, stack: [...stack] });
        out += ',';
      }
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      if (stack[stack.length - 1] !== ch) return undefined;
      stack.pop();
    }
    out += ch;
  }
  const close = (body: string, open: string[], unterminated: boolean) => {
    let s = body;
    if (unterminated) s += '"';
    s = s.replace(/[,:]$/, (m) => (m === ':' ? ':null' : ''));
    return s + [...open].reverse().join('');
  };
  const whole = tryParse(close(out, stack, inString));
  if (whole !== undefined) return whole;
  // An unfinished member (a key with no value, a cut-off number): drop it and close again.
  for (let i = cuts.length - 1; i >= 0 && i >= cuts.length - 3; i--) {
    const cut = cuts[i];
    if (!cut) continue;
    // code-unit-safe: cuts are at JSON punctuation (ASCII), never inside a character
    const v = tryParse(close(out.slice(0, cut.at), cut.stack, false));
    if (v !== undefined) return v;
  }
  return undefined;
}
