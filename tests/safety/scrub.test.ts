import { describe, expect, it } from 'vitest';
import { scrubPersonalData } from '../../src/safety/scrub.js';

describe('scrubPersonalData', () => {
  it('removes names, emails, phones, addresses and schools', () => {
    expect(scrubPersonalData('my name is Mia and I like tacos')).toBe('my name is [name] and I like tacos');
    expect(scrubPersonalData('email me at mia.b@example.com')).toBe('email me at [email]');
    expect(scrubPersonalData('call 555-123-4567 now')).toBe('call [phone] now');
    expect(scrubPersonalData('I live at 12 Elm Street. I like cats')).toBe('I live at [place]. I like cats');
    expect(scrubPersonalData('we went to 42 Oak Avenue')).toBe('we went to [address]');
    expect(scrubPersonalData('I go to Sunny Hill Elementary')).toBe('I go to [school]');
  });

  it('leaves book talk alone', () => {
    for (const s of [
      'Dragons Love Tacos',
      'The Very Hungry Caterpillar ate 5 apples',
      "Charlotte's Web",
      'yes!',
    ]) {
      expect(scrubPersonalData(s)).toBe(s);
    }
  });
});
