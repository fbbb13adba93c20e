import { describe, expect, it } from 'vitest';
import { readAnalyst, readDesigner, readShared } from '../../../src/agents/offline/notes.js';

/** The offline brain's notes come back from storage as plain JSON: each field parses on its own. */
describe('notes read back from storage', () => {
  it('give the defaults for nothing at all', () => {
    expect(readAnalyst({})).toEqual({ stage: 'title', rejected: [], plan: [], answers: {}, asked: [] });
    expect(readDesigner({})).toEqual({ stage: 'type', offered: [] });
    expect(readShared({})).toEqual({ wish: {}, rush: false, style: { answers: 0, short: 0, long: 0 } });
  });

  it('keep every valid field and drop only the broken ones', () => {
    const analyst = readAnalyst({
      analyst: {
        stage: 'discuss',
        rejected: ['the-gruffalo', 7, null],
        about: 42,
        plan: ['where', 'nonsense', 'trouble'],
        answers: { favourite: 'the mouse', where: ['not', 'text'], bogus: 'x' },
        asked: 'favourite',
        favourite: 'Mouse',
      },
    });
    expect(analyst).toEqual({
      stage: 'discuss',
      rejected: ['the-gruffalo'],
      plan: ['where', 'trouble'],
      answers: { favourite: 'the mouse' },
      asked: [],
      favourite: 'Mouse',
    });
    expect(
      readDesigner({ designer: { stage: 'dance', offered: ['maze', 'golf'], editing: 'yes', refusals: -1 } }),
    ).toEqual({ stage: 'type', offered: ['maze'] });
    expect(
      readDesigner({ designer: { stage: 'place', offered: [], pending: 'Owl', refusals: 2, editing: true } }),
    ).toEqual({ stage: 'place', offered: [], editing: true, pending: 'Owl', refusals: 2 });
    const shared = readShared({
      wish: { hero: 'robot', type: 'golf', collect: [] },
      rush: 'yes',
      style: { answers: 3, short: Infinity },
    });
    expect(shared).toEqual({
      wish: { hero: 'robot' },
      rush: false,
      style: { answers: 3, short: 0, long: 0 },
    });
    expect(readAnalyst({ analyst: [1, 2] }).stage).toBe('title');
  });
});
