import { dictionaryWord, emojiIn, kindOfWord, withoutInWordEmoji, wordForEmoji } from '../../games/emoji.js';
import { cutGraphemes } from '../../text/graphemes.js';
import { normaliseText } from '../../text/normalise.js';

/**
 * Which of a child's words can name something. A name (a hero, a thing to collect, a place) is a
 * noun phrase: never a pronoun ("he"), a verb ("dodge", "play"), a small word ("yes", "the") or a
 * scrubber placeholder ("[name]"). Pure word lists, no model.
 */

const list = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

export const PRONOUNS = list(`
  i me my mine myself you your yours yourself he him his himself she her hers herself it its itself
  we us our ours they them their theirs themselves this that these those who whom whose what which
  someone somebody something anyone anybody anything everyone everybody everything nobody nothing
  none one ones thing things stuff why how where when whats wheres whos hows yo mi tu el ella
`);

const DETERMINERS = list(`
  a an the some any all every each no lots lot many much more most few several both either neither
  another other such own la los las un una unos unas le les des du
`);

const PREPOSITIONS = list(`
  in on at to from with without by for of over under into onto through across around behind beside
  between near up down off out inside outside about after before like than past along against
  towards toward upon via en con de por para sur dans avec
`);

const CONJUNCTIONS = list(`
  and or but so because cause cuz coz if when then while until unless though although whether n y o pero
`);

const AUXILIARIES = list(`
  is are was were be been being am do does did done doing have has had having can could will would
  shall should may might must gonna wanna gotta lets let im ive id ill youre hes shes theyre were weve
  its thats theres whats dont doesnt didnt cant wont isnt arent wasnt werent es son
`);

// Verbs children use about stories and games, in the forms they say them. A word the emoji
// dictionary knows as a thing ("fly", "duck", "kite") is never listed here.
const VERB_STEMS = `
  play dodge jump run go eat like love want make get see look find catch collect avoid escape swim
  walk climb hop help say think know tell read build win lose hide chase grab take give put sit
  stand sleep wake cry laugh sing dance draw write open close fall throw kick hit push pull ride
  drive sail bake cut try need keep start stop finish come leave turn move bring buy pick choose
  decide pretend live die save rescue fight attack scare steal blow roar bite share hope remember
  forget learn listen hear feel seem become happen call name trick meet eat gobble munch crash
  bounce zoom race explore search hunt gather smash break fix shout yell scream whisper talk wish
  dream hug kiss smile care mind pass skip hurry wait hold stay visit use wear grow shrink change
  follow lead carry drop spin roll slide swing float
`;
const IRREGULAR_VERBS = list(`
  ran went gone ate eaten saw seen made got gotten took taken gave given found caught flew flown
  swam fell fallen threw thrown rode ridden drove driven sang sung thought knew known told said came
  left brought bought sat stood slept woke hid hidden won lost built wrote written drew drawn bit
  bitten blew blown stole stolen fought felt heard kept began begun became met broke broken grew
  wore led held chose chosen forgot forgotten spun
`);

function verbForms(stem: string): string[] {
  const out = [stem, `${stem}s`, `${stem}ed`, `${stem}ing`];
  if (stem.endsWith('e')) out.push(`${stem}d`, `${stem.replace(/e$/, '')}ing`);
  if (stem.endsWith('y')) out.push(`${stem.replace(/y$/, '')}ies`, `${stem.replace(/y$/, '')}ied`);
  if (/(?:ch|sh|x|s|o)$/.test(stem)) out.push(`${stem}es`);
  // Doubled last consonant: "hop" → "hopping", "hopped".
  if (/[^aeiou][aeiou][bdgkmnprt]$/.test(stem)) {
    const last = stem.at(-1) ?? '';
    out.push(`${stem}${last}ing`, `${stem}${last}ed`);
  }
  return out;
}

const VERBS = new Set<string>([
  ...VERB_STEMS.split(/\s+/).filter(Boolean).flatMap(verbForms),
  ...IRREGULAR_VERBS,
  // Spanish and French verbs children mix in.
  ...list('gusta gusto quiero quiere juega jugar ser soy es era tiene aime veux suis est'),
]);

