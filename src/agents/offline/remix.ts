import { wordMatch } from '../../books/match.js';
import { repairSpec } from '../../games/repair.js';
import { DIFFICULTIES, type GameSpec } from '../../games/spec.js';
import { normaliseText } from '../../text/normalise.js';

/**
 * Known remix knobs ("make the dragon faster", "more tacos", "easier", "night time") as a pure spec
 * patch: no model call. Anything else returns null and is left to a model brain.
 */

export interface Remix {
  spec: GameSpec;
  /** What changed, in a child's words, for the reply. */
  change: string;
}

type Target = 'hero' | 'hazards' | 'collectibles';

const mentions = (words: string[], name: string) =>
  normaliseText(name)
    .split(' ')
    .filter((w) => w.length > 2)
    .some((n) => words.some((w) => wordMatch(n, w) > 0));

function targetOf(words: string[], spec: GameSpec): Target {
  const text = words.join(' ');
  if (
    spec.hazards.some((h) => mentions(words, h.name)) ||
    /\b(?:baddies|bad guys|enemies|monsters)\b/.test(text)
  ) {
    return 'hazards';
  }
  if (spec.collectibles.some((c) => mentions(words, c.name))) return 'collectibles';
  return 'hero';
}

const scale = (v: number, f: number) => Math.round(Math.min(2, Math.max(0.5, v * f)) * 100) / 100;

export function remixSpec(spec: GameSpec, message: string): Remix | null {
  const n = normaliseText(message);
  const words = n.split(' ');
  const target = targetOf(words, spec);
  const s: GameSpec = structuredClone(spec);
  const level = DIFFICULTIES.indexOf(s.difficulty);
  const who = target === 'hazards' ? `the ${s.hazards[0]?.name ?? 'baddies'}` : s.hero.name;

  if (/\b(?:faster|quicker|speedier|zoomier)\b/.test(n)) {
    if (target === 'hazards') for (const h of s.hazards) h.speed = scale(h.speed, 1.3);
    else s.hero.speed = scale(s.hero.speed, 1.3);
    return { spec: repairSpec(s), change: `${who} is faster now` };
  }
  if (/\b(?:slower|slow down|less fast)\b/.test(n)) {
    if (target === 'hazards') for (const h of s.hazards) h.speed = scale(h.speed, 0.75);
    else s.hero.speed = scale(s.hero.speed, 0.75);
    return { spec: repairSpec(s), change: `${who} is slower now` };
  }
  if (/\b(?:higher|jumpier|bigger jump|jump more)\b/.test(n)) {
    s.hero.jump = scale(s.hero.jump, 1.3);
    return { spec: repairSpec(s), change: `${s.hero.name} jumps higher now` };
  }
  if (/\b(?:easier|too hard|simpler)\b/.test(n)) {
    s.difficulty = DIFFICULTIES[Math.max(0, level - 1)] ?? 'easy';
    if (typeof s.lives === 'number') s.lives = Math.min(9, s.lives + 1);
    for (const h of s.hazards) {
      h.speed = scale(h.speed, 0.8);
      h.count = Math.max(1, h.count - 1);
    }
    return { spec: repairSpec(s), change: 'the game is easier now' };
  }
  if (/\b(?:harder|too easy|trickier|more difficult)\b/.test(n)) {
    s.difficulty = DIFFICULTIES[Math.min(DIFFICULTIES.length - 1, level + 1)] ?? 'hard';
    for (const h of s.hazards) {
      h.speed = scale(h.speed, 1.2);
      h.count = Math.min(12, h.count + 1);
    }
    return { spec: repairSpec(s), change: 'the game is harder now' };
  }
  const more = /\b(?:more|lots more|extra)\b/.test(n);
  const fewer = /\b(?:fewer|less|not so many)\b/.test(n);
  if (more || fewer) {
    if (target === 'hazards') {
      for (const h of s.hazards) h.count = Math.min(12, Math.max(1, h.count + (more ? 2 : -2)));
      return {
        spec: repairSpec(s),
        change: `there are ${more ? 'more' : 'fewer'} ${s.hazards[0]?.name ?? 'baddies'}`,
      };
    }
    for (const c of s.collectibles) c.count = Math.min(40, Math.max(1, c.count + (more ? 5 : -3)));
    return {
      spec: repairSpec(s),
      change: `there are ${more ? 'more' : 'fewer'} ${s.collectibles[0]?.name ?? 'things'}`,
    };
  }
  if (/\b(?:night|dark|nighttime)\b/.test(n)) {
    s.setting.night = true;
    return { spec: repairSpec(s), change: 'it is night time now' };
  }
  if (/\b(?:day|daytime|sunny|light)\b/.test(n)) {
    s.setting.night = false;
    return { spec: repairSpec(s), change: 'it is day time now' };
  }
  return null;
}

/**
 * What Bolt says to talk after the game that is not a change it can make: praise, a wish for a
 * new game or another type, a question, a tease, goodbye. Answered like a patient adult would, and
 * never by touching the game (the page keeps it on screen). Null: nothing recognised.
 */
const AFTER_GAME: readonly { when: RegExp; say: (spec: GameSpec) => string }[] = [
  {
    when: /\b(?:another|new|different|next) game\b|\bmake (?:a |an )?(?:new|another|different) one\b/,
    say: () => 'Yes, let’s make another one! Tap Make another game. This game stays on your My games shelf.',
  },
  {
    when: /\b(?:maze|runner|running|catch(?:ing|er)?|platform(?:er)?|jumping|dodg(?:e|ing)|collect(?:ing|or)?) game\b|\bmake it (?:a|an) \w+/,
    say: (s) =>
      `A different kind of game is a whole new game! Tap Make another game to make it. ${s.title} stays on your My games shelf.`,
  },
  {
    when: /\b(?:play(?:ing)? (?:it )?again|another go|one more time|again)\b/,
    say: () => 'Of course! Tap Play again, and off you go!',
  },
  {
    when: /\b(?:dont|didnt|do not|not) (?:like|love)\b|\b(?:boring|hate|rubbish)\b/,
    say: () =>
      'Oh no! Shall I make it faster, slower, easier or harder? Or tap Make another game for a new one.',
  },
  {
    when: /\b(?:fun|love|loved|like|liked|awesome|cool|great|best|amazing|yay|yippee|brilliant|wow|good)\b/,
    say: (s) => `Yay! I’m so glad you like ${s.title}! Tap Play again to have another go.`,
  },
  {
    when: /\b(?:silly|funny|weird|crazy|poo|poop|stinky|smelly|dumb|stupid)\b/,
    say: () => 'Hee hee! Beep boop, I am a silly robot! 🤖 Shall we play your game again?',
  },
  {
    when: /\b(?:your name|who are you|are you (?:a )?robot)\b/,
    say: () => 'I’m Bolt the robot! I built your game from your ideas. Tap it to play!',
  },
  {
    when: /\b(?:thank you|thanks|thank u)\b/,
    say: () => 'You’re welcome! It was fun making it with you. Tap the game to play whenever you like.',
  },
  {
    when: /\b(?:bye|goodbye|good night|see you|gotta go)\b/,
    say: () => 'Bye bye! Your game stays on your My games shelf for next time. 👋',
  },
];

export function afterGameReply(spec: GameSpec, message: string): string | null {
  const n = normaliseText(message);
  return AFTER_GAME.find((a) => a.when.test(n))?.say(spec) ?? null;
}
