import { describe, expect, it } from 'vitest';
import { batcher } from '../../src/store/worker-protocol.js';

const nextLoopTurn = () => new Promise<void>((r) => setImmediate(r));

describe('batcher: calls and replies between the threads', () => {
  it('hands over what one turn of the event loop collected, together', async () => {
    const batches: number[][] = [];
    const add = batcher<number>((items) => batches.push(items), 16);
    for (let i = 0; i < 5; i++) add(i);
    expect(batches).toEqual([]);
    await nextLoopTurn();
    expect(batches).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('hands over a full batch at once, so the other thread starts while this one still works', async () => {
    const batches: number[][] = [];
    const add = batcher<number>((items) => batches.push(items), 4);
    for (let i = 0; i < 10; i++) add(i);
    // Two full batches went before this turn ended; the rest follows it.
    expect(batches).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    await nextLoopTurn();
    expect(batches).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    // Nothing is sent twice or empty, and a later item starts a new batch.
    add(10);
    await nextLoopTurn();
    expect(batches.at(-1)).toEqual([10]);
    expect(batches.flat()).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });
});
