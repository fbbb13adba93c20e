import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No function in src/ runs over 100 lines (the house style aims at ~80): a function that long
 * holds several decisions a reader has to keep in mind at once, and is split into named steps.
 *
 * Every function declaration, method, constructor, accessor, function expression and arrow
 * function with a block body is measured with the TypeScript parser, from the line of its
 * opening brace to the line of its closing one. A nested function counts inside its parent too:
 * a 300-line factory is long however it is cut inside. An arrow with an expression body (a data
 * table returned by `() => ({...})`) is measured the same way as a block.
 *
 * ALLOWED names pure data tables only (file and function, with why); none is expected.
 * KNOWN are long functions in files other helpers own, reported to them: they are left out of the
 * check (and listed as todos) until split; a new long function anywhere fails.
 */

const MAX_LINES = 100;
const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'src');

const ALLOWED: ReadonlyArray<readonly [file: string, name: string, why: string]> = [];

const KNOWN: ReadonlyArray<readonly [file: string, name: string]> = [
  ['src/agents/model/chat.ts', 'streamChat'],
  ['src/agents/model/model-brain.ts', 'createModelBrain'],
  ['src/bootstrap.ts', 'bootstrap'],
  ['src/cache/cached-repository.ts', 'createCachedRepository'],
  ['src/jobs/queue.ts', 'createQueueJobs'],
  ['src/playtest/bots.ts', 'makeBot'],
  ['src/playtest/field.ts', 'planField'],
  ['src/runtime/logic/maze.ts', 'createMaze'],
  ['src/runtime/logic/platformer.ts', 'createPlatformer'],
  ['src/runtime/view/title-screen.ts', 'constructor'],
  ['src/safety/detect-names.ts', 'findNames'],
  ['src/server/app.ts', 'buildApp'],
  ['src/server/routes/games.ts', 'gamesRoutes'],
  ['src/server/routes/sessions.ts', 'sessionRoutes'],
  ['src/store/drizzle-repository.ts', 'usageFigures'],
  ['src/store/drizzle-repository.ts', 'createDrizzleRepository'],
  ['src/store/session-memo.ts', 'memoSessions'],
  ['src/store/worker-repository.ts', 'startWorkerRepository'],
  ['src/web/chat-view.ts', 'createChatView'],
  ['src/web/composer.ts', 'createComposer'],
  ['src/web/conversation.ts', 'createConversation'],
  ['src/web/game-panel.ts', 'createGamePanel'],
];

interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** A readable name for a function node: its own, or the variable, property or class member holding it. */
function nameOf(node: ts.Node, file: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(file);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return parent.name.getText(file);
  }
  if (ts.isCallExpression(parent)) return `(argument of ${parent.expression.getText(file).slice(0, 40)})`;
  return '(anonymous)';
}

function bodyOf(node: ts.Node): ts.Node | undefined {
  if (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node)
  ) {
    return node.body;
  }
  return undefined;
}

/** The functions of one file's text longer than `max` lines. */
function longFunctions(fileName: string, text: string, max = MAX_LINES): LongFunction[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node) => {
    const body = bodyOf(node);
    if (body) {
      const first = file.getLineAndCharacterOfPosition(body.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(body.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ file: fileName, line: first + 1, name: nameOf(node, file), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('function length', () => {
  it('measures block bodies, nested ones too, and arrows', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  const a${i} = ${i};`).join('\n');
    const text = [
      `function short() {\n${body(10)}\n}`,
      `export function long() {\n${body(120)}\n}`,
      `const outer = () => {\n  const inner = function () {\n${body(101)}\n  };\n  return inner;\n};`,
      `class C {\n  method() {\n${body(97)}\n  }\n}`,
    ].join('\n');
    const found = longFunctions('x.ts', text).map((f) => `${f.name}:${f.lines}`);
    expect(found).toEqual(['long:122', 'outer:106', 'inner:103']);
  });

  it(`no function in src/ is over ${MAX_LINES} lines (data tables aside)`, () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const allowed = new Set([...ALLOWED, ...KNOWN].map(([file, name]) => `${file} ${name}`));
    const offenders = files
      .flatMap((path) => longFunctions(relative(ROOT, path), readFileSync(path, 'utf8')))
      .filter((f) => !allowed.has(`${f.file} ${f.name}`))
      .map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(offenders).toEqual([]);
  });

  for (const [file, name] of KNOWN)
    it.todo(`${file}: ${name} is split into functions of ≤ ${MAX_LINES} lines`);
});
