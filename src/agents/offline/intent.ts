import { kindOfWord } from '../../games/emoji.js';
import type { GameType } from '../../games/spec.js';
import { normaliseText } from '../../text/normalise.js';
import { asNounPhrase, isNonNoun } from './lexicon.js';
import {
  extractNames,
  extractThings,
  isDontKnow,
  parseGameType,
  parseYesNo,
  straighten,
  stripLeads,
} from './understand.js';

/**
 * What a child wants, whatever was asked: "make the game now" (skip ahead), "I want to be a robot"
 * (the hero), "make it a jumping game" (the type), "dodge the owl too", "no wait" (hold the build).
 * Heard in every phase, so a child who says it early is not asked again later.
 */

/** A design change or wish in the child's words (names are noun phrases, never pronouns). */
export interface DesignRequest {
  hero?: string;
  type?: GameType;
  collect?: string[];
  avoid?: string[];
  /** Names to take out of the game ("no owl", "without the snake"); 'all' for "no baddies". */
  remove?: string[] | 'all';
  /** "too", "also", "add": the names join the list instead of replacing it. */
  add?: boolean;
}

// Things children say that are not about the book or the game: nothing to read into them.
const OFF_TOPIC =
  /\b(?:can i have|may i have|i need a wee|i need the toilet|i need a poo|im hungry|i am hungry|im thirsty|i am thirsty|my tooth|we went to|i have a new|i got a new|why is the sky|whats your name|what is your name|who are you|are you a robot|are you real|how old are you|where do you live|do you like pizza|my dog is called|my cat is called|i like ice cream|lalala+|blah blah)\b/;

/** "I'm hungry", "what's your name?", "my dog is called Rex": talk about something else. */
export function isOffTopic(text: string): boolean {
  return OFF_TOPIC.test(normaliseText(text));
}

export function hasRequest(r: DesignRequest): boolean {
  return Boolean(r.hero || r.type || r.collect?.length || r.avoid?.length || r.remove);
}

const RUSH =
  /\b(?:(?:make|build|start|create|do) (?:the |my |a |our |me a )?game(?: now| already| please| right now)?$|(?:make|build|start|create) (?:the |my |our )?game (?:now|already|right now)|(?:make|build|do) it now|(?:lets|let us|can we|can i|i want to|i wanna|i just want to|we want to|i wanna go) (?:play|start)(?: (?:now|the game|it|already|please|right now))?$|play now|game now|skip|hurry|just (?:make|build) it|(?:im|i am) ready to play|ready to play|can we play|lets play|i want to play(?: now)?$|i wanna play(?: now)?$|play the game|no more questions|enough questions|too many questions)\b/;

/** "make the game now", "I want to play", "skip": the child wants a game, not more questions. */
export function isRush(text: string): boolean {
  const n = normaliseText(text);
  // "I want to play as the mouse" is a hero, not a hurry.
  if (/\bplay as\b/.test(n)) return false;
  return RUSH.test(n);
}

const HOLD =
  /\b(?:wait+|hang on|hold on|not|no|nope|never|without|dont|do not|stop|actually|instead|change|different|other one|not ready|thats wrong|wrong|oops|no way)\b/;

/** "no", "wait", "not that", "actually...": whatever comes next, do not build yet. */
export function isHold(text: string): boolean {
  const n = normaliseText(text);
  if (parseYesNo(n) === 'no') return true;
  // "I don't know", "I don't mind": no "don't" about the game.
  if (isDontKnow(n)) return false;
  return HOLD.test(n);
}

const HERO_CUE =
  /\b(?:i (?:want|wanna|would like|d like|wish|like) (?:to )?be|i wanna be|can i be|could i be|let me be|i will be|ill be|i(?:m| am) (?:going to|gonna) be|i should be|make me|play as|playing as|i choose|i pick|my hero is|the hero is|hero should be)\s+(.+)$/;
