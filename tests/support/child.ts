/**
 * A scripted child: answers whatever the agents ask, by phase and by what the question is about,
 * so conversation tests do not depend on the exact wording or order of questions.
 */
export interface ChildScript {
  /** What the child says first (the book). */
  book: string;
  /** Said when an agent asks the child to describe an unknown book. */
  describe?: string;
  character: string;
  happens: string;
  place: string;
  trouble: string;
  gameType: string;
  hero: string;
  collect: string;
  avoid: string;
}

export function childAnswer(script: ChildScript, phase: string, agentSaid: string): string {
  const q = agentSaid.toLowerCase();
  if (phase === 'identifying') {
    if (/\bis (that|it)\b|did you mean|do you mean/.test(q)) return 'yes';
    if (/tell me about|what happens|who is in|what is it about/.test(q) && script.describe)
      return script.describe;
    return script.book;
  }
  if (phase === 'discussing') {
    if (/favou?rite|character|who/.test(q)) return script.character;
    if (/where/.test(q)) return script.place;
    if (/problem|trouble|wrong|bad|villain|scary/.test(q)) return script.trouble;
    return script.happens;
  }
  if (phase === 'designing') {
    if (/shall i|should i|ready|build it|make it|sound good|is that right|okay\?|ok\?/.test(q)) return 'yes';
    // The offer of game types names them ("a catching game"), so it is recognised first.
    if (/kind of game|which game|what game|game should|type of game|like to play/.test(q))
      return script.gameType;
    if (/collect|gather|pick up|catch|find/.test(q)) return script.collect;
    if (/avoid|dodge|watch out|stay away|hazard|bad/.test(q)) return script.avoid;
    if (/play as|hero|who should|be in the game|you be/.test(q)) return script.hero;
    return 'yes';
  }
  return 'yes';
}

export const SCRIPTS: ChildScript[] = [
  {
    book: 'dragons like tacos',
    character: 'the dragons',
    happens: 'the dragons eat lots of tacos',
    place: 'at a taco party',
    trouble: 'spicy salsa makes them breathe fire',
    gameType: 'a catching game',
    hero: 'a little red dragon',
    collect: 'tacos',
    avoid: 'spicy salsa',
  },
  {
    book: 'the very hungry caterpiller',
    character: 'the caterpillar',
    happens: 'he eats and eats',
    place: 'in a garden',
    trouble: 'he gets a tummy ache',
    gameType: 'a maze',
    hero: 'the caterpillar',
    collect: 'strawberries',
    avoid: 'chocolate cake',
  },
  {
    book: 'green eggs and ham by doctor seuss',
    character: 'Sam I Am',
    happens: 'Sam wants him to try green eggs',
    place: 'on a train and in a boat',
    trouble: 'he does not want to try them',
    gameType: 'jumping',
    hero: 'Sam I Am',
    collect: 'green eggs',
    avoid: 'grumpy goats',
  },
  {
    book: 'Where the Wild Things Are',
    character: 'Max',
    happens: 'Max sails to the wild things',
    place: 'an island in the forest',
    trouble: 'the wild things roar',
    gameType: 'running',
    hero: 'Max',
    collect: 'golden crowns',
    avoid: 'wild things',
  },
  {
    book: 'Charlotte’s Web',
    character: 'Wilbur the pig',
    happens: 'Charlotte writes words in her web',
    place: 'on a farm',
    trouble: 'Wilbur might be eaten',
    gameType: 'explore',
    hero: 'Wilbur',
    collect: 'apples',
    avoid: 'the farmer',
  },
  {
    book: 'the gruffalo',
    character: 'the mouse',
    happens: 'the mouse tricks the animals',
    place: 'in the deep dark wood',
    trouble: 'everyone wants to eat the mouse',
    gameType: 'dodging',
    hero: 'the clever mouse',
    collect: 'nuts',
    avoid: 'the owl',
  },
  {
    book: 'the cat in the hat',
    character: 'the cat',
    happens: 'the cat makes a big mess',
    place: 'in the house',
    trouble: 'mother is coming home',
    gameType: 'catching',
    hero: 'the cat',
    collect: 'fish bowls',
    avoid: 'kites',
  },
  {
    book: "don't let the pigeon drive the bus",
    character: 'the pigeon',
    happens: 'the pigeon begs to drive',
    place: 'at the bus stop',
    trouble: 'the pigeon is not allowed',
    gameType: 'a maze',
    hero: 'the pigeon',
    collect: 'hot dogs',
    avoid: 'puddles',
  },
  {
    book: 'The Moonlight Zebra Who Sang',
    describe: 'a zebra who sings to the moon and finds lost stars',
    character: 'the zebra',
    happens: 'the zebra finds stars',
    place: 'in the night sky',
    trouble: 'a grumpy cloud hides the moon',
    gameType: 'jumping',
    hero: 'the singing zebra',
    collect: 'lost stars',
    avoid: 'grumpy clouds',
  },
];

/** The child of the page tests and the README's pictures: the first script, with the book's real title. */
export const TACOS: ChildScript = { ...(SCRIPTS[0] as ChildScript), book: 'dragons love tacos' };
