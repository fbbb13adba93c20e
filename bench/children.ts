/**
 * A seeded simulation of children talking to the offline brain on the real compiled graph
 * (buildAgentGraph + runTurn, as the conversation service runs them). Each simulated child has a
 * persona (eager, shy, chatty, contrary, off-topic, misspeller, emoji, other languages, sharer of
 * personal data that the scrubber has turned into placeholders), a book (from the catalog, or one
 * of their own), and answers whatever the agents ask the way such a child would.
 *
 *   npx tsx bench/children.ts                 # 216 children, seed 1: the figures
 *   npx tsx bench/children.ts --count 60 --seed 3 --show contrary,eager   # plus sample transcripts
 *
 * Deterministic: the same seed gives the same children, words and figures. The figures and their
 * goals: messages to a game (median, p95; an eager child within 6), names that are not noun phrases
 * (0), games built right after a "no" or a correction (0), conversations where an opener is used
 * more than twice (0), placeholder leaks (0), lone surrogates in the state (0), no game (0).
 */
import { pathToFileURL } from 'node:url';
import { buildAgentGraph, runTurn } from '../src/agents/graph.js';
import { createOfflineBrain } from '../src/agents/offline/index.js';
import { initialState, type SessionState } from '../src/agents/state.js';
import { BOOKS, type CatalogBook } from '../src/books/catalog.js';
import { GameSpecSchema } from '../src/games/spec.js';
import { isStorableText } from '../src/text/well-formed.js';
import { type Asked, questionOf } from '../tests/support/child.js';
import phrases from './data/children/phrases.json' with { type: 'json' };
import stories from './data/children/stories.json' with { type: 'json' };

export const PERSONAS = [
  'eager',
  'shy',
  'chatty',
  'contrary',
  'offtopic',
  'misspeller',
  'emoji',
  'multilingual',
  'placeholder',
] as const;
export type Persona = (typeof PERSONAS)[number];

/** What a child knows about their book. */
interface Story {
  title: string;
  catalog: boolean;
  about: string;
  hero: string;
  baddie: string;
  otherBaddie: string;
  things: string;
  place: string;
  /** Names in the book that count as names whatever their words ("Thing One and Thing Two"). */
  facts: string[];
}

export interface Utterance {
  agent: string;
  text: string;
}

export interface ChildTurn {
  child: string;
  /** The child meant "no", "wait" or a correction after a read-back (a build here is a failure). */
  rejecting: boolean;
  said: Utterance[];
}

export interface ChildRun {
  id: number;
  persona: Persona;
  book: string;
  turns: ChildTurn[];
  messages: number;
  complete: boolean;
  builtAfterNo: number;
  badNames: string[];
  placeholderLeaks: string[];
  loneSurrogates: number;
  worstOpener: { key: string; count: number };
  discussionQuestions: number;
  state: SessionState;
}

export interface Figures {
  median: number;
  p95: number;
  max: number;
}

export interface SimReport {
  children: number;
  seed: number;
  complete: number;
  noGame: number;
  messagesToGame: Figures;
  byPersona: Record<string, Figures & { children: number; questions: number }>;
  badNames: number;
  badNameExamples: string[];
  builtAfterNo: number;
  openerOverTwice: number;
  openerExamples: string[];
  placeholderLeaks: number;
  loneSurrogates: number;
  invalidSpecs: number;
}

// ---------------------------------------------------------------------------------------------
// Randomness: small, seeded, replayable.

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const choose = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
const chance = (r: Rand, p: number) => r() < p;

// ---------------------------------------------------------------------------------------------
// Books the children read.

const the = (name: string) => (/^(?:the|a|an)\s/i.test(name) ? name : `the ${name.toLowerCase()}`);

