/**
 * The import rules of the house (`npm run depcheck`, part of `npm test`): each folder a layer, each
 * layer importing only the ones below it, the pure scoring core at the bottom, no cycles.
 *
 *   lib ← pipeline ← store, queue ← ingest, workers ← report ← serve, cli
 *
 * Folders on one line are neighbours and do not import each other. eval/, bench/ and demo/ are tools
 * beside the house: they may import any layer (not cli/ or serve/), and only cli/ (their commands),
 * test/ and the other tools import them. bin/ starts cli/; test/ may import anything.
 */
const LAYERS = [['lib'], ['pipeline'], ['store', 'queue'], ['ingest', 'workers'], ['report'], ['serve', 'cli']];
const TOOLS = ['eval', 'bench', 'demo'];

const folders = (names) => `^(${names.join('|')})/`;

/** For each layer: no import of a folder on its own line or above it, nor of the tools. */
const upward = LAYERS.flatMap((line, rank) =>
  line.map((folder) => {
    const above = LAYERS.slice(rank).flat().filter((f) => f !== folder);
    // The `voc serve` and `voc eval|bench|demo` commands start the server and the tools.
    const reach = folder === 'cli' ? above.filter((f) => f !== 'serve') : [...above, ...TOOLS];
    return {
      name: `layer-${folder}`,
      comment: `${folder}/ imports only the layers below it (${LAYERS.slice(0, rank).flat().join(', ') || 'nothing'})`,
      severity: 'error',
      from: { path: folders([folder]) },
      to: { path: folders(reach) },
    };
  }),
).filter((rule) => rule.to.path !== '^()/');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import cycle: split the shared part into the lower layer',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'nothing-imports-cli-or-serve',
      comment: 'cli/ and serve/ are the outer shells: nothing below them imports them',
      severity: 'error',
      from: { pathNot: '^(cli|serve|bin|test)/' },
      to: { path: '^(cli|serve)/' },
    },
    {
      name: 'tools-beside-the-house',
      comment: 'eval/, bench/ and demo/ are tools: only cli/, test/ and the tools themselves import them',
      severity: 'error',
      from: { pathNot: `^(cli|test|${TOOLS.join('|')})/` },
      to: { path: folders(TOOLS) },
    },
    {
      name: 'resolvable',
      comment: 'an import that does not resolve: a missing package, a path that moved, or a deep import a package does not export',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'production-install',
      comment:
        'a devDependency is missing from a production install (npm ci --omit=dev): only test/ imports one; ' +
        'the optional peer scorers are loaded at run time through bench/peers.ts',
      severity: 'error',
      from: { pathNot: '^test/|^vitest[.]config[.]ts$' },
      to: { dependencyTypes: ['npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'tests-stay-in-test',
      comment: 'test/ holds the tests and their fixtures; the software never imports them',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'pure-core',
      comment: 'pipeline/ (the scoring core) and lib/ are pure: no files, network, databases or queues',
      severity: 'error',
      from: { path: '^(lib|pipeline)/' },
      to: {
        path: [
          '^(node:)?(fs|fs/promises|net|http|https|child_process|worker_threads)$',
          '^node_modules/(pg|pg-[^/]+|@electric-sql/pglite|bullmq|ioredis)/',
        ],
      },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js', '.json'],
      conditionNames: ['import', 'require', 'node', 'default'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main'],
    },
  },
};