export const ADVERBS = list(`
  fast slow slowly quickly quick very really so too also then now here there again maybe just only
  even still always never sometimes soon later today tomorrow yesterday away back well almost
  instead actually probably definitely please together everywhere somewhere anywhere ever once
  twice first last next loads kinda sorta quite pretty rather all alone already yet muy tambien
  aussi tres not se
`);

export const INTERJECTIONS = list(`
  yes yeah yep yup yea ya yay yas no nope nah ok okay okey um umm uh uhh er erm hmm hmmm mm oh ooh
  mhm mhmm huh ah ahh aww eh meh blah la lala lalala lalalala lalalalala boo woo woohoo yippee hooray
  wow whoa hi hello hey bye goodbye lol haha ha hehe oops uh-oh ugh yuck ew eww cool awesome thanks
  thank please sure whatever dunno idk si oui non hola gracias merci
`);

/** Words that describe but cannot name on their own ("the big", "fast"). */
export const ADJECTIVES = list(`
  big small little tiny huge large happy sad scary good bad nice fun funny silly slow fast red blue
  green yellow pink purple black white brown grey gray old new young hungry angry grumpy sleepy
  spooky yummy shiny brave clever best favourite favorite great super mean naughty cute pretty
  beautiful ugly dark bright hot wet dry loud quiet crazy weird strange lost real whole same
  different cold warm golden silver tall short long fat thin strong kind friendly wild magic
  magical spicy sweet sticky smelly stinky fluffy furry giant mini massive enormous lovely cool
  excited scared tired sick
`);

/** Function words, verbs and the like: never the head of a name. */
export function isNonNoun(word: string): boolean {
  const w = word.toLowerCase();
  if (kindOfWord(w, true)) return false;
  if (isBabble(w)) return true;
  return (
    PRONOUNS.has(w) ||
    DETERMINERS.has(w) ||
    PREPOSITIONS.has(w) ||
    CONJUNCTIONS.has(w) ||
    AUXILIARIES.has(w) ||
    VERBS.has(w) ||
    ADVERBS.has(w) ||
    INTERJECTIONS.has(w)
  );
}

/** "lalalala", "hahaha", "xxxxxxx", "zzzz": sounds, not words. */
export function isBabble(word: string): boolean {
  const w = word.toLowerCase();
  if (/^(.)\1{2,}$/.test(w)) return true;
  if (/^(?:la|ha|he|hi|ho|na|da|ba|bla|blah|wa|ya|yo|lo|mu|bo|do|di|de)$/.test(w)) return false;
  if (/^((?:la|ha|he|hi|ho|na|da|ba|bla|wa|ya|lo|mu|bo|do|di|de))\1+h?$/.test(w)) return true;
  return w.length > 3 && /^[a-z]+$/.test(w) && !/[aeiouy]/.test(w);
}

export function isVerb(word: string): boolean {
  const w = word.toLowerCase();
  return VERBS.has(w) && !kindOfWord(w, true);
}

export function isAdjective(word: string): boolean {
  const w = word.toLowerCase();
  return ADJECTIVES.has(w) && !kindOfWord(w, true);
}

/** What the scrubber writes where personal data was ("[name]"), padded or in any case. */
const PLACEHOLDER = /\[\s*[\p{L}_-]{1,20}\s*\]/gu;

export function hasPlaceholder(text: string): boolean {
  return new RegExp(PLACEHOLDER.source, 'u').test(text);
}

// Emoji that say how the child feels, not what they mean: "yes 🎉" is a yes, not a party.
const REACTIONS = new Set([
  '🎉',
  '🎊',
  '✨',
  '❤️',
  '💖',
  '💕',
  '💗',
  '💓',
  '💞',
  '👍',
  '👏',
  '🙌',
  '👌',
  '💯',
  '😀',
  '😃',
  '😄',
  '😁',
  '😊',
  '😂',
  '🤣',
  '😍',
  '🥰',
  '🤩',
  '🥳',
  '😎',
  '🤗',
  '😋',
  '😜',
  '🙂',
  '😉',
]);

const PERSON_BEFORE_PLACEHOLDER =
  /\b(?:(?:my|our|his|her|your|the|a)\s+)?(?:best\s+)?(?:friend|friends|brother|sister|mum|mom|mummy|mommy|dad|daddy|teacher|cousin|grandma|grandpa|granny|nan|nana|auntie|aunt|uncle|baby|neighbour|neighbor|dog|cat|puppy|kitten|pet|class|school|town|street|name|called|named)\s+(?=\[\s*[\p{L}_-]{1,20}\s*\])/giu;

