import { normaliseText } from '../../../text/normalise.js';
import type { GameDesignerResult } from '../../brain.js';
import type { GameDesign } from '../../state.js';
import { applyRequest, completed } from '../design-context.js';
import { readBack } from '../design-words.js';
import { type DesignTurn, reply } from './turn.js';

/** After "Should you be the unicorn, or dodge it?": the name goes where the child says, then the read-back. */
export function placePending(t: DesignTurn): GameDesignerResult {
  const { ctx, voice } = t;
  const base = completed(t.design, ctx);
  const name = t.saved.pending ?? '';
  const n = normaliseText(t.text);
  let changed: GameDesign | null = null;
  if (name && /\b(?:dodge|avoid|away|baddie|bad|enemy|second|2nd|two|other)\b/.test(n))
    changed = applyRequest(base, { avoid: [name], add: true }, ctx);
  else if (name && /\b(?:collect|catch|get|find|eat)\b/.test(n))
    changed = applyRequest(base, { collect: [name], add: true }, ctx);
  else if (name && /\b(?:be|me|hero|play|first|1st|one|yes|i)\b/.test(n))
    changed = applyRequest(base, { hero: name }, ctx);
  const full = completed(changed ?? base, ctx);
  const lead = changed
    ? voice.pick(['Okay, I changed it!', 'Done!'])
    : voice.pick(["Okay, let's leave it out.", 'Alright!']);
  return reply(t, `${lead} ${readBack(full, voice, true)}`, 'confirm', full);
}
