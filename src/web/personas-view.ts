import { PERSONAS, type Persona } from '../contract/personas.js';
import type { AgentName } from '../contract/vocabulary.js';
import { el } from './dom.js';

/** The helpers' names, colours and avatars come from one place, shared with the server. */
export function personaFor(agent: AgentName): Persona {
  return PERSONAS[agent];
}

/** A round avatar in the helper's colour; decorative, since the name is always written beside it. */
export function avatarElement(agent: AgentName, size: 'small' | 'large' = 'small'): HTMLElement {
  const p = personaFor(agent);
  const el = document.createElement('span');
  el.className = `avatar avatar-${size}`;
  el.setAttribute('aria-hidden', 'true');
  el.textContent = p.avatar;
  el.style.setProperty('--persona', p.colour);
  return el;
}

/** "Meet your helpers": the three personas in the header, the one speaking now highlighted. */
export function renderHelpers(list: HTMLElement): (active: AgentName | null) => void {
  const items = new Map<AgentName, HTMLElement>();
  // Not AGENTS from state.ts: that module pulls zod into the page bundle.
  for (const agent of Object.keys(PERSONAS) as AgentName[]) {
    const p = personaFor(agent);
    const li = document.createElement('li');
    li.className = 'helper';
    li.style.setProperty('--persona', p.colour);
    const text = el('span', 'helper-text');
    text.append(el('strong', '', p.name), el('span', 'helper-role', p.role));
    li.append(avatarElement(agent), text);
    list.append(li);
    items.set(agent, li);
  }
  return (active) => {
    for (const [agent, li] of items) li.classList.toggle('is-active', agent === active);
  };
}

/** What each helper will do, for the first look: a newcomer sees the whole journey in one glance. */
const JOBS: Record<AgentName, string> = {
  story_analyst: 'asks about the book you read',
  game_designer: 'plans a game with you',
  code_generator: 'builds it, and you play!',
};

export function renderWelcome(list: HTMLElement): void {
  for (const agent of Object.keys(PERSONAS) as AgentName[]) {
    const p = personaFor(agent);
    const li = document.createElement('li');
    li.style.setProperty('--persona', p.colour);
    const name = document.createElement('strong');
    name.textContent = p.name;
    li.append(avatarElement(agent), name, ` ${JOBS[agent]}`);
    list.append(li);
  }
}