/** Longest child message the offline brain reads: a description, never an essay. */
export const MAX_READ_GRAPHEMES = 400;

/**
 * A child's message made ready for the rules: bounded (on a grapheme edge), scrubber placeholders
 * removed (they are never a name), and emoji the dictionary knows read as words ("I want to be 🦄"
 * → "I want to be unicorn").
 */
export function prepare(message: string): string {
  // "my friend [name]", "[name]'s game": the words around a placeholder are about a real person too.
  let text = cutGraphemes(message, MAX_READ_GRAPHEMES)
    // Markup is never words ("<script>").
    .replace(/<[^>]{0,40}>/g, ' ')
    .replace(PERSON_BEFORE_PLACEHOLDER, ' ')
    .replace(/\[\s*[\p{L}_-]{1,20}\s*\]['’]s\b/gu, ' ')
    .replace(PLACEHOLDER, ' ');
  // An emoji inside a word ("dra🐉gon") is decoration: the word is read without it.
  text = withoutInWordEmoji(text);
  // An emoji the dictionary knows is a word of its own, set apart by commas so it never glues onto
  // the child's words ("henry ⭐⭐" → "henry, star"); repeats of one emoji are one word.
  for (const e of new Set(emojiIn(text))) {
    const word = REACTIONS.has(e) ? undefined : wordForEmoji(e);
    text = text.split(e).join(word ? ` , ${word} , ` : ' ');
  }
  return text
    .replace(/[\uFE0F\u200D]/g, '')
    .replace(/(?:\s*,\s*)+/g, ', ')
    .replace(/(?<![\p{L}\p{N}])(\p{L}+)(?:, \1(?![\p{L}\p{N}]))+/giu, '$1')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,]+|[\s,]+$/g, '')
    .trim();
}

// Words about the conversation itself: never a hero or a thing in the game.
const NEVER_NAMES = list(`
  game games level levels question questions answer answers idea ideas story stories part parts end
  beginning way time lot lots kind sort bit name names word words turn
`);

const LEADING = new Set([...DETERMINERS, 'my', 'your', 'his', 'her', 'their', 'our', 'its']);

/**
 * A child's phrase as a name, or null when it is not a noun phrase: "the big bad wolf" → "big bad
 * wolf"; "he", "dodge", "play", "fast over rocks", "[name]" → null. Keeps the child's spelling.
 * Words in other scripts are never a name: we cannot tell a noun from a sentence in them.
 */
