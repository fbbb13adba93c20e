import { tokens } from '../text/normalise.js';
import { own } from '../text/own.js';

/**
 * The words of a description as the local embedding sees them: content words reduced to a rough
 * stem, each also counted under its child-vocabulary group ("bunny" and "hare" both count as
 * "rabbit"), adjacent pairs ("brick house") and letter trigrams (so "dinosour" still shares most of
 * "dinosaur"). Deterministic and dependency-free. Works on normalised tokens, which are ASCII by
 * construction, so slicing them cannot split a character.
 */

// Words that say nothing about which book it is, in a child's description or in our summaries.
const STOP = new Set(
  (
    'the a an and or but of in on at to from by with for is are was were be been being it its that this ' +
    'these those there then than so who what where when which why how he she they them his her hers their ' +
    'him i me my we our you your us do does did done doing have has had not no yes all some one ones about ' +
    'book books story called named like just really very um uh er erm think know remember read also into ' +
    'out up down over too can will would could should get gets got getting keeps keep kept lots lot thing ' +
    'things stuff guy guys someone something everyone everything every each other another own way ' +
    'ever much many more most only even still again back off away around through while until after ' +
    'before because if as whole goes go going went come comes came make makes made say says said tries ' +
    'try tried them themselves himself herself whose whom am s t d ll ve re m im ive id youre theyre ' +
    'dont cant wont didnt isnt wasnt doesnt couldnt wouldnt shouldnt favourite favorite maybe please okay ok'
  ).split(' '),
);

// Past tenses and plurals a suffix rule cannot undo.
const IRREGULAR: Record<string, string> = {
  ate: 'eat',
  ran: 'run',
  flew: 'fly',
  flies: 'fly',
  stole: 'steal',
  stolen: 'steal',
  fell: 'fall',
  found: 'find',
  built: 'build',
  caught: 'catch',
  swam: 'swim',
  grew: 'grow',
  grown: 'grow',
  gave: 'give',
  took: 'take',
  taken: 'take',
  sang: 'sing',
  slept: 'sleep',
  threw: 'throw',
  blew: 'blow',
  blown: 'blow',
  hid: 'hide',
  hidden: 'hide',
  bit: 'bite',
  broke: 'break',
  broken: 'break',
  drew: 'draw',
  drawn: 'draw',
  drank: 'drink',
  saw: 'see',
  seen: 'see',
  told: 'tell',
  wore: 'wear',
  worn: 'wear',
  won: 'win',
  woke: 'wake',
  sat: 'sit',
  dug: 'dig',
  spun: 'spin',
  lost: 'lose',
  left: 'leave',
  fought: 'fight',
  brought: 'bring',
  bought: 'buy',
  sold: 'sell',
  felt: 'feel',
  met: 'meet',
  led: 'lead',
  rode: 'ride',
  ridden: 'ride',
  wrote: 'write',
  written: 'write',
  froze: 'freeze',
  frozen: 'freeze',
  mice: 'mouse',
  geese: 'goose',
  teeth: 'tooth',
  feet: 'foot',
  wolves: 'wolf',
  elves: 'elf',
  dwarves: 'dwarf',
  loaves: 'loaf',
  leaves: 'leaf',
  thieves: 'thief',
  knives: 'knife',
  children: 'child',
  men: 'man',
  women: 'woman',
  people: 'person',
  oxen: 'ox',
};

