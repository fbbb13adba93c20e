import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookById } from '../../../src/books/catalog.js';
import { localKnowledge } from '../../../src/books/local-knowledge.js';
import { creatureEmojiFor } from '../../../src/games/emoji.js';
import { startTestApp, type TestApp } from '../../support/app.js';

/**
 * Retrieval in the offline brain, through the real app and HTTP API: a book described instead of
 * named reaches "Is that …?", the game types offered follow the book (and are in the session's
 * notes for the page's answer chips), and the game takes its pictures and colours from the book.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

interface Reply {
  message: string;
  phase: string;
}

async function start(): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/start_session', payload: {} });
  return res.json().session_id as string;
}

async function say(id: string, message: string): Promise<Reply> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/message',
    payload: { session_id: id, message },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Reply;
}

/** Names the book, says yes, then "I don't know" until the Game Designer asks; returns its offer. */
async function toTypeOffer(id: string, title: string): Promise<Reply> {
  await say(id, title);
  let r = await say(id, 'yes');
  for (let i = 0; i < 8 && r.phase !== 'designing'; i++) r = await say(id, "i don't know");
  expect(r.phase).toBe('designing');
  return r;
}

async function notesOf(id: string): Promise<Record<string, unknown>> {
  return (await t.repo.getSession(id))?.state.notes ?? {};
}

describe('retrieval in the offline brain, over the API', () => {
  it('asks "Is that …?" about a book the child described, and goes on with it after a yes', async () => {
    const id = await start();
    const asked = await say(id, 'a pig who builds a house and a wolf blows it');
    expect(asked.phase).toBe('identifying');
    expect(asked.message).toMatch(/Is that The Three Little Pigs\b/);
    const yes = await say(id, 'yes');
    expect(yes.phase).toBe('discussing');
    expect((await t.repo.getSession(id))?.state.book?.catalogId).toBe('the-three-little-pigs');
  });

  it('recognises a description given after "I don\'t know the name"', async () => {
    const id = await start();
    await say(id, "i don't know what it's called");
    const asked = await say(
      id,
      'a little girl in a red hood goes to see her granny and a wolf is in the bed',
    );
    expect(asked.message).toMatch(/Is that Little Red Riding Hood\b/);
  });

  it('after a no to a described book, keeps the story as the child told it', async () => {
    const id = await start();
    await say(id, 'a pig who builds a house and a wolf blows it');
    const no = await say(id, 'no');
    expect(no.phase).toBe('discussing');
    const state = (await t.repo.getSession(id))?.state;
    expect(state?.book?.catalogId).toBeUndefined();
    expect(JSON.stringify(state?.notes)).toContain('wolf blows it');
  });

  it('offers the game types that fit the book, with reasons from the story, and notes them', async () => {
    const chase = await start();
    const lost = await start();
    const chaseOffer = await toTypeOffer(chase, 'the gingerbread man');
    const lostOffer = await toTypeOffer(lost, 'hansel and gretel');
    const expected = (bookId: string) =>
      localKnowledge()
        .rankGameTypesSync(bookById(bookId) as never, 3)
        .map((r) => r.type);

    const chaseTypes = (await notesOf(chase)).offeredTypes;
    const lostTypes = (await notesOf(lost)).offeredTypes;
    expect(chaseTypes).toEqual(expected('the-gingerbread-man'));
    expect(lostTypes).toEqual(expected('hansel-and-gretel'));
    expect(chaseTypes).not.toEqual(lostTypes);
    expect((chaseTypes as string[])[0]).toBe('runner');
    expect((lostTypes as string[])[0]).toBe('maze');
    // The reason is the story's, in a child's words.
    expect(chaseOffer.message).toMatch(/a running game where you run from the sly fox/i);
    expect(lostOffer.message).toMatch(/a maze game/);
    expect(lostOffer.message).not.toEqual(chaseOffer.message);
  }, 60_000);

  it('builds the game with the pictures and colours of the book', async () => {
    const id = await start();
    await toTypeOffer(id, 'the gingerbread man');
    const done = await say(id, 'make the game now');
    expect(done.phase).toBe('complete');
    const page = await t.app.inject({ method: 'GET', url: `/api/game/${id}` });
    const json = page.body.match(/<script id="game-spec" type="application\/json">([\s\S]*?)<\/script>/)?.[1];
    const spec = JSON.parse(json ?? '{}');
    const book = bookById('the-gingerbread-man');
    if (!book) throw new Error('the gingerbread man is in the catalogue');
    expect(spec.setting.palette).toEqual(book.palette);
    // The book's own picture, unless it draws a thing: a hero is a creature (compile-spec.ts).
    const hero = book.characters.find((c) => c.role === 'hero');
    expect([hero?.emoji, creatureEmojiFor(hero?.name ?? '')]).toContain(spec.hero.emoji);
    const pictures = [...book.storyObjects, ...(book.antagonist ? [book.antagonist] : [])].map(
      (x) => x.emoji,
    );
    expect(pictures).toContain(spec.collectibles[0].emoji);
    expect(spec.hazards.map((h: { emoji: string }) => h.emoji)).toContain(book.antagonist?.emoji);
  }, 60_000);

  it('times retrieval in gamemaker_retrieval_latency_seconds', async () => {
    const id = await start();
    await say(id, 'a caterpillar eats lots of food and turns into a butterfly');
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    const count = metrics.match(
      /gamemaker_retrieval_latency_seconds_count\{kind="identify",index="memory"\} (\d+)/,
    )?.[1];
    expect(Number(count)).toBeGreaterThan(0);
  });
});
