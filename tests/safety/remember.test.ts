import { describe, expect, it } from 'vitest';
import { createScrubMemory, MAX_REMEMBERED } from '../../src/safety/remember.js';

describe('a scrubber that remembers for the conversation (keyed hashes)', () => {
  const memory = createScrubMemory('a test secret of some length');

  it('scrubs a name given once when it comes back alone later', () => {
    const first = memory.scrub('hi my name is Lily Parker and I read the gruffalo', undefined);
    expect(first.text).toBe('hi my name is [name] and I read the gruffalo');
    expect(first.remembered).toHaveLength(2);
    const later = memory.scrub('can lily be the hero? and Parker can be the mouse', first.remembered);
    expect(later.text).toBe('can [name] be the hero? and [name] can be the mouse');
    // Nothing new learnt: the same two hashes.
    expect(later.remembered).toEqual(first.remembered);
  });

  it('remembers handles too, and forgets nothing of the text around them', () => {
    const first = memory.scrub('my roblox name is superkid_99', undefined);
    expect(first.text).toBe('my roblox name is [email]');
    expect(memory.scrub('play with superkid', first.remembered).text).toBe('play with [name]');
    expect(memory.scrub('I have 99 stars', first.remembered).text).toBe('I have 99 stars');
  });

  it('keeps only keyed hashes, never the name, and a different key knows nothing', () => {
    const { remembered } = memory.scrub('my name is Aarav', undefined);
    expect(JSON.stringify(remembered).toLowerCase()).not.toContain('aarav');
    for (const h of remembered) expect(h).toMatch(/^[0-9a-f]{16}$/);
    const other = createScrubMemory('another secret entirely');
    expect(other.scrub('aarav is here', remembered).text).toBe('aarav is here');
  });

  it('is bounded however many names a child gives', () => {
    let remembered: string[] | undefined;
    const letters = (i: number) => String.fromCharCode(97 + (i % 26), 97 + Math.floor(i / 26));
    for (let i = 0; i < 100; i++)
      remembered = memory.scrub(`my name is Zed${letters(i)} Qor${letters(i)}`, remembered).remembered;
    expect(remembered?.length).toBe(MAX_REMEMBERED);
  });

  it('changes nothing in a conversation with no personal data', () => {
    const r = memory.scrub('the gruffalo has purple prickles', undefined);
    expect(r).toEqual({ text: 'the gruffalo has purple prickles', remembered: [] });
  });
});
