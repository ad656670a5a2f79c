/** `snikket-nixos <command>`: the command-line entry point. */
// Commands are required when run, not imported: `parse` must not load the checker's modules.
import type { Io } from './io';
import { processIo } from './io';
import { syncIo } from './syncOutput';

const USAGE = `Usage: snikket-nixos <command> [options]

Commands:
  check [PATH...] [--format text|json|sarif] [--fix [--dry-run] [--diff]] [--ignore CODE,...]
        [--max-files N] [--max-bytes N]
                     check the Snikket deployments under PATH (default: .); --fix applies
                     the preferred fixes and lists them per file, --diff shows them as a
                     unified diff, --dry-run writes nothing; the walk of each PATH stops
                     after N folder entries (200000) or N bytes of candidate files
                     (268435456) and says so
  parse [--format text|json] FILE...
                     parse Nix files and print their syntax errors
  lsp [--stdio | --node-ipc]
                     run the language server
  help               show this text
`;

export async function main(argv: string[], given?: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'parse') {
    // Called once per file by editors and hooks: plain synchronous writes, no stream set up.
    const { parseCommand } = require('./parseCommand') as typeof import('./parseCommand');
    return parseCommand(rest, given ?? syncIo(), { ownProcess: given === undefined });
  }
  const io = given ?? processIo();
  switch (command) {
    case 'check': {
      // The check keeps only the modules later deployments read (a live heap of ≈ 50 MB on 5,000
      // files), but V8's default growth lets garbage reach ≈ 280 MB before it collects: growing the
      // old generation by 30 % a time holds the peak near 190 MB for the same CPU (measured).
      require('node:v8').setFlagsFromString('--heap-growing-percent=30');
      const { checkCommand } = require('./checkCommand') as typeof import('./checkCommand');
      return checkCommand(rest, io);
    }
    case 'lsp': {
      // vscode-languageserver picks its transport from the arguments and throws without one.
      if (
        !rest.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))
      ) {
        io.stderr(`snikket-nixos lsp: say how to talk to the client (--stdio or --node-ipc)\n\n${USAGE}`);
        return 2;
      }
      const { startServer } = require('../lsp/serverMain') as typeof import('../lsp/serverMain');
      startServer();
      // The connection keeps the process alive; the server exits when its client asks.
      return new Promise<number>(() => undefined);
    }
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return 0;
    case undefined:
      io.stderr(USAGE);
      return 2;
    default:
      io.stderr(`snikket-nixos: unknown command '${command}' (try 'snikket-nixos help')\n`);
      return 2;
  }
}
