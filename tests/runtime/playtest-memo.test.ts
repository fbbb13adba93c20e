import { describe, expect, it } from 'vitest';
import { catalogueEntry } from '../../src/games/catalogue.js';
import { GAME_TYPES, type GameSpec } from '../../src/games/spec.js';
import { createTuneMemo, numbersOf } from '../../src/playtest/memo.js';
import { playtestedNow } from '../../src/playtest/record.js';

/** The same numbers in other words: another child's game of the same shape. */
function reworded(spec: GameSpec, tag: string): GameSpec {
  const w = (s: string) => `${tag} ${s}`.slice(0, 30);
  return {
    ...spec,
    title: w('Zebra Quest'),
    book: { title: w('The Zebra Book'), author: 'Ann Other' },
    setting: {
      name: w('the savannah'),
      night: !spec.setting.night,
      palette: { sky: '#123456', ground: '#654321', accent: '#abcdef' },
    },
    hero: { ...spec.hero, name: w('Zed'), emoji: '🦓' },
    collectibles: spec.collectibles.map((c, i) => ({ ...c, name: w(`leaf ${i}`), emoji: '🍃' })),
    hazards: spec.hazards.map((h, i) => ({ ...h, name: w(`lion ${i}`), emoji: '🦁' })),
    powerUps: spec.powerUps.map((p, i) => ({ ...p, name: w(`star ${i}`), emoji: '⭐' })),
    lines: { intro: w('Run, Zed!'), win: w('Yay Zed'), lose: w('Oh no Zed') },
  };
}

const words = (s: GameSpec) => [
  s.title,
  s.book.title,
  s.setting.name,
  s.hero.name,
  s.lines.intro,
  ...s.collectibles.map((c) => c.name),
  ...s.hazards.map((h) => h.name),
];

describe('the tuning memo', () => {
  it.each(GAME_TYPES)('%s: a spec with the same numbers gets exactly what playing it would give', (type) => {
    const memo = createTuneMemo();
    // Numbers the tuner has to change, so the memo carries changes, not just a record.
    const base = catalogueEntry(type).example;
    const first = {
      ...base,
      collectibles: base.collectibles.map((c) => ({ ...c, count: Math.min(40, c.count * 3) })),
    };
    const second = reworded(first, type);
    const played = memo.get(first, {}, () => playtestedNow(first));
    let replayed = false;
    const remembered = memo.get(second, {}, () => {
      replayed = true;
      return playtestedNow(second);
    });
    expect(replayed).toBe(false);
    expect(memo.size).toBe(1);
    expect(remembered).toEqual(playtestedNow(second));
    // The second child's words, the first child's tuned numbers.
    expect(words(remembered)).toEqual(words(second));
    expect(numbersOf(remembered)).toEqual(numbersOf(played));
    expect(remembered.playtest).toEqual(played.playtest);
  });

  it('keeps no words, only numbers', () => {
    const memo = createTuneMemo();
    const spec = reworded(catalogueEntry('collector').example, 'Emma');
    memo.get(spec, {}, () => playtestedNow(spec));
    const kept = JSON.stringify(memo.entries());
    for (const w of words(spec)) expect(kept).not.toContain(w);
    expect(kept).not.toContain('🦓');
  });

  it('plays other numbers and other options anew, and forgets the least recently used first', () => {
    const memo = createTuneMemo(2);
    const a = catalogueEntry('catcher').example;
    const b = { ...a, lives: a.lives === 'unlimited' ? 3 : Math.min(9, a.lives + 1) };
    let plays = 0;
    const play = (s: GameSpec, opts: { tune?: boolean } = {}) =>
      memo.get(s, opts, () => {
        plays++;
        return playtestedNow(s, opts);
      });
    play(a);
    play(b);
    play(a, { tune: false });
    expect(plays).toBe(3);
    expect(memo.size).toBe(2);
    play(a, { tune: false });
    expect(plays).toBe(3);
    play(a); // dropped when the third came in
    expect(plays).toBe(4);
  });
});
