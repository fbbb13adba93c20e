import type { FakeRequest, ReplyStep } from './server.js';

/**
 * A scripted stand-in for Claude behind the fake server: it reads what our app sent (the tool it
 * offers, the "what we know" summary in the system prompt, the child's last words) and answers the
 * way a well-behaved model would, reply text first and then the tool call. Deterministic, so a
 * whole conversation can be played through the real app, SDK and HTTP.
 */

const YES = /\b(yes|yeah|yep|yup|sure|ok|okay|right|correct)\b/i;
const NO = /\b(no|nope|not)\b/i;

const TYPE_WORDS: Array<[RegExp, string]> = [
  [/catch/i, 'catcher'],
  [/maze/i, 'maze'],
  [/jump|platform/i, 'platformer'],
  [/run/i, 'runner'],
  [/dodg|avoid/i, 'avoider'],
  [/explor|collect/i, 'collector'],
];

/** The app's corrective retry note, appended after the child's words: not the child speaking. */
const RETRY_NOTE = /^\((Nothing came back|You said:)/;

export function lastUser(req: FakeRequest): string {
  for (let i = req.messages.length - 1; i >= 0; i--) {
    const m = req.messages[i];
    if (m?.role === 'user' && !RETRY_NOTE.test(m.text)) {
      // Merged turns: the child's newest words are the last paragraph.
      const parts = m.text.split('\n\n');
      return parts[parts.length - 1] ?? '';
    }
  }
  return '';
}

function summaryJson(system: string, label: string): Record<string, unknown> | null {
  const line = system.split('\n').find((l) => l.startsWith(label));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(label.length).trim());
  } catch {
    return null;
  }
}

function answered(system: string): number {
  const m = system.match(/The child has answered (\d+) times/);
  return m ? Number(m[1]) : 0;
}

const clean = (s: string) =>
  s
    .replace(/^(a|an|the|some|lots of)\s+/i, '')
    .replace(/[.!?]+$/, '')
    .trim();
const titleCase = (s: string) => s.replace(/\b\w/g, (c) => c.toUpperCase());

function storyAnalyst(req: FakeRequest): ReplyStep {
  const tool = 'record_story_turn';
  const said = lastUser(req);
  const sys = req.system;
  const shelfLine = sys.split('\n').find((l) => l.startsWith('Our book shelf suggests: '));
  const shelf = shelfLine
    ?.slice('Our book shelf suggests: '.length)
    .replace(/\.$/, '')
    .split('; ')[0]
    ?.match(/^"(.+)" by (.+)$/);
  if (sys.includes('Book: not known yet.')) {
    if (shelf) {
      const [, title = '', author = ''] = shelf;
      return {
        kind: 'reply',
        text: `Ooh! Is that ${title} by ${author}?`,
        tool: { name: tool, input: { book: { title, author } } },
      };
    }
    return {
      kind: 'reply',
      text: "I don't know that one yet. Can you tell me a little about it?",
      tool: { name: tool, input: { book: { title: titleCase(clean(said)).slice(0, 100) } } },
    };
  }
  if (sys.includes('(not confirmed yet)')) {
    if (NO.test(said) && !YES.test(said)) {
      return {
        kind: 'reply',
        text: 'Oops! What is the title again?',
        tool: { name: tool, input: { clearBook: true } },
      };
    }
    return {
      kind: 'reply',
      text: 'Hooray, I love that book! Who was your favourite character?',
      tool: { name: tool, input: { bookConfirmed: true } },
    };
  }
  const n = answered(sys);
  if (n === 0)
    return {
      kind: 'reply',
      text: 'Great choice! Where does the story happen?',
      tool: { name: tool, input: {} },
    };
  if (n === 1)
    return {
      kind: 'reply',
      text: 'What a place! Was there any trouble in the story?',
      tool: { name: tool, input: {} },
    };
  const children = req.messages.filter((m) => m.role === 'user').map((m) => m.text);
  const favourite = clean(children[children.length - 3] ?? 'the hero').slice(0, 40) || 'the hero';
  return {
    kind: 'reply',
    text: 'Thank you! That was a wonderful story to talk about.',
    tool: {
      name: tool,
      input: {
        analysis: {
          characters: [{ name: favourite }],
          setting: clean(children[children.length - 2] ?? 'a storybook world').slice(0, 80),
          themes: ['friendship'],
          storyObjects: [{ name: 'star', emoji: '⭐' }],
          antagonist: { name: clean(said).slice(0, 40) || 'trouble' },
          favouriteCharacter: favourite,
        },
      },
    },
  };
}

