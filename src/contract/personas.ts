import type { AgentName } from './vocabulary.js';

/** The three agents as the child meets them: a name, a colour and an avatar each. */
export interface Persona {
  agent: AgentName;
  name: string;
  role: string;
  avatar: string;
  colour: string;
}

export const PERSONAS: Record<AgentName, Persona> = {
  story_analyst: {
    agent: 'story_analyst',
    name: 'Owlbert',
    role: 'Story Analyst',
    avatar: '🦉',
    colour: '#6a4bc4',
  },
  game_designer: {
    agent: 'game_designer',
    name: 'Pixie',
    role: 'Game Designer',
    avatar: '🎨',
    colour: '#e0607e',
  },
  code_generator: {
    agent: 'code_generator',
    name: 'Bolt',
    role: 'Code Generator',
    avatar: '🤖',
    colour: '#1f8a70',
  },
};

/** The first thing a child hears. It asks for the book and nothing personal. */
export const GREETING =
  "Hi! I'm Owlbert the Story Analyst. I love books! What book did you read? You can tell me the title.";
