/**
 * Resolving and invoking compose2nix. No vscode import: unit-tested.
 *
 * Order: the `snikket.compose2nixPath` setting, then `compose2nix` on PATH, then
 * `nix run nixpkgs#compose2nix --`, then `nix-shell -p compose2nix --run "…"`.
 */
import * as path from 'node:path';

export type ToolKind = 'setting' | 'path' | 'nix-run' | 'nix-shell';

export interface ResolvedTool {
  kind: ToolKind;
  /** Executable to spawn (absolute when found on PATH). */
  command: string;
  /** Arguments that come before compose2nix's own arguments. */
  prefix: string[];
  /** How to show it to the user. */
  description: string;
}

export interface ResolveEnv {
  /** The setting's value ('' when unset). */
  setting: string;
  /** Finds an executable by name on PATH (absolute path) or undefined. */
  which: (name: string) => string | undefined;
  /** Whether an explicit path names an executable file. */
  isExecutable: (file: string) => boolean;
  /** Folder a relative setting path is resolved against (the workspace folder). */
  base?: string;
}

export type Resolution = { tool: ResolvedTool } | { error: string };

export function resolveCompose2nix(env: ResolveEnv): Resolution {
  const setting = env.setting.trim();
  if (setting !== '') {
    // A name without a slash is looked up on PATH; a path is used as given (relative to the folder).
    if (!setting.includes('/') && !setting.includes(path.sep)) {
      const found = env.which(setting);
      return found
        ? { tool: { kind: 'setting', command: found, prefix: [], description: `${found} (snikket.compose2nixPath)` } }
        : { error: `snikket.compose2nixPath is "${setting}", but no executable of that name is on PATH.` };
    }
    const file = path.isAbsolute(setting) ? setting : path.resolve(env.base ?? process.cwd(), setting);
    return env.isExecutable(file)
      ? { tool: { kind: 'setting', command: file, prefix: [], description: `${file} (snikket.compose2nixPath)` } }
      : { error: `snikket.compose2nixPath is "${setting}", but ${file} is not an executable file.` };
  }
  const direct = env.which('compose2nix');
  if (direct) return { tool: { kind: 'path', command: direct, prefix: [], description: direct } };
  const nix = env.which('nix');
  if (nix) {
    return {
      tool: {
        kind: 'nix-run',
        command: nix,
        prefix: ['--extra-experimental-features', 'nix-command flakes', 'run', 'nixpkgs#compose2nix', '--'],
        description: 'nix run nixpkgs#compose2nix',
      },
    };
  }
  const nixShell = env.which('nix-shell');
  if (nixShell) {
    return { tool: { kind: 'nix-shell', command: nixShell, prefix: [], description: 'nix-shell -p compose2nix' } };
  }
  return {
    error:
      'compose2nix was not found: it is not on PATH and neither nix nor nix-shell is available. ' +
      'Install compose2nix, or set snikket.compose2nixPath to its executable.',
  };
}

/** The full argument vector (for spawn without a shell): compose2nix args plus `-output <file>`. */
export function buildInvocation(
  tool: ResolvedTool,
  args: readonly string[],
  outputFile: string,
): { command: string; args: string[] } {
  const own = [...stripOutput(args), '-output', outputFile];
  if (tool.kind === 'nix-shell') {
    // nix-shell --run takes one shell command string: quote every word.
    return { command: tool.command, args: ['-p', 'compose2nix', '--run', shellJoin(['compose2nix', ...own])] };
  }
  return { command: tool.command, args: [...tool.prefix, ...own] };
}

/** Removes any `-output X` / `-output=X` from the server's plan: the client chooses the output file. */
export function stripOutput(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-output' || a === '--output') {
      i++;
      continue;
    }
    if (a.startsWith('-output=') || a.startsWith('--output=')) continue;
    out.push(a);
  }
  return out;
}

/** POSIX shell quoting of one word; words made only of safe characters stay bare. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** Searches PATH (a `PATH`-style string) for an executable, with an injected check. */
export function whichIn(
  name: string,
  pathVar: string | undefined,
  isExecutable: (file: string) => boolean,
): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}
