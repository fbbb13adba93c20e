import { describe, expect, it } from 'vitest';
import { BOOKS } from '../../src/books/catalog.js';
import {
  containsPlaceholder,
  findPersonalData,
  isPlaceholder,
  PLACEHOLDERS,
  scrubPersonalData,
} from '../../src/safety/scrub.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Each pair: what the child said, what is stored. */
function expectScrubs(pairs: Array<[string, string]>) {
  for (const [said, stored] of pairs) expect(scrubPersonalData(said), said).toBe(stored);
}

function expectKeeps(texts: string[]) {
  for (const t of texts) expect(scrubPersonalData(t), t).toBe(t);
}

describe('scrubPersonalData: the cases of issue 10', () => {
  it('scrubs them', () => {
    expectScrubs([
      ["I'm Emma Smith and I am 7. My mom is Jane Smith.", "I'm [name] and I am [age]. My mom is [name]."],
      ['my name is Emma Smith', 'my name is [name]'],
      ['my teacher is Mrs Jones', 'my teacher is [name]'],
      ['I go to Oakwood Primary', 'I go to [school]'],
      ['my phone number is five five five one two three four', 'my phone number is [phone]'],
      ['five five five, one two three four', '[phone]'],
      ['my email is emma at example dot com', 'my email is [email]'],
    ]);
  });

  it('keeps years next to an author', () => {
    expectKeeps(['dr seuss 1960 2004', 'it was written by Dr. Seuss in 1960']);
  });
});

describe('scrubPersonalData: names', () => {
  it('takes first names and surnames after "I\'m", "I am", "my name is", "call me", "this is"', () => {
    expectScrubs([
      ["I'm Emma", "I'm [name]"],
      ['i am sophia martinez and i love the cat in the hat', 'i am [name] and i love the cat in the hat'],
      ['hi my name is lily and i read the gruffalo', 'hi my name is [name] and i read the gruffalo'],
      ['call me Jayden', 'call me [name]'],
      ['this is logan talking', 'this is [name] talking'],
      ["this is Emma's mum", "this is [name]'s mum"],
      ['my full name is olivia grace thompson', 'my full name is [name]'],
      ['my nam is ben', 'my nam is [name]'],
      ['MY NAME IS JACK', 'MY NAME IS [name]'],
    ]);
  });

  it('keeps what follows "I\'m" when it is not a name', () => {
    expectKeeps([
      "I'm happy",
      'I am a dragon',
      "I'm reading",
      "i'm not sure",
      'im so excited',
      "i'm gonna make a game",
      "i'm scared of the big bad wolf",
      'this is fun',
      'this is the best book ever',
      'my game is called dragon run',
    ]);
  });

  it('takes family, friends and teachers', () => {
    expectScrubs([
      ['my mom is Jane', 'my mom is [name]'],
      ['my mum is called sarah', 'my mum is called [name]'],
      ['my dad tom read it to me', 'my dad [name] read it to me'],
      ['my sister ella likes it', 'my sister [name] likes it'],
      ['my brother is liam', 'my brother is [name]'],
      ['my grandma is rose', 'my grandma is [name]'],
      ['nana sue gave me the book', 'nana [name] gave me the book'],
      ['my best friend is mia', 'my best friend is [name]'],
      ['my friends are leo and mason', 'my friends are [name] and [name]'],
      ["my dad's friend kevin", "my dad's friend [name]"],
      ["my teacher's name is mrs o'brien", "my teacher's name is [name]"],
      ['me and jacob played the game', 'me and [name] played the game'],
    ]);
  });

  it('takes titled names: Mrs, Mr, Ms, Miss, with or without a full stop', () => {
    expectScrubs([
      ['Mrs Jones read it to us', '[name] read it to us'],
      ['Mrs. Jones read it to us', '[name] read it to us'],
      ['we have mr. singh for reading', 'we have [name] for reading'],
      ['my piano teacher is miss lee', 'my piano teacher is [name]'],
      ['ms kowalski has the book', '[name] has the book'],
      ['my doctor is dr patel', 'my doctor is [name]'],
    ]);
  });

  it('keeps what a family word is followed by when it is no name', () => {
    expectKeeps([
      'my mom is nice',
      'my mom is reading it to me',
      'my dad is a doctor',
      'my teacher is funny',
      'my sister is 4',
      'grandma read me the gruffalo',
      'my friend likes tacos too',
    ]);
  });
});

