// The layer rules of src/, checked by `npm run check:layers` (and `make check`).
// Why: the page, the grown-ups' page and the game runtime are bundled for the browser, so what
// they import decides what ships to a child's tablet; and folders that import each other back
// cannot be understood or changed one at a time. docs/architecture.md draws the layers.
// Any violation fails: there is no list of known ones to hide behind.

/** Folders of src/ that run in the browser, and the only src/ folders each may import. */
const browser = {
  web: ['web', 'contract'],
  admin: ['admin', 'contract'],
  runtime: ['runtime', 'games'],
};

const onlyFrom = (folder, allowed) => ({
  name: `${folder}-imports-only-${allowed.filter((a) => a !== folder).join('-')}`,
  comment: `src/${folder} runs in the browser and may import from src/ only ${allowed.map((a) => `src/${a}`).join(' and ')}.`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: `^src/(${allowed.join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'Top-level folders of src/ form layers: none imports one that imports it back, directly or around a circle (type imports included).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { path: '^src/[^/]+$', circular: true },
    },
    ...Object.entries(browser).map(([folder, allowed]) => onlyFrom(folder, allowed)),
    {
      name: 'browser-no-node-builtins',
      comment: 'Browser code cannot use Node built-ins (node:crypto, fs …).',
      severity: 'error',
      from: { path: `^src/(${Object.keys(browser).join('|')})/` },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contract-at-the-bottom',
      comment:
        'src/contract is what the server and the page agree on; the page imports it, so it may import only plain text helpers (src/text), never the server.',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { path: '^src/', pathNot: '^src/(contract|text)/' },
    },
    {
      name: 'src-not-to-tests-or-bench',
      comment: 'Shipped code never depends on tests, benchmarks or scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a folder cycle through types still ties the folders together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
