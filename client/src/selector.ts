/** The documents the Snikket server looks at, and the files it watches on disk. */
const COMPOSE_GLOB = '**/{docker-,}compose*.{yml,yaml}';

/** Usable both as a vscode DocumentSelector and as an LSP one. */
export const DOCUMENT_SELECTOR: { scheme: string; language: string; pattern?: string }[] = [
  { scheme: 'file', language: 'nix' },
  { scheme: 'file', language: 'snikket-conf' },
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'file', language: 'yaml', pattern: COMPOSE_GLOB },
  { scheme: 'file', language: 'shellscript' },
];

/** Watched so the server sees files that are not open change (`workspace/didChangeWatchedFiles`). */
export const WATCH_GLOBS = ['**/*.nix', '**/*.conf', COMPOSE_GLOB, '**/*.sh'];