function storyOf(book: CatalogBook): Story {
  const hero = book.characters.find((c) => c.role === 'hero') ?? book.characters[0];
  const villains = [
    ...book.characters.filter((c) => c.role === 'villain'),
    ...(book.antagonist ? [book.antagonist] : []),
    ...(book.obstacles ?? []),
  ];
  const objects = book.storyObjects.map((o) => o.name.toLowerCase());
  return {
    title: book.title,
    catalog: true,
    about: `it is about ${the(hero?.name ?? 'hero')} and ${objects[0] ?? 'a surprise'}`,
    hero: hero ? the(hero.name) : 'the hero',
    baddie: villains[0] ? the(villains[0].name) : 'a storm',
    otherBaddie: villains[1] ? the(villains[1].name) : 'a big spider',
    things: objects.slice(0, 2).join(' and ') || 'stars',
    place: `in ${book.setting.toLowerCase().replace(/^(?:in|on|at)\s+/, '')}`,
    facts: [
      ...book.characters.map((c) => c.name),
      ...book.storyObjects.map((o) => o.name),
      ...villains.map((v) => v.name),
      book.setting,
      book.title,
    ],
  };
}

const OWN_STORIES: Story[] = stories.stories.map((s) => ({
  title: s.title,
  catalog: false,
  about: s.about,
  hero: s.hero,
  baddie: s.baddie,
  otherBaddie: 'a big spider',
  things: s.things,
  place: s.place,
  facts: [s.title],
}));

// Well-known books first: these are what children say most. Ids missing from a future catalog are skipped.
const FAVOURITE_IDS = [
  'the-gruffalo',
  'very-hungry-caterpillar',
  'dragons-love-tacos',
  'cat-in-the-hat',
  'where-the-wild-things-are',
  'green-eggs-and-ham',
  'goodnight-moon',
  'room-on-the-broom',
  'the-three-little-pigs',
  'charlottes-web',
  'zog',
  'the-snail-and-the-whale',
  'were-going-on-a-bear-hunt',
  'the-tiger-who-came-to-tea',
  'dont-let-the-pigeon-drive-the-bus',
  'the-tale-of-peter-rabbit',
  'stick-man',
  'the-rainbow-fish',
];

function bookShelf(): Story[] {
  const byId = new Map(BOOKS.map((b) => [b.id, b]));
  const known = FAVOURITE_IDS.map((id) => byId.get(id)).filter((b): b is CatalogBook => Boolean(b));
  // A few more from across the catalog, picked by a fixed stride so the shelf is stable.
  const more = BOOKS.filter((_, i) => i % 23 === 5).slice(0, 10);
  return [...known, ...more].map(storyOf).concat(OWN_STORIES);
}

// ---------------------------------------------------------------------------------------------
// The children.

interface Mind {
  persona: Persona;
  story: Story;
  r: Rand;
  /** Corrections a contrary child still has in them before saying yes. */
  corrections: number;
  /** Messages so far. */
  said: number;
  misspell: (text: string) => string;
}

const MISSPELL = phrases.misspell as Record<string, string>;

function misspeller(r: Rand) {
  return (text: string) =>
    text
      .split(' ')
      .map((w) => {
        const fixed = MISSPELL[w.toLowerCase()];
        if (fixed) return fixed;
        // Drop or double a letter in one long word in three.
        if (w.length > 5 && chance(r, 0.33)) {
          const i = 1 + Math.floor(r() * (w.length - 2));
          return chance(r, 0.5) ? w.slice(0, i) + w.slice(i + 1) : w.slice(0, i) + (w[i] ?? '') + w.slice(i);
        }
        return w;
      })
      .join(' ');
}

function typeWord(m: Mind): string {
  return choose(m.r, phrases.typeWords);
}