/** A rough stem: enough to make "builds", "building" and "built" one word. Not a real stemmer. */
export function stem(word: string): string {
  const irregular = own(IRREGULAR, word);
  if (irregular) return irregular;
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // Only when a vowel is left: "spring" and "speed" are not "spr" + ing or "spe" + ed.
  if (w.length > 5 && w.endsWith('ing') && /[aeiouy]/.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed') && /[aeiouy]/.test(w.slice(0, -2)))
    w = undouble(w.slice(0, -2));
  if (w.length > 4 && w.endsWith('y') && !/[aeiou]y$/.test(w)) w = `${w.slice(0, -1)}i`;
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
}

/**
 * Child words and book words for the same thing. Each group is named by its first word; every word
 * in it also counts as that name, so a description in a child's words meets a summary in ours.
 */
const GROUPS: readonly string[][] = [
  ['rabbit', 'bunny', 'hare', 'bunnies'],
  ['dog', 'puppy', 'pup', 'doggy', 'doggie', 'hound', 'pooch'],
  ['cat', 'kitty', 'kitten', 'pussycat', 'puss', 'tomcat', 'kitties'],
  ['mouse', 'mice', 'mousey'],
  ['pig', 'piggy', 'piglet', 'hog', 'swine', 'piggie', 'boar'],
  ['wolf', 'wolves'],
  ['bear', 'teddy', 'cub'],
  ['turtle', 'tortoise'],
  ['crocodile', 'croc', 'alligator', 'gator'],
  ['dinosaur', 'dino', 'rex', 'tyrannosaurus', 'pteranodon', 'trex'],
  ['monster', 'beast', 'creature', 'ogre', 'troll', 'gruffalo'],
  ['grandmother', 'grandma', 'granny', 'nana', 'nan', 'gran', 'grandmummy'],
  ['grandfather', 'grandpa', 'granddad', 'grandad', 'gramps'],
  ['mother', 'mum', 'mom', 'mommy', 'mummy', 'mama', 'mamma', 'ma', 'mam'],
  ['father', 'dad', 'daddy', 'papa', 'pa', 'pop'],
  ['child', 'kid', 'kids', 'children', 'boy', 'girl'],
  ['baby', 'babies', 'little', 'young'],
  ['royal', 'king', 'queen', 'prince', 'princess', 'emperor', 'crown', 'palace'],
  ['house', 'home', 'cottage', 'hut'],
  ['forest', 'woods', 'wood', 'trees'],
  ['sea', 'ocean', 'underwater'],
  ['sweet', 'sweets', 'candy', 'lolly', 'lollies', 'lollipop'],
  ['cookie', 'biscuit'],
  ['present', 'gift', 'presents', 'gifts'],
  ['bug', 'insect', 'beetle', 'ladybird', 'ladybug', 'cricket', 'ant', 'fly'],
  ['caterpillar', 'worm', 'inchworm', 'grub'],
  ['fire', 'burn', 'burns', 'flame', 'flames'],
  ['big', 'huge', 'enormous', 'giant', 'gigantic', 'massive', 'large', 'tall'],
  ['small', 'tiny', 'teeny', 'wee', 'mini'],
  ['scary', 'spooky', 'frightening', 'afraid', 'scared', 'fear', 'frighten', 'creepy'],
  ['sleep', 'nap', 'asleep', 'bed', 'bedtime', 'snore', 'night'],
  ['eat', 'eats', 'ate', 'eating', 'gobble', 'munch', 'hungry', 'food', 'feast'],
  ['steal', 'stole', 'rob', 'robber', 'thief', 'thieves', 'burglar', 'takes', 'took'],
  ['witch', 'sorceress', 'hag'],
  ['wizard', 'sorcerer', 'magician', 'magic', 'spell'],
  ['lie', 'lies', 'lying', 'fib', 'fibs', 'liar'],
  ['hat', 'cap', 'bonnet', 'topper'],
  ['glove', 'mitten', 'mittens'],
  ['boat', 'ship', 'sailboat', 'raft', 'sail'],
  ['train', 'engine', 'railway', 'locomotive'],
  ['dirty', 'mucky', 'muddy', 'messy', 'mess', 'mud'],
  ['shiny', 'sparkly', 'glittery', 'shimmering', 'sparkle'],
  ['monkey', 'ape', 'chimp'],
  ['cry', 'cries', 'crying', 'cried', 'tears', 'sad'],
  ['christmas', 'xmas', 'santa'],
  ['colour', 'color', 'colours', 'colors', 'crayon', 'paint'],
  ['pyjama', 'pajama', 'pyjamas', 'pajamas'],
  ['angry', 'cross', 'grumpy', 'cranky', 'grouchy', 'mad'],
  ['naughty', 'cheeky', 'mischief', 'trouble', 'pest'],
  ['chicken', 'hen', 'chick', 'rooster', 'cockerel'],
  ['duck', 'duckling', 'ducky'],
  ['horse', 'pony', 'donkey'],
  ['cow', 'bull', 'calf'],
  ['goat', 'billy'],
  ['bird', 'birdie', 'owl', 'crow', 'swan', 'pigeon', 'robin'],
  ['fish', 'fishy', 'goldfish'],
  ['snake', 'serpent', 'python', 'boa'],
  ['shoe', 'shoes', 'slipper', 'boot', 'boots', 'sneaker'],
  ['school', 'class', 'classroom', 'teacher'],
  ['farm', 'farmer', 'barn', 'farmyard'],
  ['jungle', 'rainforest'],
  ['moon', 'moonlight'],
  ['snow', 'snowy', 'snowman', 'winter', 'ice', 'icy'],
  ['rain', 'rainy', 'storm', 'thunder'],
  ['run', 'running', 'chase', 'race', 'runs', 'ran'],
  ['hide', 'hiding', 'seek', 'search', 'find', 'look'],
  ['rock', 'stone', 'pebble'],
  ['gold', 'golden', 'treasure', 'coin'],
  ['friend', 'friends', 'pal', 'buddy'],
  ['ghost', 'skeleton', 'spooky'],
  ['space', 'rocket', 'planet', 'astronaut'],
  ['truck', 'lorry', 'digger', 'tractor', 'bulldozer'],
  ['car', 'motor'],
  ['party', 'ball', 'dance', 'dancing'],
  ['letter', 'letters', 'alphabet'],
  ['lamp', 'lantern', 'torch'],
];

const GROUP_OF = new Map<string, string>();
for (const group of GROUPS) {
  const name = stem(group[0] as string);
  for (const word of group) if (!GROUP_OF.has(stem(word))) GROUP_OF.set(stem(word), name);
}

/** Content words of a text, stemmed, in order. */
export function contentStems(text: string): string[] {
  return tokens(text)
    .filter((t) => !STOP.has(t) && t.length > 1)
    .map(stem);
}

/** The group a stemmed word belongs to, if any. */
export function groupOf(stemmed: string): string | undefined {
  return GROUP_OF.get(stemmed);
}

// Relative weights of the feature kinds; only their ratios matter once TF-IDF and norms apply.
const WORD = 1;
const GROUP = 0.6;
const PAIR = 0.5;
const TRIGRAM = 0.25;

/** Sparse feature counts of a text: words, groups, adjacent pairs and letter trigrams. */
export function textFeatures(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string, w: number) => out.set(key, (out.get(key) ?? 0) + w);
  const stems = contentStems(text);
  stems.forEach((s, i) => {
    add(`w:${s}`, WORD);
    const g = GROUP_OF.get(s);
    if (g) add(`g:${g}`, GROUP);
    const next = stems[i + 1];
    if (next) add(`p:${s}_${next}`, PAIR);
    const padded = `^${s}$`;
    if (padded.length >= 4) {
      const share = TRIGRAM / (padded.length - 2);
      for (let k = 0; k + 3 <= padded.length; k++) add(`c:${padded.slice(k, k + 3)}`, share);
    }
  });
  return out;
}
