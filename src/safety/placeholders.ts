/**
 * What the scrubber puts where personal data was. A small fixed set, so an agent (or a test) can
 * recognise one and keep it out of anything it says or builds: a game titled "[name]'s Dragon Run"
 * would read the placeholder aloud to the child.
 */
export const PLACEHOLDERS = {
  name: '[name]',
  age: '[age]',
  school: '[school]',
  address: '[address]',
  phone: '[phone]',
  email: '[email]',
} as const;

export type PersonalDataKind = keyof typeof PLACEHOLDERS;

export const PERSONAL_DATA_KINDS = Object.keys(PLACEHOLDERS) as PersonalDataKind[];

// '[place]' is what the first scrubber wrote: messages stored before it changed still hold it.
const KIND_WORDS = [...PERSONAL_DATA_KINDS, 'place'].join('|');
// Loose on purpose: a model that echoes one may change its case or pad it ("[ Name ]").
const ONE = new RegExp(`^\\s*\\[\\s*(?:${KIND_WORDS})\\s*\\]\\s*$`, 'i');
const ANY = new RegExp(`\\[\\s*(?:${KIND_WORDS})\\s*\\]`, 'i');

/** The text is a placeholder and nothing else. */
export function isPlaceholder(text: string): boolean {
  return ONE.test(text);
}

/** The text has a placeholder somewhere in it: not fit for a game title or a line said to the child. */
export function containsPlaceholder(text: string): boolean {
  return ANY.test(text);
}

/** Where personal data of one kind is: UTF-16 offsets into the text, always on word edges. */
export interface PersonalDataSpan {
  kind: PersonalDataKind;
  start: number;
  end: number;
}