/** The message and whether it says "no" to a read-back (or corrects one). */
function answer(m: Mind, q: Asked): { text: string; rejecting: boolean } {
  const { r, story, persona } = m;
  const say = (text: string, rejecting = false) => ({ text, rejecting });
  const yes = () => say(choose(r, phrases.yes));

  // Things every persona might do, some more than others.
  if (persona === 'eager' && q !== 'confirm' && q !== 'book' && q !== 'describe' && chance(r, 0.7))
    return say(choose(r, phrases.hurry));
  if (persona === 'offtopic' && q !== 'read-back' && chance(r, 0.4)) return say(choose(r, phrases.offTopic));
  if (persona === 'placeholder' && chance(r, 0.35)) {
    const p = choose(r, phrases.placeholders);
    if (q === 'read-back') return say(`yes ${p}`);
    return say(p);
  }
  if (persona === 'multilingual' && chance(r, 0.35)) {
    const lang = choose(r, [phrases.spanish, phrases.chinese, phrases.arabic]);
    if (q === 'read-back' || q === 'confirm') return say(choose(r, ['sí', '是', 'نعم', 'yes sí']));
    return say(choose(r, lang));
  }
  if (persona === 'emoji' && q !== 'book' && q !== 'confirm' && chance(r, 0.35)) {
    if (q === 'read-back') return say(choose(r, phrases.emojiYes));
    return say(choose(r, phrases.emojiAnswers));
  }

  const chatty = persona === 'chatty';
  const shy = persona === 'shy';
  const fix = persona === 'misspeller' ? m.misspell : (t: string) => t;
  const deco = (t: string) => (persona === 'emoji' ? `${t} ${choose(r, phrases.emojiAnswers)}` : t);
  const hero = story.hero.replace(/^the /, '');
  const baddie = story.baddie.replace(/^(?:the|a|an) /, '');

  switch (q) {
    case 'book': {
      const title = fix(story.title.toLowerCase());
      if (persona === 'eager') return say(`${title} ${choose(r, phrases.hurry)}`);
      if (persona === 'placeholder') return say(`I'm [name] and I read ${title}`);
      if (chatty) return say(`we read ${title} at bedtime and it was really really good`);
      return say(deco(shy ? title.replace(/^the /, '') : title));
    }
    case 'confirm':
      if (persona === 'contrary' && m.said < 3 && chance(r, 0.5)) return say('no');
      return persona === 'emoji' ? say(choose(r, phrases.emojiYes)) : yes();
    case 'describe':
      return say(fix(story.about));
    case 'favourite':
      if (shy) return say(chance(r, 0.3) ? choose(r, phrases.dontKnow) : (hero.split(' ').at(-1) ?? hero));
      if (chatty) return say(fix(`I really liked ${story.hero} because ${story.hero} is so funny and brave`));
      if (persona === 'contrary' && chance(r, 0.3)) return say(choose(r, phrases.wishes));
      return say(deco(fix(chance(r, 0.2) ? 'him' : story.hero)));
    case 'happens':
      if (shy) return say(choose(r, ['runs', 'eats', 'dunno', 'he hides', 'walks']));
      if (chatty)
        return say(
          fix(
            `${story.hero} goes ${story.place} and finds ${story.things} and then ${story.baddie} comes and everyone is scared`,
          ),
        );
      return say(deco(fix(`he finds ${story.things}`)));
    case 'where':
      if (shy) return say(choose(r, ['dunno', story.place.split(' ').at(-1) ?? 'home', 'there']));
      return say(
        deco(fix(chatty ? `it all happens ${story.place} where it is dark and spooky` : story.place)),
      );
    case 'trouble':
      if (shy) return say(choose(r, ['no', baddie.split(' ').at(-1) ?? 'no', 'yes']));
      return say(
        deco(fix(chatty ? `${story.baddie} wants to eat everyone and it is very scary` : story.baddie)),
      );
    case 'things':
    case 'best':
      return say(
        deco(fix(chatty ? `there are ${story.things} and a big surprise at the end` : story.things)),
      );
    case 'type':
      if (persona === 'contrary' && chance(r, 0.3)) return say('no');
      if (shy && chance(r, 0.4)) return say(choose(r, phrases.dontKnow));
      return say(deco(typeWord(m)));
    case 'hero':
      if (persona === 'contrary' && chance(r, 0.4))
        return say(choose(r, ['no', 'I want to be a robot', 'not him']));
      if (shy) return say(chance(r, 0.3) ? 'you pick' : (hero.split(' ').at(-1) ?? hero));
      return say(deco(fix(chatty ? `I want to be ${story.hero} because that is the best one` : story.hero)));
    case 'collect':
      if (persona === 'contrary' && chance(r, 0.3)) return say('no');
      return say(deco(fix(chatty ? `I want to collect ${story.things} and lots of them` : story.things)));
    case 'avoid':
      if (persona === 'contrary' && chance(r, 0.3)) return say('nothing');
      return say(
        deco(fix(chatty ? `${story.baddie} and ${story.otherBaddie} because they are mean` : story.baddie)),
      );
    case 'read-back':
      if (persona === 'contrary' && m.corrections > 0) {
        m.corrections -= 1;
        return say(
          choose(r, [
            'no',
            'nope',
            'wait',
            'no wait',
            `no wait ${story.otherBaddie} too`,
            `no, ${story.otherBaddie} is the baddie`,
            `not ${story.baddie}`,
            'no, make it a jumping game',
            'no I want to be a robot instead',
            'not that',
            `no! ${story.baddie}`,
            'no, a maze instead',
          ]),
          true,
        );
      }
      if (persona === 'offtopic' && chance(r, 0.3)) return say(choose(r, phrases.offTopic));
      if (persona === 'emoji') return say(choose(r, phrases.emojiYes));
      return shy ? say(choose(r, phrases.shyYes)) : yes();
    case 'change':
      if (persona === 'contrary')
        return say(
          choose(r, [
            'dodge',
            'the baddies',
            'who I am',
            'the game',
            'nothing',
            `${story.otherBaddie}`,
            'no',
          ]),
          true,
        );
      return say('nothing');
    case 'place':
      return say(choose(r, ['dodge it', 'be it', 'the first one', 'dodge']), persona === 'contrary');
    default:
      return yes();
  }
}

