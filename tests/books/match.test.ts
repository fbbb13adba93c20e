import { describe, expect, it } from 'vitest';
import { BOOKS } from '../../src/books/catalog.js';
import { findBook, findByAuthor, levenshtein, rankBooks, splitAuthorClause } from '../../src/books/match.js';
import { normaliseText } from '../../src/text/normalise.js';

const idOf = (utterance: string) => findBook(utterance)?.book.id ?? null;

describe('normaliseText', () => {
  it('folds case, curly quotes, apostrophes and punctuation', () => {
    expect(normaliseText('Charlotte’s Web!')).toBe('charlottes web');
    expect(normaliseText("Charlotte's Web")).toBe('charlottes web');
    expect(normaliseText('“Goodnight, Moon”')).toBe('goodnight moon');
    expect(normaliseText('Where the Wild Things R')).toBe('where the wild things are');
    expect(normaliseText('by Dr. Seuss')).toBe('by dr seuss');
    expect(normaliseText('by doctor seuss')).toBe('by dr seuss');
  });

  it('fixes whole tokens only', () => {
    expect(normaliseText('R u ready? N then 2 more')).toBe('are you ready and then two more');
    expect(normaliseText('run under 10 nuts, 100 or 1st')).toBe('run under ten nuts 100 or 1st');
    expect(normaliseText("Mister Fox's 5 r's")).toBe('mr foxs five rs');
  });
});

describe('levenshtein', () => {
  it('counts edits', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('caterpillar', 'caterpiller')).toBe(1);
  });
});

describe('findBook', () => {
  it.each([
    ['I read Dragons Love Tacos', 'dragons-love-tacos'],
    ['dragons like tacos', 'dragons-love-tacos'],
    ['the very hungry caterpiller', 'very-hungry-caterpillar'],
    ['green eggs and ham by doctor seuss', 'green-eggs-and-ham'],
    ['Green Eggs and Ham by Dr. Seuss', 'green-eggs-and-ham'],
    ['charlottes web', 'charlottes-web'],
    ["Charlotte's Web", 'charlottes-web'],
    ['Charlotte’s Web', 'charlottes-web'],
    ['“The Gruffalo”', 'the-gruffalo'],
    ['where the wild things r', 'where-the-wild-things-are'],
    ["it's called the cat in the hat", 'cat-in-the-hat'],
    ['it’s called The Cat in the Hat', 'cat-in-the-hat'],
    ['the book is goodnight moon', 'goodnight-moon'],
    ['um we read stick man at school today', 'stick-man'],
    ['3 little pigs', 'the-three-little-pigs'],
    ["don't let the pigeon drive the bus", 'dont-let-the-pigeon-drive-the-bus'],
    ['the pigeon', 'dont-let-the-pigeon-drive-the-bus'],
    ['Brown bear brown bear what do you see', 'brown-bear-brown-bear'],
    ['the grinch', 'how-the-grinch-stole-christmas'],
    ['winnie the poo', 'winnie-the-pooh'],
    ['goldie locks', 'goldilocks-and-the-three-bears'],
    ['froggy gets dressed', 'froggy-gets-dressed'],
    ['frog and toad', 'frog-and-toad'],
    ['the lorax by dr seuss', 'the-lorax'],
    ['oh the places you’ll go', 'oh-the-places-youll-go'],
    ['cordoroy', 'corduroy'],
    ['a dragon who eats tacos', 'dragons-love-tacos'],
    ['cinderella', 'cinderella'],
    ['the three billy goats gruff', 'three-billy-goats-gruff'],
    ['hansel and gretle', 'hansel-and-gretel'],
    // Titles that start with a filler word or contain "by" / "from".
    ['no david', 'no-david'],
    ['inch by inch', 'inch-by-inch'],
    ['i read inch by inch by leo lionni', 'inch-by-inch'],
    ['soup from a stone', 'stone-soup'],
  ])('%s → %s', (utterance, id) => {
    expect(idOf(utterance)).toBe(id);
  });

  it.each([
    'yes',
    'no',
    "I don't know",
    'my dog',
    'i like my cat',
    'the cat',
    'peppa pig',
    'the moon bunny',
    'harry potter',
    'frozen',
    'elsa and anna',
    'a bear',
    'spiderman',
    '',
    '!!!',
  ])('does not match %j', (utterance) => {
    expect(findBook(utterance)).toBeNull();
  });

  it('matches every title and alias to its own book', () => {
    for (const book of BOOKS) {
      expect(idOf(book.title)).toBe(book.id);
      for (const alias of book.aliases) expect([alias, idOf(alias)]).toEqual([alias, book.id]);
    }
  });

  it('does not take a one-letter change of a short title for that title', () => {
    expect(rankBooks('the cat', 5).map((m) => m.book.id)).not.toContain('the-hat-jan-brett');
    expect(idOf('the hat')).toBe('the-hat-jan-brett');
  });

  it('looks at a bounded start of a very long message', () => {
    const long = `the gruffalo ${'and then we had lunch and played outside '.repeat(60)}`;
    expect(long.length).toBeGreaterThan(2000);
    expect(rankBooks(long, 1)[0]?.book.id).toBe('the-gruffalo');
    // The title is far beyond the bounded start: not found, and no time spent finding it.
    expect(findBook(`${'la '.repeat(700)}the gruffalo`)).toBeNull();
  });

  it('reports how much of the message the title accounts for', () => {
    expect(rankBooks('the gruffalo', 1)[0]?.coverage).toBe(1);
    const incidental = rankBooks('a clever cat in a feathered hat tricks an ogre', 5).find(
      (m) => m.book.id === 'cat-in-the-hat',
    );
    expect(incidental?.coverage ?? 0).toBeLessThan(0.34);
  });

  it('never offers a book the child rejected', () => {
    const next = findBook('the buffalo', ['the-gruffalo']);
    expect(next?.book.id).not.toBe('the-gruffalo');
  });

  it('uses the author as a tie-breaker', () => {
    const withAuthor = rankBooks('green eggs by dr seuss')[0];
    const without = rankBooks('green eggs')[0];
    expect(withAuthor?.book.id).toBe('green-eggs-and-ham');
    expect(withAuthor?.score ?? 0).toBeGreaterThanOrEqual(without?.score ?? 0);
  });

  it('splits the author clause', () => {
    expect(splitAuthorClause('Green Eggs and Ham by Dr. Seuss')).toEqual({
      title: 'green eggs and ham',
      author: 'dr seuss',
    });
    expect(splitAuthorClause('Zog').author).toBeNull();
  });

  it('ranks best first', () => {
    const ranked = rankBooks('the hungry caterpillar', 3);
    expect(ranked[0]?.book.id).toBe('very-hungry-caterpillar');
    expect(ranked.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(ranked[i]?.score ?? 0);
  });
});

describe('findByAuthor', () => {
  it('finds an author’s books', () => {
    const seuss = findByAuthor('a doctor seuss book').map((b) => b.id);
    expect(seuss).toContain('green-eggs-and-ham');
    expect(seuss).toContain('cat-in-the-hat');
    expect(findByAuthor('julia donaldson').map((b) => b.id)).toContain('the-gruffalo');
    expect(findByAuthor('my mum')).toEqual([]);
  });
});
