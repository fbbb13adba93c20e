import { type CatalogBook, heroOf } from '../../../books/catalog.js';
import { kindOfWord } from '../../../games/emoji.js';
import { normaliseText } from '../../../text/normalise.js';
import { hasCharacterPronoun } from '../lexicon.js';
import type { QuestionKey } from '../notes.js';
import { andList, capitalise, withThe } from '../phrasing.js';
import {
  extractNames,
  extractPlace,
  extractThings,
  isDontKnow,
  isNothing,
  isYouPick,
  nounPhrases,
  splitYesNo,
} from '../understand.js';
import type { Voice } from '../voice.js';

export function knownCharacters(catalog: CatalogBook | undefined): string[] {
  return catalog?.characters.map((c) => c.name) ?? [];
}

/** Two characters to offer: the hero and a villain. A hero and a friend may be one character twice
 * (the Caterpillar becomes the Butterfly), so without a villain only the hero is named. */
function favouriteOptions(catalog: CatalogBook | undefined): { a?: string; b?: string } {
  if (!catalog) return {};
  const hero = heroOf(catalog);
  const villain = catalog.characters.find((c) => c.role === 'villain' && c.name !== hero?.name);
  return { ...(hero ? { a: hero.name } : {}), ...(villain ? { b: villain.name } : {}) };
}

export function question(
  key: QuestionKey,
  catalog: CatalogBook | undefined,
  favourite: string | undefined,
  v: Voice,
): string {
  switch (key) {
    case 'favourite': {
      const { a, b } = favouriteOptions(catalog);
      if (a && b)
        return v.pick([
          `Who was your favourite character? Was it ${withThe(a)} or ${withThe(b)}?`,
          `Which character did you like best: ${withThe(a)} or ${withThe(b)}?`,
        ]);
      if (a)
        return v.pick([
          `Who was your favourite character? Was it ${withThe(a)}, or someone else?`,
          `Which character did you like best? Maybe ${withThe(a)}?`,
        ]);
      return v.pick(['Who was your favourite character in the story?', 'Which character did you like best?']);
    }
    case 'happens':
      return favourite
        ? v.pick([
            `What does ${withThe(favourite)} do in the story?`,
            `What happens to ${withThe(favourite)}?`,
            `What is ${withThe(favourite)} up to in the story?`,
          ])
        : v.pick(['What happens in the story?', 'What happens in the story? Tell me a bit!']);
    case 'where':
      return v.pick([
        'Where does the story happen?',
        'Where does the story take place?',
        'And where is the story set? In a forest, a town, or somewhere else?',
      ]);
    case 'trouble':
      return v.pick([
        'Was there any trouble in the story, like a baddie or something scary?',
        'Did anything go wrong in the story?',
        'Was there a baddie in the story, or something scary?',
      ]);
    case 'things':
      return v.pick([
        'What special things are in the story, like food, toys or treasure?',
        'What things are in the story, like food, toys or treasure?',
      ]);
    case 'best':
      return v.pick(['What was the best bit of the story?', 'What part made you laugh or smile?']);
  }
}

/** The favourite character named in an answer, with "he" or "her" read as the book's hero. */
export function favouriteIn(
  answer: string,
  catalog: CatalogBook | undefined,
  about: string | undefined,
): string | undefined {
  const known = knownCharacters(catalog);
  const hero = () =>
    (catalog ? heroOf(catalog)?.name : undefined) ??
    (about ? nounPhrases(about).find((p) => p.kind === 'creature')?.phrase : undefined);
  // "he finds the braid": the one doing things is the hero, whatever else is named.
  if (/^\s*(?:he|she|him|her|they)\b/i.test(answer)) return hero();
  const name = extractNames(answer, known)[0];
  // A character, not a thing ("I like ice cream", "the golden braid" name no one).
  const last = name?.split(/\s+/).at(-1) ?? '';
  const object = catalog?.storyObjects.some((o) => normaliseText(o.name) === normaliseText(name ?? ''));
  if (name && (known.includes(name) || (kindOfWord(last) !== 'thing' && !object))) return name;
  return hasCharacterPronoun(answer) ? hero() : undefined;
}

/** A short, warm echo of the child's answer, so they know we listened; varied, never a non-name. */
export function acknowledge(
  key: QuestionKey,
  answer: string,
  catalog: CatalogBook | undefined,
  favourite: string | undefined,
  v: Voice,
): string {
  const { answer: yesNo, rest } = splitYesNo(answer);
  const calm = () => v.pick(['No trouble, phew!', 'Phew, what a calm story!', 'A gentle story, lovely!']);
  if (isYouPick(answer) && key === 'favourite' && favourite)
    return v.pick([`Then I pick ${withThe(favourite)}!`, `Okay, I'll pick ${withThe(favourite)} for you!`]);
  if (isDontKnow(answer) || (yesNo === 'no' && !rest))
    return key === 'trouble' ? calm() : v.pick(["That's okay!", 'No problem!', "That's fine!"]);
  if (key === 'trouble' && isNothing(answer)) return calm();
  if (key === 'favourite' && favourite) {
    const who = withThe(favourite);
    return v.pick([`${capitalise(who)}, great choice!`, `Ooh, ${who}! Good pick.`, `I like ${who} too!`]);
  }
  if (key === 'where') {
    const place = extractPlace(answer);
    if (place)
      return v.pick([`${capitalise(place)}, what a place!`, `Ooh, ${place}!`, `I'd love to visit ${place}!`]);
  }
  if (key === 'trouble') {
    const villains = catalog?.characters.filter((c) => c.role === 'villain').map((c) => c.name) ?? [];
    const named = extractNames(answer, villains)[0];
    const baddie = named && villains.includes(named) ? named : nounPhrases(answer)[0]?.phrase;
    if (baddie) {
      const who = withThe(baddie);
      return v.pick([`Oh no, ${who}!`, `Yikes, ${who}!`, `Eek, ${who}!`, `Uh-oh, ${who}!`]);
    }
  }
  if (key === 'trouble') return v.pick(['Oh dear!', 'Oh no!', 'Uh-oh, what trouble!']);
  if (key === 'things') {
    const things = extractThings(answer, 3).filter(
      (x) => kindOfWord(x.split(/\s+/).at(-1) ?? '') !== 'creature',
    );
    if (things.length) return v.pick([`Ooh, ${andList(things)}!`, `Yum, ${andList(things)}!`]);
  }
  return v.pick([
    'Ooh, I love that!',
    'That sounds exciting!',
    'What a story!',
    'Wow, that sounds fun!',
    'Ha, I like that!',
    'Oh, how lovely!',
  ]);
}

// Questions a child asks us ("what's your name?"): answered in a breath, then back to the story.
const ABOUT_US =
  /\b(?:whats your name|what is your name|who are you|are you a robot|are you real|are you a person|how old are you|where do you live|do you have a name)\b/;

export function aboutUs(text: string, v: Voice): string | null {
  if (!ABOUT_US.test(normaliseText(text))) return null;
  return v.pick([
    "I'm your story helper! I help turn books into games.",
    "I'm the story helper, a computer friend who loves books!",
  ]);
}
