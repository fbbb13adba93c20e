import { describe, expect, it } from 'vitest';
import { replyProblem } from '../../src/safety/moderate.js';

describe('replyProblem', () => {
  it('stops questions for personal data', () => {
    for (const s of [
      "What's your name?",
      'What is your full name, friend?',
      'How old are you?',
      'Where do you live?',
      'Which school do you go to?',
      'What is your phone number?',
    ]) {
      expect(replyProblem(s), s).toMatch(/personal/);
    }
  });

  it('stops words unsuitable for young children', () => {
    expect(replyProblem('The wolf wanted to kill the pigs.')).toMatch(/"kill"/);
    expect(replyProblem('That is a stupid idea.')).toMatch(/"stupid"/);
  });

  it('lets ordinary book talk through', () => {
    for (const s of [
      'Is that Dragons Love Tacos by Adam Rubin?',
      "Hello! What was your favourite character's name?",
      'Who is the hero? What is the name of the dragon?',
      'The Gruffalo lives in the deep dark wood. Shall I build it?',
      'Where does the story happen?',
      'Hooray! How old is the caterpillar at the end?',
    ]) {
      expect(replyProblem(s), s).toBeNull();
    }
  });
});