// ---------------------------------------------------------------------------------------------
// Checking what the brain made. Independent of the brain's own word lists, on purpose.

const NOT_A_NAME = new Set(
  `he she it they him her them me you we us i his hers its their my your our this that these those
  who what why how where when which yes yeah yep no nope ok okay um uh hmm play dodge jump run go eat
  like love want make get see look find catch collect avoid be is are was were do does did have has
  had can could will would should the a an and or but so then there here maybe fast slow very really
  please thanks hello hi wow oh please too also just now game it's im i'm dunno idk`.split(/\s+/),
);

function badName(name: string, facts: ReadonlySet<string>): boolean {
  const n = name.trim();
  if (!n) return true;
  if (/\[|\]/.test(n)) return true;
  if (facts.has(n.toLowerCase())) return false;
  const words = n
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\- ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  // A name may open with an article or a possessive: "the sea", "a train", "your story".
  while (words.length > 1 && /^(?:the|a|an|my|your|his|her|their|our|some)$/.test(words[0] ?? ''))
    words.shift();
  if (!words.length) return true;
  const head = words.at(-1) ?? '';
  if (NOT_A_NAME.has(head)) return true;
  // A pronoun, verb or small word anywhere but as an inner "of"/"the" ("bowl of milk").
  return words.some(
    (w, i) => NOT_A_NAME.has(w) && !(i > 0 && i < words.length - 1 && /^(?:of|the|and)$/.test(w)),
  );
}

