// Boundaries of the code base, checked by `npm run deps:check` (scripts/deps-check.mjs), which
// also folds the file graph into the folder graph and fails on any cycle between folders.
// Layers, bottom up: db → kernel → modules → server → cli. See docs/architecture.md.

/** Tests and what only tests use: they may reach further than production code. */
const TEST_SUPPORT = '(\\.(test|e2e|isolation|testkit)\\.ts$|\\.child\\.ts$|^src/test/)';

module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment:
        "Other folders use a module only through its front door (src/modules/<name>/index.ts). Tests may also use a module's *.testkit.ts and *.isolation.ts.",
      severity: 'error',
      from: { path: '^(src|bench|scripts)/', pathNot: ['^src/modules/', '^src/cli/', TEST_SUPPORT] },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'module-internals-from-cli',
      comment:
        "The CLI uses a module through its front door, or registers the module's commands through its *.cli.ts, which loads at every `skit` start and so imports its services only when a command runs (ADR 0018).",
      severity: 'error',
      from: { path: '^src/cli/', pathNot: TEST_SUPPORT },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/[^/]+/(index|[^/]+\\.cli)\\.ts$'] },
    },
    {
      name: 'module-internals-from-tests',
      comment: 'Tests outside a module use it through its front door, its testkit or its isolation fixture.',
      severity: 'error',
      from: { path: ['^e2e/', TEST_SUPPORT], pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/[^/]+/(index|[^/]+\\.testkit|[^/]+\\.isolation)\\.ts$'] },
    },
    {
      name: 'module-internals-between-modules',
      comment: 'A module uses another module only through its front door.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/', pathNot: TEST_SUPPORT },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'test-internals-between-modules',
      comment: "A module's tests use another module through its front door, its testkit or its isolation fixture.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/.*' + TEST_SUPPORT },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/(index|[^/]+\\.testkit|[^/]+\\.isolation)\\.ts$'] },
    },
    {
      name: 'own-front-door',
      comment: "A module's own files import each other directly, never their own index.ts (it would make a cycle).",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/$1/index\\.ts$' },
    },
    {
      name: 'db-is-the-bottom',
      comment: 'src/db (connection, migrations, table types, portal scope) imports nothing else of ours.',
      severity: 'error',
      from: { path: '^src/db/', pathNot: TEST_SUPPORT },
      to: { path: '^src/(?!db/)' },
    },
    {
      name: 'kernel-imports-no-module',
      comment: 'src/kernel is what modules stand on: it imports src/db and nothing above it.',
      severity: 'error',
      from: { path: '^src/kernel/', pathNot: TEST_SUPPORT },
      to: { path: '^src/(modules|server|cli|test)/' },
    },
    {
      name: 'modules-not-up',
      comment: 'Modules never import the app assembly (src/server) or the CLI.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: TEST_SUPPORT },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'server-not-cli',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Production code never imports tests, fixtures or testkits.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_SUPPORT },
      to: { path: TEST_SUPPORT },
    },
    {
      name: 'web-imports-no-server-code',
      comment: 'The web app talks to the server over HTTP only; its API types are generated from the OpenAPI document.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|e2e|bench|scripts)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
