import type { AgentName } from '../contract/vocabulary.js';

/**
 * Remembers this tab's conversation in sessionStorage, so a reload (or an iPad waking the tab)
 * continues where the child was. It never outlives the tab and is never sent anywhere.
 */

export interface SavedLine {
  who: 'child' | AgentName;
  text: string;
}

interface Saved {
  sessionId: string;
  lines: SavedLine[];
}

const KEY = 'gamemaker.session';
const MUTE_KEY = 'gamemaker.muted';
const MAX_LINES = 200;

function read(): Saved | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const data = raw ? (JSON.parse(raw) as Saved) : null;
    return data && typeof data.sessionId === 'string' && Array.isArray(data.lines) ? data : null;
  } catch {
    return null;
  }
}

function write(data: Saved | null): void {
  try {
    if (data) sessionStorage.setItem(KEY, JSON.stringify(data));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Private browsing or a full store: the page still works, it just won't survive a reload.
  }
}

export const sessionStore = {
  load: read,
  start(sessionId: string, first: SavedLine): void {
    write({ sessionId, lines: [first] });
  },
  add(lines: SavedLine[]): void {
    const data = read();
    if (data) write({ ...data, lines: [...data.lines, ...lines].slice(-MAX_LINES) });
  },
  clear(): void {
    write(null);
  },
  get muted(): boolean {
    try {
      return sessionStorage.getItem(MUTE_KEY) === '1';
    } catch {
      return false;
    }
  },
  set muted(m: boolean) {
    try {
      sessionStorage.setItem(MUTE_KEY, m ? '1' : '0');
    } catch {
      // Not remembered; the toggle still works for this page.
    }
  },
};
