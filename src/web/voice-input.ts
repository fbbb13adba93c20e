/**
 * Push-to-talk over the Web Speech API. Speech goes only to the browser's own recognition service.
 * The lib.dom types do not include SpeechRecognition itself, so the small part we use is typed here.
 */

interface RecognitionAlternative {
  transcript: string;
}
interface RecognitionResult {
  readonly isFinal: boolean;
  readonly length: number;
  [index: number]: RecognitionAlternative;
}
interface RecognitionEvent extends Event {
  readonly resultIndex: number;
  readonly results: { readonly length: number; [index: number]: RecognitionResult };
}
interface RecognitionErrorEvent extends Event {
  readonly error: string;
}
interface Recognition extends EventTarget {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  maxAlternatives: number;
  onresult: ((e: RecognitionEvent) => void) | null;
  onerror: ((e: RecognitionErrorEvent) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}
type RecognitionCtor = new () => Recognition;

/** Why listening stopped without words, in terms the page can explain to a child. */
export type ListenProblem = 'blocked' | 'no-speech' | 'no-microphone' | 'offline' | 'unsupported' | 'other';

export interface ListenHandlers {
  /** Everything heard so far (final words plus the current guess). */
  onText(text: string, final: boolean): void;
  /** Listening is over; `text` is what was heard (may be empty). */
  onDone(text: string): void;
  onProblem(problem: ListenProblem): void;
}

export interface Listener {
  readonly supported: boolean;
  readonly listening: boolean;
  start(handlers: ListenHandlers): void;
  /** Stop and keep what was heard. */
  stop(): void;
  /** Stop and forget (the app is about to speak, or the child cancelled). */
  abort(): void;
}

/** How long a quiet pause after final words must last before we take it as "I'm finished". */
const PAUSE_MS = 1200;

function problemFor(code: string): ListenProblem {
  switch (code) {
    case 'not-allowed':
    case 'service-not-allowed':
      return 'blocked';
    case 'no-speech':
      return 'no-speech';
    case 'audio-capture':
      return 'no-microphone';
    case 'network':
      return 'offline';
    default:
      return 'other';
  }
}

export function createListener(lang = 'en-US'): Listener {
  const w = window as unknown as {
    SpeechRecognition?: RecognitionCtor;
    webkitSpeechRecognition?: RecognitionCtor;
  };
  const Ctor = w.SpeechRecognition ?? w.webkitSpeechRecognition;
  // The live recognition and whether we aborted it (then its `end` must not count as "done").
  let current: { rec: Recognition; aborted: boolean } | null = null;

  return {
    supported: Ctor !== undefined,
    get listening() {
      return current !== null;
    },
    start(h) {
      if (!Ctor) {
        h.onProblem('unsupported');
        return;
      }
      this.abort();
      const rec = new Ctor();
      const me = { rec, aborted: false };
      current = me;
      rec.lang = lang;
      // Continuous with our own pause timer: children pause mid-sentence, and the browser's own
      // end-of-speech guess cuts them off too early.
      rec.continuous = true;
      rec.interimResults = true;
      rec.maxAlternatives = 1;
      let finalText = '';
      let guess = '';
      let pause: ReturnType<typeof setTimeout> | undefined;
      const heard = () => `${finalText} ${guess}`.replace(/\s+/g, ' ').trim();

      rec.onresult = (e) => {
        if (current !== me) return;
        guess = '';
        for (let i = e.resultIndex; i < e.results.length; i++) {
          const r = e.results[i];
          const words = r?.[0]?.transcript ?? '';
          if (r?.isFinal) finalText = `${finalText} ${words}`;
          else guess = `${guess} ${words}`;
        }
        h.onText(heard(), guess.trim() === '');
        clearTimeout(pause);
        pause = setTimeout(() => rec.stop(), PAUSE_MS);
      };
      rec.onerror = (e) => {
        if (current !== me || e.error === 'aborted') return;
        h.onProblem(problemFor(e.error));
      };
      rec.onend = () => {
        clearTimeout(pause);
        if (current === me) current = null;
        if (!me.aborted) h.onDone(heard());
      };
      try {
        rec.start();
      } catch {
        current = null;
        h.onProblem('other');
      }
    },
    stop() {
      current?.rec.stop();
    },
    abort() {
      const me = current;
      if (!me) return;
      current = null;
      me.aborted = true;
      me.rec.abort();
    },
  };
}
