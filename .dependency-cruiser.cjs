// The layer rule of ARCHITECTURE.md ("Layers"), checked by `npm run lint:deps`: each server layer
// imports only the rows before it (or its own row); api/ holds the plain protocol types, the one
// server module the client may import. swc parses the TypeScript sources (type-only imports
// included) without the compiler API, which TypeScript 7 does not ship.
const LAYERS = [
  ['text'],
  ['syntax'],
  ['compose2nix'],
  ['model'],
  ['rules'],
  ['check', 'confine', 'fixes'],
  ['features'],
  // The language server is started by the CLI's `lsp` command, so cli/ sits above lsp/.
  ['lsp'],
  ['cli'],
];
const API_USERS = ['features', 'lsp', 'cli'];
const dir = (names) => `^server/src/(${names.join('|')})/`;

const upward = LAYERS.slice(0, -1).map((row, rank) => ({
  name: `${row.join('-')}-imports-upward`,
  comment: `${row.join(', ')} may import only ${LAYERS.slice(0, rank).flat().join(', ') || 'node and libraries'}`,
  severity: 'error',
  from: { path: dir(row) },
  to: { path: dir(LAYERS.slice(rank + 1).flat()) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'unknown-layer',
      comment: 'every server folder is a layer: add a new one to this file and to ARCHITECTURE.md',
      severity: 'error',
      from: { path: '^server/src/', pathNot: [dir(['api', ...LAYERS.flat()]), '^server/src/[^/]+$'] },
      to: {},
    },
    {
      name: 'api-users',
      comment: `only ${API_USERS.join(', ')} and the client import api/`,
      severity: 'error',
      from: { path: '^server/src/', pathNot: dir(['api', ...API_USERS]) },
      to: { path: dir(['api']) },
    },
    {
      name: 'api-is-leaf',
      comment: 'api/ holds plain types and imports nothing from the server',
      severity: 'error',
      from: { path: dir(['api']) },
      to: { path: '^server/src/', pathNot: dir(['api']) },
    },
    {
      name: 'client-uses-api-only',
      comment: 'client/ imports only server/src/api/ from the server',
      severity: 'error',
      from: { path: '^client/src/' },
      to: { path: '^server/src/', pathNot: dir(['api']) },
    },
    {
      name: 'server-never-imports-client',
      severity: 'error',
      from: { path: '^server/src/' },
      to: { path: '^client/' },
    },
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