const I_AM = /\b(?:im|i am)\s+((?:a|an|the)\s+.+|.+)$/;
const ROLE_BADDIE =
  /^(.+?)\s+(?:is|are|should be|can be|will be|could be|be)\s+(?:the |a |an )?(?:baddie|baddies|bad guy|bad guys|villain|villains|enemy|enemies|bad one|bad ones|mean one|monster|monsters|danger|problem|trouble)\b/;
const ROLE_HERO =
  /^(.+?)\s+(?:is|should be|can be|will be|could be)\s+(?:the |a )?(?:hero|good guy|player|me)\b/;
const CHASER =
  /^(.+?)\s+(?:chases|should chase|can chase|will chase|chasing|is chasing|are chasing)\s+(?:me|you|us)\b/;
const COLLECT_REQ =
  /(?:^|\b(?:i|we|you|me|lets|can|should|want to|wanna|will|ill)\s+(?:\w+\s+){0,3}?)(?:collect|catch|grab|gather|pick up|find|get)\s+(.+)$/;
const AVOID_REQ =
  /(?:^|\b(?:i|we|you|me|lets|can|should|want to|wanna|will|ill|have to|must)\s+(?:\w+\s+){0,3}?)(?:avoid|dodge|escape|run away from|stay away from|watch out for|hide from|jump over)\s+(.+)$/;
const REMOVE =
  /\b(?:without|get rid of|take away|take out|remove|no more|not the|dont want(?: the)?|no)\s+(?:the\s+|any\s+)?(.+)$/;
const NO_BADDIES =
  /\b(?:no (?:baddies|bad guys|monsters|enemies|villains|bad things)|nothing to (?:dodge|avoid)|no one to (?:dodge|avoid)|dont want (?:any )?(?:baddies|bad guys|monsters))\b/;
const TYPE_CUE =
  /\b(?:game|instead|make it|make this|can it be|it should be|should be|i want|i wanna|lets (?:do|make|have)|how about|what about|change it to|rather|prefer)\b/;
const ADD = /\b(?:too|also|as well|add|and also|more|another)\b/;

/**
 * The noun phrase at the very start of `tail` ("a robot please" → "robot", "the big bad wolf and
 * dodge" → "big bad wolf"); nothing when the tail starts elsewhere ("and I read the gruffalo").
 */
function firstPhrase(tail: string, known: readonly string[]): string | undefined {
  // "no, the owl is the baddie": the "no" leads the correction, it is not part of the name.
  const words = stripLeads(tail).split(/\s+/).filter(Boolean);
  let i = 0;
  while (i < words.length && /^(?:a|an|the|my|some|his|her)$/i.test(words[i] ?? '')) i++;
  let end = i;
  while (end < words.length && end - i < 4) {
    const w = normaliseText(words[end] ?? '');
    if (!w || (isNonNoun(w) && !(w === 'of' && end > i))) break;
    end++;
  }
  const cut = words.slice(0, end).join(' ');
  if (end === i) return undefined;
  const named = known.length ? extractNames(cut, known)[0] : undefined;
  if (named && known.includes(named)) return named;
  return asNounPhrase(cut, 4) ?? undefined;
}

function listOf(tail: string): string[] {
  return extractThings(tail.split(CUE_SPLIT)[0] ?? '', 3);
}

/**
 * The child's words after a cue, in their own casing: the cue is found in the normalised text, and
 * the same number of words is taken from the end of the raw text when they match ("Max" keeps its
 * capital). Otherwise the normalised words are used.
 */
function rawTail(raw: string, tailNormalised: string): string {
  const count = tailNormalised.split(' ').length;
  const rawWords = raw.split(/\s+/);
  const candidate = rawWords.slice(Math.max(0, rawWords.length - count)).join(' ');
  return normaliseText(candidate) === tailNormalised ? candidate : tailNormalised;
}

// The next cue ends a list: "collect nuts and dodge the owl" collects nuts only.
const CUE_SPLIT =
  /\s+(?:and\s+|but\s+|then\s+)?(?:avoid|dodge|escape|stay away|watch out|hide from|jump over|collect|catch|grab|gather|find|get|be|play as)\b/;

