import { describe, expect, it } from 'vitest';
import { openerKey } from '../../../src/agents/offline/voice.js';
import { tokens } from '../../../src/text/normalise.js';

describe('openerKey', () => {
  it('is the first three words of the whole reply, folded', () => {
    const replies = [
      'So: you are the mouse!',
      '— Ooh… “Dragons” love tacos, don’t they?',
      '!!! ... Okay, let’s build it',
      '🐉 Dragons love tacos',
      'Café   olé, R u ready?',
      'Done!',
      '',
      '   ',
      'One\u00a0two\tthree four',
    ];
    for (const r of replies) expect([r, openerKey(r)]).toEqual([r, tokens(r).slice(0, 3).join(' ')]);
    expect(openerKey('So: you are the mouse')).toBe('so you are');
  });
});
