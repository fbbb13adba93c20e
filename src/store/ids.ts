import { randomBytes } from 'node:crypto';

/** Ids for sessions and games: 128 random bits, hex (unguessable: a game link is the family's). */
export const newId = () => randomBytes(16).toString('hex');
