import { wordMatch } from '../../books/match.js';
import { kindOfPhrase, kindOfWord } from '../../games/emoji.js';
import { GAME_TYPES, type GameType } from '../../games/spec.js';
import { cutGraphemes } from '../../text/graphemes.js';
import { normaliseText } from '../../text/normalise.js';
import {
  asNounPhrase,
  hasPlaceholder,
  isAdjective,
  isNonNoun,
  isVerb,
  nounRuns,
  PRONOUNS,
} from './lexicon.js';

/**
 * The offline brain's language understanding: small, pure rules tuned to how children answer
 * ("yesss", "nope, it's the Gruffalo", "um the spicy salsa"). Never a model, never a guess about
 * the phase: callers decide what an answer means in context. Every name it returns is a noun phrase
 * (lexicon.ts): never "he", "dodge" or "[name]".
 */

export type YesNo = 'yes' | 'no';

// Matched against normaliseText output: lowercase, no apostrophes ("that's" → "thats").
const YES_LEAD =
  /^(?:ye+s+|ye+a+h*|yea|yep+|yup+|ya+h?|yay+|yas+|uh huh|uhuh|mhm+|mm+ hm+|sure|thats it|thats right|thats the one|that is it|that is right|correct|right|ok+|okay+|okey|of course|absolutely|definitely|totally|i think so|exactly|perfect|sounds good|lets do it|do it|build it|go for it|great|cool|awesome|yessir|si|oui)\b/;
const NO_LEAD =
  /^(?:no+|nope|nah+|nay|no way|not (?:that|this|it|really|quite|right|yet)|nuh uh|uh uh|negative|wrong|thats not|that is not|its not|it is not|it isnt|isnt|i dont think so|dont think so|never|non)\b/;
const NO_ANYWHERE =
  /\b(?:not that one|wrong one|wrong book|not the right|thats wrong|not it|different book|another book)\b/;
const YES_ANYWHERE = /\b(?:yes+|yeah|yep|yup|thats it|thats right|thats the one|correct)\b/;

// "No sé", "je ne sais pas": I don't know, in the languages children mix in most.
const DONT_KNOW_OTHER =
  /^(?:no se|no lo se|yo no se|je ne sais pas|je sais pas|nao sei|weiss nicht|ich weiss nicht)$/;
const YOU_PICK =
  /\b(?:you pick|you choose|you decide|your choice|you can pick|you can choose|pick for me|choose for me|surprise me|up to you|anything|whatever|i dont mind|dont care|dont mind|any of them|either|both are good)\b/;
const DONT_KNOW =
  /\b(?:i dont know|dont know|do not know|dunno|idk|not sure|no idea|i forgot|forgot|dont remember|cant remember|nothing comes to mind|i cant think)\b/;
const ONLY_FILLER = /^(?:um+|uh+|er+|erm+|hmm+|mm+|well|so|like|oh)?(?:\s+(?:um+|uh+|er+|hmm+))*$/;

/** "you pick", "surprise me", "anything": the child hands the choice to us. */
export function isYouPick(text: string): boolean {
  return YOU_PICK.test(normaliseText(text));
}

/** "I don't know", "you pick", an empty or filler-only answer: the child wants a default. */
export function isDontKnow(text: string): boolean {
  const n = normaliseText(text);
  return ONLY_FILLER.test(n) || DONT_KNOW.test(n) || YOU_PICK.test(n) || DONT_KNOW_OTHER.test(n);
}

/** A yes or a no in a child's words, or null when the message is neither (or both, or unsure). */
export function parseYesNo(text: string): YesNo | null {
  const n = normaliseText(text);
  if (!n || DONT_KNOW.test(n) || YOU_PICK.test(n) || DONT_KNOW_OTHER.test(n)) return null;
  if (NO_LEAD.test(n)) return 'no';
  if (YES_LEAD.test(n)) return 'yes';
  if (NO_ANYWHERE.test(n)) return 'no';
  if (YES_ANYWHERE.test(n)) return 'yes';
  return null;
}

