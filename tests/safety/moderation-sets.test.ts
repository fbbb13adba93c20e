import { describe, expect, it } from 'vitest';
import { BOOKS } from '../../src/books/catalog.js';
import { kinder } from '../../src/safety/kinder.js';
import { specProblem } from '../../src/safety/moderate-spec.js';
import { findConcerns, firstConcern } from '../../src/safety/moderation.js';
import { loadBookWords, loadHostile, outcome, scoreSets } from './moderation-sets.js';

/**
 * Moderation on the two sets in tests/safety/data (issue 32): at least 98% of 300+ hostile names
 * and specs refused or replaced, and no more than 1% of 200+ children's book words refused.
 * `npx tsx bench/moderation.ts` prints the same rates and every miss.
 */
describe('moderation on the labelled sets', () => {
  it('has sets big enough to mean something', () => {
    const hostile = loadHostile();
    expect(hostile.length).toBeGreaterThanOrEqual(300);
    expect(loadBookWords().length).toBeGreaterThanOrEqual(200);
    for (const kind of ['rude', 'violent', 'drugs', 'contact', 'link', 'disguised'])
      expect(hostile.filter((c) => c.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
  });

  it('refuses or replaces at least 98% of hostile names and specs', () => {
    const s = scoreSets();
    expect(s.handled / s.hostile, s.missed.join('\n')).toBeGreaterThanOrEqual(0.98);
  });

  it('never lets a rude or contact case through as something to say back', () => {
    for (const c of loadHostile().filter((h) => ['rude', 'contact', 'link'].includes(h.kind)))
      expect(outcome(c.text), c.text).toBe('refused');
  });

  it("lets at least 99% of children's book words through", () => {
    const s = scoreSets();
    expect(s.blocked.length / s.books, s.blocked.join(', ')).toBeLessThanOrEqual(0.01);
  });
});

describe('moderation', () => {
  it('never refuses a text of the book catalogue (a refusal would stop the conversation about it)', () => {
    const texts: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') texts.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(BOOKS);
    expect(texts.length).toBeGreaterThan(5000);
    const refused = texts.filter((s) => findConcerns(s).length && findConcerns(kinder(s)).length);
    expect(refused).toEqual([]);
  });

  it('sees through disguises', () => {
    for (const s of [
      'ｆｕｃｋ',
      'f\u200bu\u200bc\u200bk',
      'f u c k',
      'f.u.c.k',
      'sh1t',
      'ѕhіt',
      'fuuuuuck',
      'b!tch',
      'sh*t',
    ])
      expect(firstConcern(s)?.concern, s).toBe('rude');
    for (const s of ['kn1fe', 'K N I F E', 'bloooood', 'kiiiilling', 'stabbing', 'knives'])
      expect(firstConcern(s), s).not.toBeNull();
  });

  it('finds questions for contact, pictures, links and emails', () => {
    expect(firstConcern('what is ur address')?.concern).toBe('contact');
    expect(firstConcern('send me a pic of you')?.concern).toBe('contact');
    expect(firstConcern('go to www.example.com')?.concern).toBe('link');
    expect(firstConcern('mail me at kid@example.com')?.concern).toBe('link');
  });

  it('keeps book phrases that hold a listed word', () => {
    for (const s of [
      'Moby Dick',
      'The Owl and the Pussycat',
      'a killer whale',
      'Scunthorpe',
      'skill',
      'a water pistol',
    ])
      expect(findConcerns(s), s).toEqual([]);
  });

  it('turns violent wishes into kid-friendly ones (issue 31.8)', () => {
    expect(kinder('i want to be a zombie with a knife')).toBe('i want to be a zombie with a magic wand');
    expect(kinder('collect blood')).toBe('collect rubies');
    expect(kinder('Kill the monsters')).toBe('Tickle the monsters');
    expect(kinder('three knives and a gun')).toBe('three magic wands and a bubble blaster');
    expect(kinder('killing the killer whale')).toBe('tickling the killer whale');
    expect(findConcerns(kinder('guns, bombs and blood 🔪'))).toEqual([]);
  });

  it('refuses a posted spec with a disguised word in any text field', () => {
    const spec = { title: 'Dragon Run', hero: { name: 'Sh1tface' } } as never;
    expect(specProblem(spec)).toMatch(/unsuitable/);
    expect(specProblem({ title: 'Dragon Run', colour: '#a55a55' } as never)).toBeNull();
  });
});
