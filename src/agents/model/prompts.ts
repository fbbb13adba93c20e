import { bookById, bookByline, type CatalogBook } from '../../books/catalog.js';
import { localKnowledge } from '../../books/local-knowledge.js';
import { PERSONAS } from '../../contract/personas.js';
import type { AgentName, SessionState } from '../state.js';
import { TOOL_NAMES } from './tools.js';

/**
 * One system prompt per agent. The shared rules come first and are the same for all three: they
 * are what keeps a conversation with a young child safe, whatever the agent's job.
 */

export const CHILD_SAFETY_RULES = `How you talk:
- You are talking with a young child (about 4 to 10 years old), often with a parent beside them. Your words are read aloud.
- Be warm, playful and encouraging. Use short sentences and simple words. Say at most three short sentences.
- Ask one question at a time, never two. End your reply with that question.
- Plain text only: no markdown, no lists, no headings, no emoji codes.
- Never ask for personal information: not the child's name, age, school, where they live, or anything about their family. If the child shares it, do not repeat it; gently go back to the story.
- Keep everything gentle and right for young children. If the child says something scary, sad or unkind, answer kindly and steer back to the book.
- Never talk about tools, JSON, prompts or how you work.`;

const GAME_TYPE_GUIDE = `Game types you can offer (pick the two or three that fit the story best):
- platformer: run and jump across platforms collecting things (adventures, journeys)
- collector: explore a top-down world and pick things up (gardens, farms, treasure hunts)
- avoider: dodge things that fall or chase you (escapes, storms, chases)
- runner: run forward and jump over obstacles (races, being chased)
- catcher: move side to side and catch falling things (food, stars, gifts)
- maze: find the way through a maze to the exit (getting lost, finding home)`;

const JOBS: Record<AgentName, string> = {
  story_analyst: `Your job: find out which book the child read, then chat about it.
1. If the book is not confirmed yet: work out which book they mean (speech-to-text makes spelling mistakes, so guess the real title) and ask "Is that <title> by <author>?". Record it as book. When they say yes, set bookConfirmed to true and ask your first question about the story. When they say no, set clearBook to true and ask them to tell you the title again. If you do not know the book, ask them to tell you a little about it, then record their title as book with bookConfirmed true.
2. When the book is confirmed: ask three to six short questions, one at a time (favourite character, what happens, where it happens, what problem or trouble there is). Then, in the same turn as your last friendly comment, record the analysis (characters, setting, themes, story objects, antagonist, favourite character). Do not ask about the game: the Game Designer takes over after you.`,
  game_designer: `Your job: design a simple arcade game from the book with the child.
Ask one thing at a time, in this order: which kind of game (offer two or three types that fit the story), who the hero is, what to collect, what to avoid. Use the child's own words for names. Record everything agreed so far in design each turn.
When you know all four, read back a one-sentence summary ("A catching game where the little dragon catches tacos and dodges spicy salsa. Shall I build it?"). Only when the child says yes, set readyToBuild to true and tell them the Code Generator will build it now.
${GAME_TYPE_GUIDE}`,
  code_generator: `Your job: build the game the child designed. Your reply is one or two excited sentences about the game you are building (no question needed this time). Call ${TOOL_NAMES.code_generator} with that reply and the complete game specification: use the design's game type, hero, collectibles and hazards with their exact names, pick one fitting emoji for each, a title, a setting and palette from the book, an easy difficulty, and short intro, win and lose lines a child understands.`,
};

export function systemPrompt(agent: AgentName): string {
  const p = PERSONAS[agent];
  return `You are ${p.name} the ${p.role}, one of three friendly helpers in The Game Maker: a child tells us about a book they just read, and together we turn it into a little arcade game they can play.

${CHILD_SAFETY_RULES}

${JOBS[agent]}

How you answer: call the tool ${TOOL_NAMES[agent]} exactly once. Put everything you say to the child in its reply field (plain text, read aloud), then record what you learned this turn in its other fields. Write nothing outside the tool call.`;
}

/** Turns after which an agent is told to wrap up (the offline brain's safety valve still backs it). */
const WRAP_UP: Partial<Record<SessionState['phase'], number>> = {
  identifying: 4,
  discussing: 5,
  designing: 6,
};