// The same leads on raw text, so what follows keeps the child's casing ("no, it's The Gruffalo").
const RAW_LEAD =
  /^\s*(?:(?:no+|nope|nah+|no way|not (?:that|this) (?:one|book)|wrong (?:one|book)|that'?s not it|ye+s+|yeah*|yep|yup|uh huh|ok(?:ay)?|sure)\b[\s,.!?;:-]*)+/i;

/** The yes/no and whatever the child said after it: "no, it's The Gruffalo" → no + "it's The Gruffalo". */
export function splitYesNo(text: string): { answer: YesNo | null; rest: string } {
  const straight = straighten(text);
  const answer = parseYesNo(straight);
  const rest = straight.replace(RAW_LEAD, '').trim();
  return { answer, rest: answer ? rest : straight.trim() };
}

// Words that hold the build or start a correction, at the start of a message.
const HOLD_LEAD =
  /^\s*(?:(?:uh huh|uhuh|no+|nope|nah+|not (?:that|this|yet)|wait+|hang on|hold on|stop|actually|um+|uh+|hmm+|oh|oops|well|ye+s+|yeah*|yea|yep+|yup+|ya+y*|yas+|mhm+|sure|ok+|okay+|okey|alright|all right|right|cool|great|awesome|perfect|of course|lovely|thanks|thank you|but|and|also|please|si|sí|oui)\b[\s,.!?;:-]*)+/i;

/** What a correction says after its "no wait, actually": "no wait the gruffalo too" → "the gruffalo too". */
export function stripLeads(text: string): string {
  return straighten(text).replace(HOLD_LEAD, '').trim();
}

/** Curly quotes to straight ones; speech and iPad keyboards produce both. */
export function straighten(text: string): string {
  return text.replace(/[\u2018\u2019\u201b\u02bc]/g, "'").replace(/[\u201c\u201d\u201e]/g, '"');
}

const TITLE_FILLER =
  /^\s*(?:(?:um+|uh+|er+|erm|so|well|oh|ok(?:ay)?|hmm+|i think)[\s,.!]+)*(?:(?:i|we)\s+(?:just\s+|also\s+)?(?:read|readed|finished|looked at)\s+|(?:it'?s|it is|it was|the book is|the book was|the book'?s|my book is|the title is|the name is|the story is)\s+(?:called\s+|named\s+)?|called\s+)*/i;

const SMALL_WORDS = new Set(['a', 'an', 'the', 'and', 'of', 'in', 'on', 'to', 'at', 'for', 'by', 'with']);

/** "the moon bunny" → "The Moon Bunny". Keeps letters the child capitalised. */
export function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) =>
      i > 0 && SMALL_WORDS.has(w.toLowerCase())
        ? w.toLowerCase()
        : w.replace(/^\p{Ll}/u, (c) => c.toUpperCase()),
    )
    .join(' ');
}

/**
 * A title for a book we do not know, from the child's words ("it's called the moon bunny" → "The
 * Moon Bunny"), or null when the words sound like a description, a request or nothing at all.
 */
