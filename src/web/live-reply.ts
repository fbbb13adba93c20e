import type { AgentTurn } from '../contract/schemas.js';
import type { AgentName } from '../contract/vocabulary.js';
import type { ChatView, LiveBubble } from './chat-view.js';
import { sentencesOf } from './sentences.js';

/**
 * One message's replies as they stream in: a bubble per speaking agent, filled token by token, and
 * each sentence spoken as soon as it is complete. At the end the server's final turns replace what
 * was streamed; only the words not yet spoken are spoken then, so nothing is said twice.
 */

export interface LiveReply {
  /** An agent starts speaking; `restart` voids what this agent has streamed so far. */
  agent(agent: AgentName, restart: boolean): void;
  token(text: string): void;
  /** The final turns (also when nothing streamed: the plain endpoint's answer). */
  finish(turns: AgentTurn[]): void;
  /** The turn failed: its half-written bubbles go. */
  discard(): void;
}

export interface LiveReplyDeps {
  chat: ChatView;
  /** Auto-read (the speaker skips it when muted). */
  say(text: string, agent: AgentName): void;
  /** "Say it again" of a bubble. */
  repeat(text: string, agent: AgentName): void;
  /** A bubble appears for this agent. */
  onSpeaker(agent: AgentName): void;
}

interface Live {
  agent: AgentName;
  bubble: LiveBubble;
  text: string;
  /** Sentences already spoken, by position in the reply, as their comparable letters. */
  spoken: string[];
}

const comparable = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

export function createLiveReply(deps: LiveReplyDeps): LiveReply {
  const lives: Live[] = [];
  let current: Live | null = null;

  function open(agent: AgentName): Live {
    const live: Live = {
      agent,
      text: '',
      spoken: [],
      bubble: deps.chat.streamAgent(agent, () => deps.repeat(live.text, agent)),
    };
    lives.push(live);
    deps.onSpeaker(agent);
    return live;
  }

  /**
   * Speaks the sentences of the reply that are complete and not yet spoken at their place. After a
   * restart the same words are not said again; different ones are. Sentences that are ready
   * together go out as one utterance.
   */
  function speak(live: Live, final: boolean) {
    const sentences = sentencesOf(live.text, final);
    const fresh: string[] = [];
    sentences.forEach((s, i) => {
      const key = comparable(s);
      if (live.spoken[i] === key) return;
      live.spoken[i] = key;
      fresh.push(s);
    });
    if (fresh.length > 0) deps.say(fresh.join(' '), live.agent);
  }

  return {
    agent(agent, restart) {
      if (restart && current?.agent === agent) {
        current.text = '';
        current.bubble.setText('');
        return;
      }
      current = open(agent);
    },
    token(text) {
      // A token before any agent (not sent by our server) still gets a bubble.
      current ??= open('story_analyst');
      current.text += text;
      current.bubble.setText(current.text);
      speak(current, false);
    },
    finish(turns) {
      turns.forEach((turn, i) => {
        let live = lives[i];
        if (live && live.agent !== turn.agent) {
          // Out of step with what streamed: the final turns win from here on.
          for (const extra of lives.splice(i)) extra.bubble.remove();
          live = undefined;
        }
        live ??= open(turn.agent);
        live.text = turn.text;
        live.bubble.finish(turn.text);
        speak(live, true);
      });
      for (const extra of lives.splice(turns.length)) extra.bubble.remove();
      lives.length = 0;
      current = null;
    },
    discard() {
      for (const live of lives) live.bubble.remove();
      lives.length = 0;
      current = null;
    },
  };
}