export function asNounPhrase(phrase: string, maxWords = 4): string | null {
  if (hasPlaceholder(phrase) || /[[\]<>{}]/.test(phrase)) return null;
  let ws = phrase
    .replace(/[^\p{L}\p{N}'’\- ]+/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^['’-]+|['’-]+$/g, ''))
    .filter(Boolean);
  while (ws.length && LEADING.has(fold(ws[0] ?? ''))) ws = ws.slice(1);
  while (ws.length && /^(?:please|too|ok|okay|yeah|yes|now|maybe|then|also|please)$/i.test(ws.at(-1) ?? ''))
    ws = ws.slice(0, -1);
  if (!ws.length || ws.length > maxWords) return null;
  for (const [i, w] of ws.entries()) {
    const f = fold(w);
    if (!f) return null;
    if (/^\d+$/.test(f) && ws.length === 1) return null;
    // Before the noun, a describing word may look like a verb: "singing zebra", "lost stars".
    const describing = i < ws.length - 1 && (isAdjective(f) || isParticiple(f));
    if (isNonNoun(f) && !describing && !(f === 'of' && ws.length > 2)) return null;
  }
  const head = fold(ws.at(-1) ?? '');
  if (head && (isAdjective(head) || /^\d+$/.test(head) || NEVER_NAMES.has(head))) return null;
  const joined = ws.join(' ');
  // Words in another script cannot be checked against our lists ("我喜欢龙" is a sentence): the
  // book's own names are used instead.
  if (!normaliseText(joined) || /[^\p{Script=Latin}\p{N}\s'’-]/u.test(joined)) return null;
  return joined;
}

/** "Caterpillar's" → "caterpillars", accents folded: how the word lists are keyed. */
function fold(word: string): string {
  return normaliseText(word).replace(/\s+/g, '');
}

/**
 * The runs of words in a text that could be names, in order: "he runs fast over rocks" → ["rocks"];
 * "the dragon eats tacos" → ["dragon", "tacos"]. Each run is cut to its last `maxWords` words.
 */
export function nounRuns(text: string, maxWords = 3): string[] {
  const tokens = text
    .replace(/[^\p{L}\p{N}'’\- ]+/gu, ' , ')
    .split(/\s+/)
    .filter(Boolean);
  const runs: string[][] = [];
  let current: string[] = [];
  const close = () => {
    if (current.length) runs.push(current);
    current = [];
  };
  let prev = '';
  for (const t of tokens) {
    const f = fold(t);
    // "the singing zebra", "lost stars": a describing word starts a name; "is eating apples" does not.
    const describing = f !== '' && (isAdjective(f) || (isParticiple(f) && !AUX_BEFORE.has(prev)));
    if (t === ',' || (f && !describing && (isNonNoun(f) || isDeterminerLike(f)))) {
      close();
      prev = f;
      continue;
    }
    if (!f) {
      close();
      prev = '';
      continue;
    }
    current.push(t);
    prev = f;
  }
  close();
  const out: string[] = [];
  for (const raw of runs) {
    // "food cake" is cake: a generic word before a noun adds nothing to a name.
    const run = raw.length > 1 && GENERIC_LEAD.has(fold(raw[0] ?? '')) ? raw.slice(1) : raw;
    const phrase = asNounPhrase(run.slice(-maxWords).join(' '), maxWords);
    if (phrase && !out.some((o) => o.toLowerCase() === phrase.toLowerCase())) out.push(phrase);
  }
  return out;
}

/** "singing", "broken", "lost": a verb form that can describe a noun. */
export function isParticiple(word: string): boolean {
  const w = word.toLowerCase();
  if (kindOfWord(w, true)) return false;
  return (/(?:ing|ed)$/.test(w) && w.length > 4 && VERBS.has(w)) || PARTICIPLES.has(w);
}

const PARTICIPLES = list('lost broken frozen stolen hidden fallen golden sleeping flying');
// After these, an "-ing" word is doing, not describing ("is eating", "likes playing").
const AUX_BEFORE = new Set([
  ...AUXILIARIES,
  ...PRONOUNS,
  'to',
  'like',
  'likes',
  'love',
  'loves',
  'keep',
  'keeps',
  'start',
  'starts',
  'stop',
  'stops',
  'go',
  'goes',
  'went',
  'was',
  'were',
]);

const GENERIC_LEAD = list('food snack snacks treat treats kind sort type bit bits piece pieces bunch');

function isDeterminerLike(word: string): boolean {
  return LEADING.has(word);
}

/** Words for places: a setting, not a thing to collect ("the deep dark wood"). */
export const PLACE_WORDS = list(`
  wood woods forest jungle garden park house home castle palace school city town village farm sea
  ocean beach island space world sky mountain mountains cave river lake pond desert kingdom land
  street road room bedroom kitchen zoo shop store field meadow hill hills country
  countryside arctic place
`);

export function isPlacePhrase(phrase: string): boolean {
  const last = normaliseText(phrase).split(' ').at(-1) ?? '';
  return PLACE_WORDS.has(last) || PLACE_WORDS.has(last.replace(/s$/, ''));
}

/** "he", "him", "she", "they"...: a word that stands for a character already talked about. */
/** A text with something in it that could be a book or a name (not only "I'm and I'm" or "yes"). */
export function hasContent(text: string): boolean {
  return normaliseText(text)
    .split(' ')
    .some((w) => w.length > 1 && !isNonNoun(w) && !isAdjective(w));
}

export function hasCharacterPronoun(text: string): boolean {
  return /\b(?:he|him|she|her|they|them|that one|this one|the one)\b/.test(normaliseText(text));
}

/** The dictionary's spelling of each word ("caterpiller" → "caterpillar"), for matching names. */
export function spellFix(word: string): string {
  return dictionaryWord(word) ?? word;
}