export function titleFromWords(text: string): string | null {
  if (hasPlaceholder(text)) return null;
  const raw = straighten(text)
    // What follows a comma is an afterthought (or an emoji read as a word): not the title.
    .replace(/,.*$/, '')
    .replace(TITLE_FILLER, '')
    .replace(/\s+by\s+.*$/i, '')
    .replace(/[.!?"]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const n = normaliseText(raw);
  if (!n || isDontKnow(n) || parseYesNo(n) !== null) return null;
  const words = n.split(' ');
  if (words.length > 7 || /\b(?:about|there was|there is)\b|^(?:a|an|some)\b/.test(n)) return null;
  // A title names something: at least one word that is not a pronoun, verb or small word.
  if (!words.some((w) => !isNonNoun(w) && !isAdjective(w))) return null;
  if (/^(?:i|we|you|lets|can|make|build|play|please)\b/.test(n)) return null;
  // Another script is kept whole only when it is short: a sentence is not a title.
  if (/[^\p{Script=Latin}\p{N}\s'’-]/u.test(raw)) return null;
  // "a zebra who sings" is a description; "The Moonlight Zebra Who Sang", capitalised, is a title.
  const long = raw.split(' ').filter((w) => w.length > 3);
  const capitalised = long.length > 0 && long.filter((w) => /^[A-Z]/.test(w)).length / long.length >= 0.6;
  if (!capitalised && /\b(?:who|because|when|which)\b/.test(n)) return null;
  // "my dog is called rex" is a sentence: an uncapitalised title has no verbs in it.
  if (
    !capitalised &&
    words.some((w) => isVerb(w) || /^(?:is|are|was|were|has|have|had|does|did|am)$/.test(w))
  )
    return null;
  return cutGraphemes(titleCase(raw), 80).trim();
}

// Words that end a noun phrase ("the salsa that makes them sick" → "the salsa").
const PHRASE_END =
  /\s+\b(?:that|which|who|where|at|in|on|under|near|from|for|because|cause|so|but|when|if|then|to|is|was|are|were|has|had|does|did|eats?|ate|likes?|liked|loves?|loved|wants?|wanted|makes?|made|goes|went|gets?|got|can|could|will|would|should|over|into|through|around|instead|with|without)\b.*$/i;
const DETERMINERS =
  /^(?:(?:the|a|an|some|lots of|lot of|lots|loads of|all the|all|many|more|his|her|their|my|our|those|these|that|this|of|just|maybe|like|um+|uh+|and|or)\s+)+/i;
const TRAILING =
  /\s+(?:please|too|i think|maybe|ok|okay|yeah|and stuff|and things|as well|also|instead|now)$/i;

const COLLECT_CUE =
  /\b(?:collect(?:ing)?|catch(?:ing)?|get(?:ting)?|grab(?:bing)?|find(?:ing)?|eat(?:ing)?|gather(?:ing)?|pick up|picking up|avoid(?:ing)?|dodge|dodging|escape|run away from|stay away from|away from|watch out for|look out for|jump over|hide from|play as|be)\s+/i;
const LEAD_IN =
  /^\s*(?:(?:um+|uh+|er+|erm|so|well|oh|hmm+|maybe|i think|how about|what about|probably|definitely)[\s,.!]+)*(?:(?:i|we|he|she|they|you|it)\s+(?:want|wants|would like|'d like|should|could|can|will|must|has|have|needs?)\s+(?:to\s+)?|(?:my\s+)?favou?rite(?:\s+(?:one|character|part|thing))?\s+(?:is|was|are|were)\s+|(?:i|we)\s+(?:really\s+)?(?:liked?|loved?)\s+)?/i;

/** Trims one chunk of speech down to the thing it names, keeping the child's words. */
function tidyPhrase(chunk: string): string | null {
  const s = chunk
    .replace(PHRASE_END, '')
    .replace(TRAILING, '')
    .replace(DETERMINERS, '')
    .replace(/[^\p{L}\p{N}'\- ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s) return null;
  const n = normaliseText(s);
  if (!n || isDontKnow(n) || SMALL_WORDS.has(n)) return null;
  // The whole chunk when it is a noun phrase, else the first noun phrase inside it.
  const phrase = asNounPhrase(s, 4) ?? nounRuns(s, 3)[0] ?? null;
  return phrase ? cutGraphemes(phrase, 40).trim() : null;
}

/**
 * The things a child names, in their own words: "collect the tacos and spicy salsa" → ["tacos",
 * "spicy salsa"]. Reads after a cue verb when there is one, splits lists, drops articles.
 */
export function extractThings(text: string, max = 3): string[] {
  let s = straighten(text).replace(LEAD_IN, '');
  const cue = COLLECT_CUE.exec(s);
  // code-unit-safe: cuts at an index the regex found, on an ASCII word edge
  if (cue) s = s.slice(cue.index + cue[0].length);
  const next = COLLECT_CUE.exec(s);
  // code-unit-safe: cuts at an index the regex found, on an ASCII word edge
  if (next && next.index > 0) s = s.slice(0, next.index);
  const out: string[] = [];
  for (const chunk of s.split(/,|;|\s+(?:and|or|plus|also|then|&|with)\s+|\s+n\s+/i)) {
    const t = tidyPhrase(chunk);
    if (t && !out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Names the child mentions: catalog names first (fuzzy, so "the gruffalo" finds "Gruffalo" and
 * "wilber" finds "Wilbur"), in the order spoken; otherwise the noun phrase they used. Pronouns are
 * never names: "he" gives nothing here (the caller knows who "he" is).
 */
export function extractNames(text: string, known: readonly string[] = []): string[] {
  const words = normaliseText(text).split(' ').filter(Boolean);
  const hits: Array<{ name: string; at: number; full: boolean }> = [];
  for (const name of known) {
    const nameWords = normaliseText(name)
      .split(' ')
      .filter((w) => w.length > 2 && !SMALL_WORDS.has(w) && !GENERIC_NAME_WORDS.has(w));
    if (!nameWords.length) continue;
    // A name counts when one of its own words is spoken ("peter" for "Peter Rabbit"); names whose
    // every word was spoken come first ("baby bear" is Baby Bear, not Papa Bear).
    const positions = nameWords
      .map((nw) => words.findIndex((w) => !PRONOUNS.has(w) && wordMatch(nw, w) > 0))
      .filter((i) => i >= 0);
    if (!positions.length) continue;
    const full = normaliseText(name)
      .split(' ')
      .every((nw) => SMALL_WORDS.has(nw) || words.some((w) => wordMatch(nw, w) > 0));
    hits.push({ name, at: Math.min(...positions), full });
  }
  if (hits.length) {
    return hits.sort((a, b) => Number(b.full) - Number(a.full) || a.at - b.at).map((h) => h.name);
  }
  const creature = nounPhrases(text).find((p) => p.kind === 'creature');
  if (creature) return [creature.phrase];
  return extractThings(text, 1);
}

// Words that do not identify a character on their own ("little" in "Little Bunny").
const GENERIC_NAME_WORDS = new Set([
  'little',
  'big',
  'old',
  'mr',
  'mrs',
  'miss',
  'baby',
  'mama',
  'papa',
  'great',
  'bad',
  'sir',
  'madam',
  'the',
]);

// Words that are a verb as often as a noun: "I can fly" is not about a fly.
const VERB_OR_NOUN = new Set([
  'fly',
  'duck',
  'bat',
  'ring',
  'rock',
  'fire',
  'train',
  'light',
  'note',
  'present',
  'fish',
  'bear',
  'toast',
  'park',
  'swim',
  'snow',
  'rain',
  'storm',
  'trap',
  'sign',
  'tie',
  'party',
  'mess',
  'bow',
]);
const VERB_BEFORE = new Set([
  'i',
  'you',
  'he',
  'she',
  'we',
  'they',
  'it',
  'to',
  'can',
  'could',
  'will',
  'would',
  'should',
  'cant',
  'dont',
  'didnt',
  'not',
  'lets',
  'must',
]);

const GENERIC_LEAD = new Set(['food', 'snack', 'snacks', 'treat', 'treats', 'kind', 'sort', 'bit', 'bunch']);

export interface NounPhrase {
  phrase: string;
  kind: 'creature' | 'thing';
}

/**
 * Noun phrases around words the emoji dictionary knows: "the big bad wolf wanted to eat them" →
 * "big bad wolf" (creature). Keeps up to two describing words the child used; never glues on a
 * verb, pronoun or small word ("he runs fast over rocks" → "rocks").
 */
export function nounPhrases(text: string): NounPhrase[] {
  const out: NounPhrase[] = [];
  // Commas and full stops end a phrase: "the octopus, star" is two things.
  for (const chunk of straighten(text).split(/[,.;:!?]+/)) phrasesIn(chunk, out);
  return out;
}

function phrasesIn(chunk: string, out: NounPhrase[]): void {
  const words = chunk
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const push = (phrase: string | null, kind: NounPhrase['kind']) => {
    if (phrase && !out.some((o) => o.phrase.toLowerCase() === phrase.toLowerCase()))
      out.push({ phrase, kind });
  };
  let skipUntil = -1;
  words.forEach((w, i) => {
    if (i <= skipUntil) return;
    // A name the dictionary knows as two or three words: "ice cream", "hot dogs", "polar bear".
    for (const size of [3, 2]) {
      const group = words.slice(i, i + size).join(' ');
      const groupKind = words.length >= i + size ? kindOfPhrase(group) : undefined;
      if (groupKind) {
        push(asNounPhrase(group, 3), groupKind);
        skipUntil = i + size - 1;
        return;
      }
    }
    const bare = w.replace(/'s$/i, '');
    const kind = kindOfWord(bare);
    if (!kind) return;
    const low = normaliseText(bare);
    const prevWord = normaliseText(words[i - 1] ?? '');
    if (VERB_OR_NOUN.has(low) && VERB_BEFORE.has(prevWord)) return;
    // Skip a known word used as a describing word of the next known word ("honey pots", "ice cream").
    const nextWord = words[i + 1];
    if (
      nextWord &&
      kindOfWord(nextWord) &&
      !isNonNoun(normaliseText(nextWord)) &&
      !GENERIC_LEAD.has(low) &&
      !/'s$/i.test(w)
    )
      return;
    let start = i;
    while (start > i - 2 && start > 0) {
      const prev = normaliseText(words[start - 1] ?? '');
      if (!prev || isNonNoun(prev) || isVerb(prev) || /^\d+$/.test(prev) || GENERIC_LEAD.has(prev)) break;
      if (/[^\p{Script=Latin}\p{N}'-]/u.test(words[start - 1] ?? '')) break;
      start--;
    }
    push(asNounPhrase(words.slice(start, i + 1).join(' '), 3) ?? asNounPhrase(bare, 1), kind);
  });
}

/** A place in the child's words: "in the deep dark forest" → "the deep dark forest"; "he" → null. */
export function extractPlace(text: string): string | null {
  // "Mr. McGregor's garden": a title's full stop is not the end of the place.
  const s = straighten(text)
    .replace(/\b(mr|mrs|ms|dr|st)\./gi, '$1')
    .replace(LEAD_IN, '')
    .trim();
  const n = normaliseText(s);
  if (!n || isDontKnow(n)) return null;
  // Each "in …", "at …", "to …" in turn ("he went to eat in the forest": not "eat", "the forest").
  for (const m of s.matchAll(
    /\b(?:in|at|on|inside|under|near|by|up|into|to)\s+((?:the|a|an|his|her|their|my|our)\s+)?([\p{L}\p{N}' -]+)/giu,
  )) {
    const place = placeFrom(`${m[1] ?? ''}${m[2] ?? ''}`);
    if (place && asNounPhrase(place, 5)) return place;
  }
  // No "in" or "at": the words are a place unless they name a creature ("dragons love tacos").
  const place = placeFrom(s);
  const head = place?.split(' ').at(-1) ?? '';
  return place && kindOfWord(head) !== 'creature' ? place : null;
}

function placeFrom(raw: string): string | null {
  const cleaned = raw
    .replace(PHRASE_END, '')
    .replace(/[^\p{L}\p{N}' -]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const n = normaliseText(cleaned);
  if (!n || isDontKnow(n) || parseYesNo(n) !== null) return null;
  const words = cleaned.split(' ').slice(0, 6);
  // "a train and" (cut before "in a boat") loses its dangling joiner.
  while (words.length > 1 && /^(?:and|or|the|a|an|with|of)$/i.test(words[words.length - 1] ?? ''))
    words.pop();
  const place = words.join(' ');
  if (asNounPhrase(place, 5)) return cutGraphemes(place, 60).trim();
  // "we go to the beach" had no "in"/"at": the last noun phrase is the place.
  const run = nounRuns(place, 3).at(-1);
  return run ? cutGraphemes(run, 60).trim() : null;
}

/** A nothing answer to "what should you avoid?": the child wants no baddies. */
export function isNothing(text: string): boolean {
  return /^(?:nothing|none|no one|nobody|nothing at all|no thanks|no bad guys|no baddies|no nothing|no one at all|nobody at all|no monsters|nothing to dodge|there was none|there wasnt any|no trouble|no there wasnt|no there was not|not really)$/.test(
    normaliseText(text),
  );
}

const TYPE_WORDS: Record<GameType, RegExp> = {
  platformer: /\b(?:jump\w*|hop\w*|platform\w*|climb\w*|bounc\w*|leap\w*)\b/g,
  runner: /\b(?:run|running|runner|race|racing|fast|zoom\w*|speed\w*)\b/g,
  catcher: /\b(?:catch\w*|basket|falling|fall|drop\w*)\b/g,
  maze: /\b(?:maze\w*|labyrinth|way out|lost|tunnel\w*)\b/g,
  avoider: /\b(?:dodg\w*|avoid\w*|escap\w*|get away|out of the way|hide|hiding)\b/g,
  collector: /\b(?:collect\w*|find\w*|explor\w*|treasure|hunt\w*|search\w*|gather\w*|pick)\b/g,
};

const ORDINALS: Array<[RegExp, number]> = [
  [/\b(?:first|1st|number one|the one one)\b|^one$|^the one$/, 0],
  [/\b(?:second|2nd|number two|middle)\b|^two$/, 1],
  [/\b(?:third|3rd|number three)\b|^three$/, 2],
];

/**
 * The game type a child asks for, by what it does ("the jumping one", "a maze!") or by position
 * among the types just offered ("the first one", "number two", "the last one").
 */
export function parseGameType(text: string, offered: readonly GameType[] = []): GameType | null {
  const n = normaliseText(text);
  if (!n) return null;
  const direct = GAME_TYPES.find((t) => new RegExp(`\\b${t}s?\\b`).test(n));
  if (direct) return direct;
  let best: GameType | null = null;
  let bestCount = 0;
  // Offered types first, so a tie goes to what we just suggested.
  const order = [...offered, ...GAME_TYPES.filter((t) => !offered.includes(t))];
  for (const t of order) {
    const count = n.match(TYPE_WORDS[t])?.length ?? 0;
    if (count > bestCount) {
      best = t;
      bestCount = count;
    }
  }
  if (best) return best;
  if (offered.length) {
    if (/\blast\b/.test(n)) return offered[offered.length - 1] ?? null;
    for (const [re, index] of ORDINALS) if (re.test(n)) return offered[index] ?? null;
  }
  return null;
}

/** How many words a child's answer has, fillers and small words aside: how chatty they are. */
export function contentWordCount(text: string): number {
  return normaliseText(text)
    .split(' ')
    .filter((w) => w && !/^(?:um+|uh+|er+|erm|hmm+|the|a|an|and|oh|well|like|so)$/.test(w)).length;
}
