import { describe, expect, it } from 'vitest';
import { simulate, transcript } from '../../../bench/children.js';

/**
 * A slice of the simulated children of bench/children.ts (run the whole 216 with
 * `npx tsx bench/children.ts`): every persona — eager, shy, chatty, contrary, off-topic,
 * misspelling, emoji, other languages, personal data turned into placeholders — on the real graph.
 */
describe('simulated children (60 of them, every persona)', () => {
  it('meet the goals', async () => {
    const { report, runs } = await simulate({ count: 63, seed: 3 });
    const show = (pred: (r: (typeof runs)[number]) => boolean) =>
      runs.filter(pred).slice(0, 2).map(transcript).join('\n\n');
    expect(
      report.noGame,
      show((r) => !r.complete),
    ).toBe(0);
    expect(report.invalidSpecs).toBe(0);
    expect(report.badNames, report.badNameExamples.join('\n')).toBe(0);
    expect(
      report.builtAfterNo,
      show((r) => r.builtAfterNo > 0),
    ).toBe(0);
    expect(report.openerOverTwice, report.openerExamples.join('\n')).toBe(0);
    expect(
      report.placeholderLeaks,
      show((r) => r.placeholderLeaks.length > 0),
    ).toBe(0);
    expect(report.loneSurrogates).toBe(0);
    // An eager child has a game within six messages; nobody needs more than the limit.
    expect(report.byPersona.eager?.max).toBeLessThanOrEqual(6);
    expect(report.messagesToGame.p95).toBeLessThanOrEqual(22);
    // The talk fits the child: a shy child is asked fewer questions than a chatty one.
    expect(report.byPersona.shy?.questions ?? 9).toBeLessThan(report.byPersona.chatty?.questions ?? 0);
  }, 300_000);
});
