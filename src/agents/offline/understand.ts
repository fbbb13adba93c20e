import { wordMatch } from '../../books/match.js';
import { kindOfWord } from '../../games/emoji.js';
import { GAME_TYPES, type GameType } from '../../games/spec.js';
import { normaliseText } from '../../text/normalise.js';

/**
 * The offline brain's language understanding: small, pure rules tuned to how children answer
 * ("yesss", "nope, it's the Gruffalo", "um the spicy salsa"). Never a model, never a guess about
 * the phase: callers decide what an answer means in context.
 */

export type YesNo = 'yes' | 'no';

// Matched against normaliseText output: lowercase, no apostrophes ("that's" → "thats").
const YES_LEAD =
  /^(?:ye+s+|ye+a+h*|yea|yep+|yup+|ya+h?|yay+|yas+|uh huh|uhuh|mhm+|mm+ hm+|sure|thats it|thats right|thats the one|that is it|that is right|correct|right|ok+|okay+|okey|of course|absolutely|definitely|totally|i think so|exactly|perfect|sounds good|lets do it|do it|build it|go for it|great|cool|awesome|yessir|si|oui)\b/;
const NO_LEAD =
  /^(?:no+|nope|nah+|nay|no way|not (?:that|this|it|really|quite|right)|nuh uh|uh uh|negative|wrong|thats not|that is not|its not|it is not|it isnt|isnt|i dont think so|dont think so|never)\b/;
const NO_ANYWHERE =
  /\b(?:not that one|wrong one|wrong book|not the right|thats wrong|not it|different book|another book)\b/;
const YES_ANYWHERE = /\b(?:yes+|yeah|yep|yup|thats it|thats right|thats the one|correct)\b/;

const DONT_KNOW =
  /\b(?:i dont know|dont know|do not know|dunno|idk|not sure|no idea|i forgot|forgot|dont remember|cant remember|you pick|you choose|you decide|your choice|anything|whatever|surprise me|up to you|i dont mind|dont care|dont mind|nothing comes to mind)\b/;
const ONLY_FILLER = /^(?:um+|uh+|er+|erm+|hmm+|mm+|well|so|like|oh)?(?:\s+(?:um+|uh+|er+|hmm+))*$/;

/** "I don't know", "you pick", an empty or filler-only answer: the child wants a default. */
export function isDontKnow(text: string): boolean {
  const n = normaliseText(text);
  return ONLY_FILLER.test(n) || DONT_KNOW.test(n);
}

/** A yes or a no in a child's words, or null when the message is neither (or both, or unsure). */
export function parseYesNo(text: string): YesNo | null {
  const n = normaliseText(text);
  if (!n || DONT_KNOW.test(n)) return null;
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
      i > 0 && SMALL_WORDS.has(w.toLowerCase()) ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join(' ');
}

/**
 * A title for a book we do not know, from the child's words ("it's called the moon bunny" → "The
 * Moon Bunny"), or null when the words sound like a description, not a title.
 */