/**
 * A design change or wish stated outright, in any phase: "I want to be a robot", "the owl is the
 * baddie", "make it a jumping game", "collect stars too", "no owl". `known` are the book's and the
 * design's names, so "I'm Max" is Max (a character) while "I'm sad" is no one.
 */
export function readRequest(text: string, known: readonly string[] = []): DesignRequest {
  const raw = straighten(text)
    .replace(/[.!?]+$/g, '')
    .trim();
  const n = normaliseText(raw);
  const out: DesignRequest = {};
  if (!n) return out;
  if (ADD.test(n)) out.add = true;

  const tailOf = (m: RegExpExecArray | null) => (m?.[1] ? rawTail(raw, m[1]) : undefined);

  const baddie = ROLE_BADDIE.exec(n) ?? CHASER.exec(n);
  const baddieName = baddie?.[1] ? firstPhrase(lastWords(rawTail(raw, baddie[1]), 4), known) : undefined;
  if (baddieName) out.avoid = [baddieName];

  const heroRole = ROLE_HERO.exec(n);
  const heroCue = HERO_CUE.exec(n);
  const heroTail = heroRole?.[1] ? lastWords(rawTail(raw, heroRole[1]), 4) : tailOf(heroCue);
  if (heroTail) {
    const type = /\bgame\b|\bmaze\b/.test(normaliseText(heroTail)) ? parseGameType(heroTail) : null;
    const hero = type ? undefined : firstPhrase(heroTail, known);
    if (type) out.type = type;
    else if (hero && !isBaddieWord(hero)) out.hero = hero;
  } else {
    const iAm = I_AM.exec(n);
    const tail = tailOf(iAm);
    if (tail) {
      const hero = firstPhrase(tail, known);
      // "I'm a robot", "I'm the dragon", "I'm Max" (a character): a wish. "I'm sad", "I'm Emma": not.
      const article = /^(?:a|an|the)\s/i.test(tail);
      const character =
        hero && (known.includes(hero) || kindOfWord(hero.split(' ').at(-1) ?? '') === 'creature');
      if (hero && (article || character) && !isBaddieWord(hero)) out.hero = hero;
    }
  }

  if (NO_BADDIES.test(n)) out.remove = 'all';
  else {
    const avoid = AVOID_REQ.exec(n);
    const avoidTail = tailOf(avoid);
    if (avoidTail) {
      const things = listOf(avoidTail);
      if (things.length) out.avoid = [...(out.avoid ?? []), ...things];
    }
  }
  const collect = COLLECT_REQ.exec(n);
  const collectTail = tailOf(collect);
  if (collectTail) {
    const things = listOf(collectTail);
    if (things.length) out.collect = things;
  }
  if (!out.remove) {
    const remove = REMOVE.exec(n);
    // "no owl" names what to take out; "no, the owl" (a comma: a correction) and "no I want..." do not.
    const commaAfterNo = /^\s*no\s*[,.!]/i.test(raw);
    if (
      remove?.[1] &&
      !commaAfterNo &&
      !/^(?:i|we|you|it|its|thanks|thank|way|wait|problem)\b/.test(remove[1])
    ) {
      const names = listOf(remove[1]);
      if (names.length) out.remove = names;
    }
  }

  if (TYPE_CUE.test(n)) {
    const type = parseGameType(n);
    // Only words about playing: "make the game now" names no type, "a jumping game" does.
    if (type && /\b(?:game|one|maze|labyrinth|platformer|runner|instead)\b/.test(n)) out.type = type;
  }
  return out;
}

function lastWords(text: string, count: number): string {
  return text.split(/\s+/).slice(-count).join(' ');
}

function isBaddieWord(name: string): boolean {
  return /^(?:baddie|baddies|bad guy|bad guys|villain|enemy|monster to dodge)$/i.test(name.trim());
}
