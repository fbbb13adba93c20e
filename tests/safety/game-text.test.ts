import { describe, expect, it } from 'vitest';
import { withoutPeople } from '../../src/safety/game-text.js';

describe('game text without people', () => {
  it("drops people's names, details and placeholders from free answers and titles", () => {
    expect(withoutPeople("Jacob's Big Day")).toBe('Big Day');
    expect(withoutPeople('my friend Mia')).toBe('my friend');
    expect(withoutPeople("[name]'s Rubies Catch")).toBe('Rubies Catch');
    expect(withoutPeople('my name is Zed Qorab')).toBe('my name is');
    expect(withoutPeople('Jacob')).toBe('');
  });

  it("keeps book characters, authors' books and ordinary words", () => {
    for (const s of [
      'The Gruffalo',
      'Max',
      'Wilbur',
      'Sam I Am',
      'a little red dragon',
      'Dragons Love Tacos',
      'Zombie',
    ])
      expect(withoutPeople(s), s).toBe(s);
  });
});