export function titleFromWords(text: string): string | null {
  const raw = straighten(text)
    .replace(TITLE_FILLER, '')
    .replace(/\s+by\s+.*$/i, '')
    .replace(/[.!?"]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const n = normaliseText(raw);
  if (!n || isDontKnow(n) || parseYesNo(n) !== null) return null;
  const words = n.split(' ');
  if (words.length > 7 || /\b(?:about|there was|there is)\b|^(?:a|an|some)\b/.test(n)) return null;
  // "a zebra who sings" is a description; "The Moonlight Zebra Who Sang", capitalised, is a title.
  const long = raw.split(' ').filter((w) => w.length > 3);
  const capitalised = long.length > 0 && long.filter((w) => /^[A-Z]/.test(w)).length / long.length >= 0.6;
  if (!capitalised && /\b(?:who|because|when|which)\b/.test(n)) return null;
  return titleCase(raw).slice(0, 80);
}

// Words that end a noun phrase ("the salsa that makes them sick" → "the salsa").
const PHRASE_END =
  /\s+\b(?:that|which|who|where|at|in|on|under|near|from|for|because|cause|so|but|when|if|then|to|is|was|are|were|has|had|does|did|eats?|ate|likes?|liked|loves?|loved|wants?|wanted|makes?|made|goes|went|gets?|got|can|could|will|would|should)\b.*$/i;
const DETERMINERS =
  /^(?:(?:the|a|an|some|lots of|lot of|lots|loads of|all the|all|many|more|his|her|their|my|our|those|these|that|this|of|just|maybe|like|um+|uh+|and|or)\s+)+/i;
const TRAILING = /\s+(?:please|too|i think|maybe|ok|okay|yeah|and stuff|and things)$/i;
const NOT_A_THING = new Set([
  'it',
  'them',
  'that',
  'this',
  'things',
  'stuff',
  'something',
  'yes',
  'no',
  'ok',
  'okay',
  'nothing',
  'none',
  'me',
  'you',
  'him',
  'her',
  'game',
  'one',
]);

const COLLECT_CUE =
  /\b(?:collect(?:ing)?|catch(?:ing)?|get(?:ting)?|grab(?:bing)?|find(?:ing)?|eat(?:ing)?|gather(?:ing)?|pick up|picking up|avoid(?:ing)?|dodge|dodging|escape|run away from|stay away from|away from|watch out for|look out for|jump over|hide from|play as|be)\s+/i;
const LEAD_IN =
  /^\s*(?:(?:um+|uh+|er+|erm|so|well|oh|hmm+|maybe|i think|how about|what about|probably|definitely)[\s,.!]+)*(?:(?:i|we|he|she|they|you|it)\s+(?:want|wants|would like|'d like|should|could|can|will|must|has|have|needs?)\s+(?:to\s+)?|(?:my\s+)?favou?rite(?:\s+(?:one|character|part|thing))?\s+(?:is|was|are|were)\s+|(?:i|we)\s+(?:really\s+)?(?:liked?|loved?)\s+)?/i;

/** Trims one chunk of speech down to the thing it names, keeping the child's words. */
function tidyPhrase(chunk: string): string | null {
  let s = chunk.replace(PHRASE_END, '').replace(TRAILING, '').replace(DETERMINERS, '');
  s = s
    .replace(/[^\p{L}\p{N}'\- ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!s) return null;
  const words = s.split(' ');
  if (words.length > 4) s = words.slice(-3).join(' ');
  const n = normaliseText(s);
  if (!n || NOT_A_THING.has(n) || isDontKnow(n) || SMALL_WORDS.has(n)) return null;
  return s.slice(0, 40).trim();
}

/**
 * The things a child names, in their own words: "collect the tacos and spicy salsa" → ["tacos",
 * "spicy salsa"]. Reads after a cue verb when there is one, splits lists, drops articles.
 */
export function extractThings(text: string, max = 3): string[] {
  let s = straighten(text).replace(LEAD_IN, '');
  const cue = COLLECT_CUE.exec(s);
  if (cue) s = s.slice(cue.index + cue[0].length);
  const next = COLLECT_CUE.exec(s);
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
 * "wilber" finds "Wilbur"), in the order spoken; otherwise the noun phrase they used.
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
      .map((nw) => words.findIndex((w) => wordMatch(nw, w) > 0))
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
]);

const NOT_ADJECTIVE = new Set([
  // Story verbs: "the zebra finds stars" is about stars, not "zebra finds stars".
  'finds',
  'hides',
  'eats',
  'makes',
  'gets',
  'has',
  'wants',
  'likes',
  'loves',
  'sees',
  'takes',
  'steals',
  'chases',
  'catches',
  'helps',
  'says',
  'plays',
  'found',
  'ate',
  'made',
  'got',
  'had',
  'took',
  'stole',
  'liked',
  'loved',
  'saw',
  'met',
  'called',
  'named',
  'be',
  'am',
  'as',
  'play',
  'favourite',
  'favorite',
  'the',
  'a',
  'an',
  'and',
  'or',
  'to',
  'of',
  'in',
  'on',
  'at',
  'is',
  'was',
  'are',
  'were',
  'it',
  'he',
  'she',
  'they',
  'them',
  'his',
  'her',
  'their',
  'my',
  'i',
  'we',
  'you',
  'there',
  'then',
  'that',
  'this',
  'who',
  'with',
  'eat',
  'eats',
  'ate',
  'likes',
  'like',
  'loves',
  'love',
  'wanted',
  'want',
  'got',
  'get',
  'went',
  'go',
  'goes',
  'made',
  'makes',
  'saw',
  'see',
  'found',
  'find',
  'has',
  'had',
  'have',
  'all',
  'some',
  'lots',
  'about',
  'from',
  'for',
  'by',
  'because',
  'so',
  'but',
  'lot',
  'really',
  'very',
]);

export interface NounPhrase {
  phrase: string;
  kind: 'creature' | 'thing';
}

/**
 * Noun phrases around words the emoji dictionary knows: "the big bad wolf wanted to eat them" →
 * "big bad wolf" (creature). Keeps up to two adjectives the child used.
 */
export function nounPhrases(text: string): NounPhrase[] {
  const words = straighten(text)
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const out: NounPhrase[] = [];
  words.forEach((w, i) => {
    const kind = kindOfWord(w.replace(/'s$/i, ''));
    if (!kind) return;
    // Skip a known word used as an adjective of the next known word ("honey pots", "ice cream").
    const nextWord = words[i + 1];
    if (nextWord && kindOfWord(nextWord) && !NOT_ADJECTIVE.has(nextWord.toLowerCase())) return;
    let start = i;
    while (start > i - 2 && start > 0) {
      const prev = words[start - 1]?.toLowerCase() ?? '';
      if (NOT_ADJECTIVE.has(prev) || /^\d+$/.test(prev)) break;
      start--;
    }
    const phrase = words.slice(start, i + 1).join(' ');
    if (!out.some((o) => o.phrase.toLowerCase() === phrase.toLowerCase())) out.push({ phrase, kind });
  });
  return out;
}

/** A place in the child's words: "in the deep dark forest" → "the deep dark forest". */
export function extractPlace(text: string): string | null {
  const s = straighten(text).replace(LEAD_IN, '').trim();
  const m =
    /\b(?:in|at|on|inside|under|near|by|up|into)\s+((?:the|a|an|his|her|their)\s+)?([\p{L}\p{N}' -]+)/iu.exec(
      s,
    );
  const raw = m ? `${m[1] ?? ''}${m[2] ?? ''}` : s;
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
  return words.join(' ').slice(0, 60);
}

/** A nothing answer to "what should you avoid?": the child wants no baddies. */
export function isNothing(text: string): boolean {
  return /^(?:nothing|none|no one|nobody|nothing at all|no thanks|no bad guys|no baddies|no nothing)$/.test(
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
