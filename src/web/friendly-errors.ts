import { ApiError } from './api.js';

/** A failed call in words for a child, and whether trying the same again may help. */
export interface Friendly {
  text: string;
  retry: boolean;
}

export function friendly(e: unknown): Friendly {
  if (!(e instanceof ApiError))
    return { text: 'Oops! Something went wrong. Shall we try again?', retry: true };
  if (e.status === 0) return { text: "I can't reach the helpers right now. Let's try again!", retry: true };
  if (e.status === 409)
    return { text: 'The helpers are still thinking. Try again in a moment!', retry: true };
  if (e.status === 413) return { text: "That's a lot of words! Can you say it a bit shorter?", retry: false };
  if (e.status === 429) return { text: "Whoa, that's fast! Let's wait a moment and try again.", retry: true };
  if (e.retryable) return { text: "Oops! The helpers need a little break. Let's try again.", retry: true };
  return { text: "Hmm, I didn't get that. Can you say it another way?", retry: false };
}
