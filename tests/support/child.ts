import { type Asked, openQuestion, type SessionState } from '../../src/agents/state.js';

/**
 * The simulated child of the tests and the benchmarks (bench/children.ts): it hears the question
 * the agents asked from the session's `asked` (what the brain reported, or what the typed fields
 * still lack), never from the words of a reply, so it follows any wording, order or number of
 * questions, from either brain.
 */
export type { Asked };

/** The question the child is answering now. */
export function questionOf(
  state: Pick<SessionState, 'phase' | 'asked' | 'book' | 'bookConfirmed' | 'design'>,
): Asked {
  return openQuestion(state);
}

/** A scripted child's answers, one per thing the agents may ask about. */
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

/**
 * The scripted child's answer to `asked` (the API's `asked` field, or `questionOf(state)`); a
 * question it has no answer for (a read-back, "which part to change?") gets a yes.
 */
export function childAnswer(script: ChildScript, asked: Asked | undefined): string;
/**
 * @deprecated The question read from the phase and the reply's words, for API tests written before
 * responses carried `asked`: pass the response's `asked` instead.
 */
export function childAnswer(script: ChildScript, phase: string, agentSaid: string): string;
export function childAnswer(script: ChildScript, asked: string | undefined, agentSaid?: string): string {
  return answerTo(
    script,
    agentSaid === undefined ? (asked as Asked | undefined) : fromWords(asked ?? '', agentSaid),
  );
}

/** The old reading of a reply's words (see the deprecated overload); nothing new should need it. */
function fromWords(phase: string, agentSaid: string): Asked {
  const q = agentSaid.toLowerCase();
  if (phase === 'identifying') {
    if (/\bis (that|it)\b|did you mean|do you mean/.test(q)) return 'confirm';
    return /tell me about|what happens|who is in|what is it about/.test(q) ? 'describe' : 'book';
  }
  if (phase === 'discussing') {
    if (/favou?rite|character|who/.test(q)) return 'favourite';
    if (/where/.test(q)) return 'where';
    return /problem|trouble|wrong|bad|villain|scary/.test(q) ? 'trouble' : 'happens';
  }
  if (phase !== 'designing') return 'none';
  if (/shall i|should i|ready|build it|make it|sound good|is that right|okay\?|ok\?/.test(q))
    return 'read-back';
  if (/kind of game|which game|what game|game should|type of game|like to play/.test(q)) return 'type';
  if (/collect|gather|pick up|catch|find/.test(q)) return 'collect';
  if (/avoid|dodge|watch out|stay away|hazard|bad/.test(q)) return 'avoid';
  return /play as|hero|who should|be in the game|you be/.test(q) ? 'hero' : 'none';
}

function answerTo(script: ChildScript, asked: Asked | undefined): string {
  switch (asked) {
    case 'book':
      return script.book;
    case 'describe':
      return script.describe ?? script.book;
    case 'favourite':
      return script.character;
    case 'where':
      return script.place;
    case 'trouble':
      return script.trouble;
    case 'happens':
    case 'things':
    case 'best':
    case 'other':
      return script.happens;
    case 'type':
      return script.gameType;
    case 'hero':
      return script.hero;
    case 'collect':
      return script.collect;
    case 'avoid':
      return script.avoid;
    default:
      return 'yes';
  }
}

/**
 * A child who answers by what is asked, whatever the order or number of questions: answers are
 * given per question (a list is used in turn), anything not given is "yes".
 */
export function byTopic(answers: Partial<Record<Asked, string | string[]>>) {
  const used = new Map<Asked, number>();
  return (state: Parameters<typeof questionOf>[0]): string => {
    const asked = questionOf(state);
    const a = answers[asked];
    if (a === undefined) return 'yes';
    if (typeof a === 'string') return a;
    const i = used.get(asked) ?? 0;
    used.set(asked, i + 1);
    return a[Math.min(i, a.length - 1)] ?? 'yes';
  };
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