function gameDesigner(req: FakeRequest): ReplyStep {
  const tool = 'record_design_turn';
  const said = lastUser(req);
  const design = (summaryJson(req.system, 'Game design so far:') ?? {}) as Record<string, unknown>;
  const handover = said.startsWith('(');
  if (handover) {
    return {
      kind: 'reply',
      text: "Hi, I'm Pixie! What kind of game would you like to play? A platform game, a maze or a runner?",
      tool: { name: tool, input: {} },
    };
  }
  const hero = (design.hero as { name?: string } | undefined)?.name ?? 'the hero';
  if (!design.gameType) {
    const gameType = TYPE_WORDS.find(([re]) => re.test(said))?.[1] ?? 'collector';
    return {
      kind: 'reply',
      text: 'Fun! Who do you want to play as?',
      tool: { name: tool, input: { design: { gameType } } },
    };
  }
  if (!design.hero) {
    const name = clean(said).slice(0, 40);
    return {
      kind: 'reply',
      text: `Yay, ${name}! What should ${name} collect?`,
      tool: { name: tool, input: { design: { hero: { name } } } },
    };
  }
  if (!design.collectibles) {
    return {
      kind: 'reply',
      text: `Yummy! What should ${hero} avoid?`,
      tool: { name: tool, input: { design: { collectibles: [{ name: clean(said).slice(0, 40) }] } } },
    };
  }
  if (!design.hazards) {
    const avoid = clean(said).slice(0, 40);
    const collect = (design.collectibles as Array<{ name: string }>)[0]?.name ?? 'stars';
    return {
      kind: 'reply',
      text: `A ${String(design.gameType)} game where ${hero} collects ${collect} and avoids ${avoid}. Shall I build it?`,
      tool: { name: tool, input: { design: { hazards: [{ name: avoid }] } } },
    };
  }
  if (YES.test(said)) {
    return {
      kind: 'reply',
      text: 'Hooray! Bolt will build it right now.',
      tool: { name: tool, input: { readyToBuild: true } },
    };
  }
  return { kind: 'reply', text: 'What would you like to change?', tool: { name: tool, input: {} } };
}

function codeGenerator(req: FakeRequest): ReplyStep {
  const design = (summaryJson(req.system, 'Game design so far:') ?? {}) as {
    gameType?: string;
    hero?: { name?: string };
    collectibles?: Array<{ name?: string }>;
    hazards?: Array<{ name?: string }>;
  };
  const book = req.system.match(/Book: "([^"]+)"/)?.[1] ?? 'My Story';
  const hero = design.hero?.name ?? 'Hero';
  return {
    kind: 'reply',
    text: `Beep boop! I'm building ${hero}'s game now. It's going to be amazing!`,
    tool: {
      name: 'build_game',
      input: {
        version: 1,
        type: design.gameType ?? 'collector',
        title: `${hero}'s Big Adventure`.slice(0, 60),
        book: { title: book },
        setting: {
          name: 'Storyland',
          night: false,
          palette: { sky: '#88ccff', ground: '#55aa55', accent: '#ffcc00' },
        },
        hero: { name: hero, emoji: '🐉', speed: 1, jump: 1 },
        collectibles: [
          { name: design.collectibles?.[0]?.name ?? 'star', emoji: '🌮', points: 10, count: 10 },
        ],
        hazards: [
          { name: design.hazards?.[0]?.name ?? 'cloud', emoji: '🌶️', behaviour: 'patrol', speed: 1, count: 3 },
        ],
        powerUps: [],
        goal: GOALS[design.gameType as string] ?? { kind: 'collect-all' },
        lives: 3,
        difficulty: 'easy',
        timeLimit: null,
        lines: { intro: `Help ${hero}!`, win: 'You did it!', lose: 'Try again!' },
      },
    },
  };
}

const GOALS: Record<string, { kind: string; target?: number }> = {
  catcher: { kind: 'score', target: 100 },
  runner: { kind: 'score', target: 150 },
  avoider: { kind: 'survive', target: 60 },
  maze: { kind: 'reach-exit' },
};

/** The default handler: answers as the agent whose tool the request offers. */
export function scriptedAgent(req: FakeRequest): ReplyStep {
  const tool = req.toolNames[0];
  if (tool === 'record_story_turn') return storyAnalyst(req);
  if (tool === 'record_design_turn') return gameDesigner(req);
  if (tool === 'build_game') return codeGenerator(req);
  return { kind: 'reply', text: 'Hello!' };
}