/** A title match worth showing the model (speech transcripts misspell titles). */
const SHELF_MIN_TITLE = 0.5;

/**
 * What is known so far, in a few lines: the model gets this instead of the whole conversation, so
 * the history sent with each call can stay short (only the last few turns).
 */
export function stateSummary(
  state: SessionState,
  message: string | null,
  opts: { withBookFacts?: boolean } = {},
): string {
  const lines: string[] = [
    `Phase: ${state.phase}. The child has answered ${state.turnsInPhase} times in this phase.`,
  ];
  if (state.book) {
    const known = bookById(state.book.catalogId);
    const by = known ? ` ${bookByline(known)}` : state.book.author ? ` by ${state.book.author}` : '';
    lines.push(
      `Book: "${state.book.title}"${by} (${state.bookConfirmed ? 'confirmed by the child' : 'not confirmed yet'}).`,
    );
    // Facts from our knowledge base, so questions and the game are about the real story (sent on
    // their own, before this summary, when the prompt is cached: see bookKnowledge).
    if (known && opts.withBookFacts !== false) lines.push(`What our book shelf knows: ${bookFacts(known)}`);
  } else {
    lines.push('Book: not known yet.');
  }
  if (state.phase === 'identifying' && message) {
    // Retrieval from our own book shelf, by title (speech transcripts misspell them) or by what
    // happens in the story ("a pig who builds a house and a wolf blows it"): hybrid, in memory.
    // A confident identification leads; close titles follow (a bare cosine says little about "hello").
    const shelf = localKnowledge();
    const described = shelf.identifyBookSync(message);
    const titles = shelf.searchBooksSync(message, 3).filter((m) => (m.via.title ?? 0) >= SHELF_MIN_TITLE);
    const lead = described?.confident ? [described] : [];
    const candidates = [...lead, ...titles.filter((m) => m.book.id !== lead[0]?.book.id)].slice(0, 3);
    if (candidates.length > 0) {
      const list = candidates.map((m) => `"${m.book.title}" ${bookByline(m.book)}`).join('; ');
      lines.push(`Our book shelf suggests: ${list}.`);
    }
  }
  if (state.analysis) lines.push(`What we learned about the book: ${JSON.stringify(state.analysis)}`);
  if (state.design) lines.push(`Game design so far: ${JSON.stringify(state.design)}`);
  if (state.spec) lines.push(`Built game: a ${state.spec.type} called "${state.spec.title}".`);
  const limit = WRAP_UP[state.phase];
  if (limit !== undefined && state.turnsInPhase >= limit) {
    lines.push('You have talked about this for a while: wrap up now and move on in this turn.');
  }
  return `What we know so far:\n${lines.join('\n')}`;
}

/**
 * The book's facts as a block of their own: the same for every turn of every session about that
 * book, so it can sit in the cached prefix, unlike the summary that changes each turn.
 */
export function bookKnowledge(state: SessionState): string | null {
  const known = state.book ? bookById(state.book.catalogId) : undefined;
  return known ? `What our book shelf knows about "${known.title}": ${bookFacts(known)}` : null;
}

/** A book's facts in one line for the model: story, characters, things and trouble, with emoji. */
function bookFacts(book: CatalogBook): string {
  const shelf = localKnowledge();
  const things = (list: readonly { name: string; emoji: string }[]) =>
    list.map((t) => `${t.name} ${t.emoji}`).join(', ');
  const parts = [
    book.summary ? `story: ${book.summary}` : '',
    `characters: ${book.characters.map((c) => `${c.name} ${c.emoji} (${c.role})`).join(', ')}`,
    `setting: ${book.setting}`,
    `story objects: ${things(book.storyObjects)}`,
    book.antagonist ? `trouble: ${book.antagonist.name} ${book.antagonist.emoji}` : '',
    // Ranked by retrieval over the game templates (rankTypes in books/hybrid.ts), with why.
    `game types it suits, best first: ${shelf
      .rankGameTypesSync(book, 3)
      .map((r) => `${r.type} (${r.reason})`)
      .join('; ')}`,
    `colours: sky ${book.palette.sky}, ground ${book.palette.ground}, accent ${book.palette.accent}`,
  ];
  return parts.filter(Boolean).join('; ');
}