describe('scrubPersonalData: ages, schools, addresses, phones, emails', () => {
  it("takes the child's age, not other numbers", () => {
    expectScrubs([
      ['I am 7', 'I am [age]'],
      ["I'm seven years old", "I'm [age] years old"],
      ["I'm 6 and a half", "I'm [age]"],
      ["i'm nearly six", "i'm nearly [age]"],
      ['i just turned 8', 'i just turned [age]'],
      ["i'll be seven next week", "i'll be [age] next week"],
      ['i am a 6 year old girl', 'i am a [age] year old girl'],
      ['my daughter Chloe is 4', 'my daughter [name] is [age]'],
      ['i was born in 2017', 'i was born in [age]'],
    ]);
    expectKeeps([
      "I'm 5 pages in",
      "i'm one of the wild things",
      "i'm 3 chapters ahead of my brother",
      'i am on chapter 3',
      'the dragon is 100 years old',
      'my sister is 4',
    ]);
  });

  it('takes schools', () => {
    expectScrubs([
      ['I go to Oakwood Primary', 'I go to [school]'],
      ['i go to sunny hill elementary', 'i go to [school]'],
      ['i go to lincoln school', 'i go to [school]'],
      ['at riverside academy we read the gruffalo', 'at [school] we read the gruffalo'],
      ['my school is called hillside infants', 'my school is called [school]'],
      ["we had book week at St. John's Primary School", 'we had book week at [school]'],
    ]);
    expectKeeps([
      'we read it at school',
      'i go to school on the bus',
      'i go to big school now',
      'the magic school bus goes inside the body',
      'can the game have a school in it',
    ]);
  });

  it('takes where the child lives', () => {
    expectScrubs([
      ['I live at 12 Oak Street', 'I live at [address]'],
      ['my house is on Maple Avenue', 'my house is on [address]'],
      ['we live at fifteen church lane', 'we live at [address]'],
      ['i live in springfield', 'i live in [address]'],
    ]);
    expectKeeps([
      'i live in a house with a red door',
      'i live in england',
      'sesame street is my favourite',
      'we got it from the library on main street',
      'paddington lives at 32 windsor gardens',
    ]);
  });

  it('takes phone numbers in digits or words', () => {
    expectScrubs([
      ['call 555-123-4567 now', 'call [phone] now'],
      ['my dads phone is (555) 867-5309', 'my dads phone is [phone]'],
      ['my number is +44 7700 900077', 'my number is [phone]'],
      ['my number is oh seven seven double oh nine oh oh one two three', 'my number is [phone]'],
    ]);
    expectKeeps([
      'one two three four five six seven eight nine ten',
      'ten nine eight seven six five four three two one blast off',
      'i want 1000000 points',
      'the gruffalo came out in 1999 and the gruffalos child in 2004',
      'oh oh pick me',
    ]);
  });

  it('takes emails in symbols or words', () => {
    expectScrubs([
      ['email me at mia.b@example.com', 'email me at [email]'],
      ['my email is lily underscore rose at yahoo dot com', 'my email is [email]'],
      ['its emma dot jones at outlook dot com', 'its [email]'],
    ]);
    expectKeeps(['look at the cat dot dot dot', 'the mouse is at home']);
  });
});

describe('scrubPersonalData: book talk', () => {
  it('keeps authors, years and characters', () => {
    expectKeeps([
      'the book is by julia donaldson',
      'Green Eggs and Ham by Dr Seuss',
      'I love Dr. Seuss!',
      'eric carle wrote the very hungry caterpillar in 1969',
      "I'm Max",
      "i'm harold and i have a purple crayon",
      'i am the gruffalo',
      'I am the Gruffalo',
      'Mr. Fox is very clever',
      'mr mcgregor chases peter rabbit',
      'miss honey is the nicest teacher',
      "I'm Sam-I-Am!",
    ]);
  });

  it('keeps every title, author and character of the book knowledge base', () => {
    const changed: string[] = [];
    for (const book of BOOKS) {
      const said = [
        `${book.title} by ${book.author}`,
        `i read ${book.title.toLowerCase()} by ${book.author.toLowerCase()}`,
        ...(book.year ? [`${book.title} came out in ${book.year}`] : []),
        ...book.characters.flatMap((c) => [
          `I'm ${c.name}`,
          `this is ${c.name.toLowerCase()}`,
          `I love ${c.name}`,
        ]),
      ];
      for (const s of said) if (scrubPersonalData(s) !== s) changed.push(`${s} → ${scrubPersonalData(s)}`);
    }
    expect(changed).toEqual([]);
  });

  it("takes a book hero's name when the child also gives an age or a surname", () => {
    expectScrubs([
      ["I'm Max, I'm 6", "I'm [name], I'm [age]"],
      ["I'm Max Turner", "I'm [name]"],
      ['my name is Max', 'my name is [name]'],
    ]);
  });
});