// Echoes that read as nonsense, whatever the template: "He, what a place!", "the dodge".
const BAD_ECHO =
  /(?:^|[.!?]\s+)(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Pp]lay|[Uu]m|[Mm]aybe|[Dd]odge|[Ww]hy|[Hh]im|[Hh]er),\s(?!I\b)|\b(?:[Tt]he|a) (?:he|she|it|they|him|her|them|dodge|play|yes|why|what|um|ok)\b(?![-'])|\b[Bb]y [Tt]raditional\b|all about Your Story|Maybe (?:fast|slow|he|she|it|play|dodge)\b/;

const PLACEHOLDER = /\[\s*[a-z]+\s*\]/i;

function openerKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/(\w)'(\w)/g, '$1$2')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 3)
    .join(' ');
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

function namesOf(s: SessionState): string[] {
  const out: string[] = [];
  const add = (x: { name: string } | undefined) => x && out.push(x.name);
  if (s.spec) {
    add(s.spec.hero);
    for (const c of s.spec.collectibles) add(c);
    for (const h of s.spec.hazards) add(h);
  }
  if (s.design) {
    add(s.design.hero);
    for (const c of s.design.collectibles ?? []) add(c);
    for (const h of s.design.hazards ?? []) add(h);
  }
  if (s.analysis) {
    for (const c of s.analysis.characters) add(c);
    for (const o of s.analysis.storyObjects) add(o);
    add(s.analysis.antagonist);
    if (s.analysis.favouriteCharacter) out.push(s.analysis.favouriteCharacter);
    out.push(s.analysis.setting);
  }
  if (s.book) out.push(s.book.title);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Running them.

const MAX_MESSAGES = 30;

// The knowledge base's own titles and names are facts, whatever their words ("Dragons Love Tacos"):
// a child may end up with a book they did not start with (🐉🌮 reads as "dragon, taco").
const CATALOG_FACTS = BOOKS.flatMap((b) => [
  b.title,
  b.setting,
  ...b.characters.map((c) => c.name),
  ...b.storyObjects.map((o) => o.name),
  ...(b.antagonist ? [b.antagonist.name] : []),
  ...(b.obstacles ?? []).map((o) => o.name),
]);

async function runChild(
  graph: ReturnType<typeof buildAgentGraph>,
  id: number,
  persona: Persona,
  story: Story,
  seed: number,
): Promise<ChildRun> {
  const r = rng(seed * 7919 + id * 104729);
  const m: Mind = {
    persona,
    story,
    r,
    corrections: persona === 'contrary' ? 1 + Math.floor(r() * 3) : 0,
    said: 0,
    misspell: misspeller(r),
  };
  let state = initialState();

  const turns: ChildTurn[] = [];
  let builtAfterNo = 0;
  const openers = new Map<string, number>();
  const badNames: string[] = [];
  const facts = new Set([...story.facts, ...CATALOG_FACTS].map((f) => f.toLowerCase()));
  const replies: string[] = ['What book did you read?'];

  while (state.phase !== 'complete' && m.said < MAX_MESSAGES) {
    // The question the agents asked, as the state says (never read from the reply's words).
    const q = questionOf(state);
    const { text, rejecting } = answer(m, q);
    m.said += 1;
    const before = state.phase;
    const out = await runTurn(graph, state, text);
    state = JSON.parse(JSON.stringify(out.session)) as SessionState;
    const built = before === 'designing' && (state.phase === 'generating' || state.phase === 'complete');
    if (built && rejecting) builtAfterNo += 1;
    turns.push({ child: text, rejecting, said: out.said });
    for (const u of out.said) {
      const key = openerKey(u.text);
      openers.set(key, (openers.get(key) ?? 0) + 1);
      replies.push(u.text);
      const echo = BAD_ECHO.exec(u.text);
      if (echo) badNames.push(`echo: ${u.text}`);
    }
  }

  for (const name of namesOf(state)) if (badName(name, facts)) badNames.push(name);
  const everything = [
    ...replies,
    ...strings(state.spec),
    ...strings(state.design),
    ...strings(state.analysis),
  ];
  if (state.book) everything.push(state.book.title);
  const placeholderLeaks = everything.filter((t) => PLACEHOLDER.test(t));
  const loneSurrogates = [...strings(state), ...replies].filter((t) => !isStorableText(t)).length;
  let worst = { key: '', count: 0 };
  for (const [key, count] of openers) if (count > worst.count) worst = { key, count };
  const asked = (state.notes.analyst as { asked?: unknown[] } | undefined)?.asked;
  return {
    id,
    persona,
    book: story.title,
    turns,
    messages: m.said,
    complete: state.phase === 'complete',
    builtAfterNo,
    badNames,
    placeholderLeaks,
    loneSurrogates,
    worstOpener: worst,
    discussionQuestions: Array.isArray(asked) ? asked.length : 0,
    state,
  };
}

function figures(values: number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

export async function simulate(options: { count?: number; seed?: number } = {}): Promise<{
  report: SimReport;
  runs: ChildRun[];
}> {
  const count = options.count ?? 216;
  const seed = options.seed ?? 1;
  const graph = buildAgentGraph(createOfflineBrain());
  const shelf = bookShelf();
  const pick = rng(seed);
  const runs: ChildRun[] = [];
  for (let i = 0; i < count; i++) {
    const persona = PERSONAS[i % PERSONAS.length] as Persona;
    const story = choose(pick, shelf);
    runs.push(await runChild(graph, i, persona, story, seed));
  }
  const done = runs.filter((x) => x.complete);
  const byPersona: SimReport['byPersona'] = {};
  for (const p of PERSONAS) {
    const mine = runs.filter((x) => x.persona === p);
    const finished = mine.filter((x) => x.complete);
    byPersona[p] = {
      children: mine.length,
      ...figures(finished.map((x) => x.messages)),
      questions: mine.length ? mine.reduce((n, x) => n + x.discussionQuestions, 0) / mine.length : 0,
    };
  }
  const openerRuns = runs.filter((x) => x.worstOpener.count > 2);
  const report: SimReport = {
    children: count,
    seed,
    complete: done.length,
    noGame: count - done.length,
    messagesToGame: figures(done.map((x) => x.messages)),
    byPersona,
    badNames: runs.reduce((n, x) => n + x.badNames.length, 0),
    badNameExamples: runs.flatMap((x) => x.badNames.map((b) => `#${x.id} ${x.persona}: ${b}`)).slice(0, 12),
    builtAfterNo: runs.reduce((n, x) => n + x.builtAfterNo, 0),
    openerOverTwice: openerRuns.length,
    openerExamples: openerRuns
      .slice(0, 6)
      .map((x) => `#${x.id} ${x.persona}: "${x.worstOpener.key}" ×${x.worstOpener.count}`),
    placeholderLeaks: runs.reduce((n, x) => n + x.placeholderLeaks.length, 0),
    loneSurrogates: runs.reduce((n, x) => n + x.loneSurrogates, 0),
    invalidSpecs: done.filter((x) => !GameSpecSchema.safeParse(x.state.spec).success).length,
  };
  return { report, runs };
}

export function transcript(run: ChildRun): string {
  const lines = [
    `#${run.id} ${run.persona} child, "${run.book}" (${run.messages} messages)`,
    'AI: What book did you read?',
  ];
  for (const t of run.turns) {
    lines.push(`CHILD: ${t.child}`);
    for (const u of t.said) lines.push(`  ${u.agent}: ${u.text}`);
  }
  const spec = run.state.spec;
  if (spec)
    lines.push(
      `GAME: ${spec.title} (${spec.type}) hero ${spec.hero.name} ${spec.hero.emoji}; collect ${spec.collectibles.map((c) => `${c.name} ${c.emoji}`).join(', ')}; avoid ${spec.hazards.map((h) => `${h.name} ${h.emoji}`).join(', ') || 'nothing'}`,
    );
  return lines.join('\n');
}

function formatReport(r: SimReport): string {
  const goal = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const rows = Object.entries(r.byPersona).map(
    ([p, f]) =>
      `  ${p.padEnd(13)} ${String(f.children).padStart(3)} children  median ${String(f.median).padStart(2)}  p95 ${String(f.p95).padStart(2)}  max ${String(f.max).padStart(2)}  questions ${f.questions.toFixed(1)}`,
  );
  const eager = r.byPersona.eager;
  return [
    `Simulated children: ${r.children} (seed ${r.seed}), games made: ${r.complete}`,
    `Messages to a game: median ${r.messagesToGame.median}, p95 ${r.messagesToGame.p95}, max ${r.messagesToGame.max}`,
    ...rows,
    `Eager child within 6 messages:            max ${eager?.max ?? '-'}  ${goal((eager?.max ?? 99) <= 6)}`,
    `Names that are not noun phrases (goal 0): ${r.badNames}  ${goal(r.badNames === 0)}`,
    ...r.badNameExamples.map((e) => `    ${e}`),
    `Games built after a "no" (goal 0):        ${r.builtAfterNo}  ${goal(r.builtAfterNo === 0)}`,
    `Conversations with an opener > 2 (goal 0): ${r.openerOverTwice}  ${goal(r.openerOverTwice === 0)}`,
    ...r.openerExamples.map((e) => `    ${e}`),
    `Placeholder leaks (goal 0):               ${r.placeholderLeaks}  ${goal(r.placeholderLeaks === 0)}`,
    `Lone surrogates in state (goal 0):        ${r.loneSurrogates}  ${goal(r.loneSurrogates === 0)}`,
    `No game within ${MAX_MESSAGES} messages (goal 0):   ${r.noGame}  ${goal(r.noGame === 0)}`,
    `Invalid specs (goal 0):                   ${r.invalidSpecs}  ${goal(r.invalidSpecs === 0)}`,
  ].join('\n');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const { report, runs } = await simulate({
    count: Number(arg('count') ?? 216),
    seed: Number(arg('seed') ?? 1),
  });
  const show = arg('show')?.split(',') ?? [];
  for (const p of show) {
    const run = runs.find((x) => x.persona === p);
    if (run) console.log(`${transcript(run)}\n`);
  }
  console.log(formatReport(report));
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