describe('scrubPersonalData: text safety', () => {
  it('keeps emoji and accents beside a name whole', () => {
    const cases: Array<[string, string]> = [
      ["i'm Zoë 🦕 and i love dinosaurs", "i'm [name] 🦕 and i love dinosaurs"],
      ['my name is Emma🦕', 'my name is [name]🦕'],
      ['my name is 👩‍👩‍👧Emma and I am 7👍🏽', 'my name is 👩‍👩‍👧[name] and I am [age]👍🏽'],
      ['my name is José García', 'my name is [name]'],
      ['my name is Siobhán 🇮🇪', 'my name is [name] 🇮🇪'],
    ];
    expectScrubs(cases);
    for (const [said] of cases) expect(LONE_SURROGATE.test(scrubPersonalData(said))).toBe(false);
  });

  it('is idempotent on every corpus-like sentence above', () => {
    for (const s of [
      "I'm Emma Smith and I am 7. My mom is Jane Smith.",
      'my name is Emma Smith Jones',
      'my teacher is mrs jones smith',
      'hi my name is leo im 6 i go to parkside primary school',
      'my name is isla i live at 3 rowan way and my phone is 07700 900 461',
      'my mums email is jane smith at gmail dot com',
    ]) {
      const once = scrubPersonalData(s);
      expect(scrubPersonalData(once), s).toBe(once);
    }
  });

  it('never finds personal data in a placeholder', () => {
    for (const p of Object.values(PLACEHOLDERS)) {
      expect(findPersonalData(p)).toEqual([]);
      for (const around of [
        `my name is ${p}`,
        `I'm ${p} and I'm ${p}`,
        `call ${p}`,
        `${p} is my best friend`,
        `my teacher is ${p}`,
        `I live at ${p}`,
        `i go to ${p} school`,
      ]) {
        expect(scrubPersonalData(around), around).toBe(around);
      }
    }
  });

  it('runs through 2,000-character adversarial inputs and finds what is there', () => {
    expect(scrubPersonalData('5 '.repeat(1000))).toBe('5 '.repeat(1000)); // too long for a phone
    expect(scrubPersonalData('my name is '.repeat(182))).toBe('my name is '.repeat(182));
    expect(scrubPersonalData('a@'.repeat(1000))).toBe('a@'.repeat(1000));
    expect(scrubPersonalData('a.'.repeat(1000))).toBe('a.'.repeat(1000));
    expect(scrubPersonalData('x'.repeat(2000))).toBe('x'.repeat(2000));
    expect(scrubPersonalData('five '.repeat(400))).toBe('five '.repeat(400));
    expect(scrubPersonalData('my name is Emma. '.repeat(117))).toBe('my name is [name]. '.repeat(117));
    expect(scrubPersonalData('12 oak street '.repeat(142))).toBe('[address] '.repeat(142));
    expect(scrubPersonalData(`${'a'.repeat(1990)}@b.com`)).toBe('[email]');
  });
});

describe('placeholders', () => {
  it('recognises them, loosely, and old "[place]" ones', () => {
    for (const p of Object.values(PLACEHOLDERS)) {
      expect(isPlaceholder(p)).toBe(true);
      expect(containsPlaceholder(`${p}'s Dragon Run`)).toBe(true);
    }
    expect(isPlaceholder(' [Name] ')).toBe(true);
    expect(containsPlaceholder('Hello [ name ]!')).toBe(true);
    expect(containsPlaceholder('I live at [place]')).toBe(true);
    expect(isPlaceholder('[name] and [age]')).toBe(false);
    expect(containsPlaceholder("Max's Crown Quest")).toBe(false);
    expect(containsPlaceholder('[dragon]')).toBe(false);
  });
});

describe('scrubPersonalData: a child wishing to be themselves', () => {
  it('takes a first name after "I want to be", never a story character or a thing', () => {
    expect(scrubPersonalData('I want to be Emma')).toBe('I want to be [name]');
    expect(scrubPersonalData('play as Jacob')).toBe('play as [name]');
    expect(scrubPersonalData('i want to be max')).toBe('i want to be max');
    expect(scrubPersonalData('I want to be a robot')).toBe('I want to be a robot');
    expect(scrubPersonalData("I'll be the gruffalo")).toBe("I'll be the gruffalo");
  });
});
