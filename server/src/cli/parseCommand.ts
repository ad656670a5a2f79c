/** `snikket-nixos parse [--format text|json] FILE...`: reports the Nix syntax errors of files. */
import { readFile, stat } from 'node:fs/promises';
import { MAX_FILE_BYTES } from '../model/fileHost';
import { parseNix } from '../syntax/nix/parser';
import { LineIndex } from '../text/lineIndex';

export interface ParseCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

interface JsonError {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

const USAGE = 'usage: snikket-nixos parse [--format text|json] FILE...';

/** Exit code: 0 all files parsed, 1 a syntax error somewhere, 2 a file unreadable or bad usage. */
export async function parseCommand(args: string[], io: ParseCommandIo): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const files: string[] = [];
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!onlyFiles && a === '--') onlyFiles = true;
    else if (!onlyFiles && (a === '--format' || a.startsWith('--format='))) {
      const v = a === '--format' ? args[++i] : a.slice('--format='.length);
      if (v !== 'text' && v !== 'json') {
        io.stderr(`snikket-nixos parse: --format must be text or json\n${USAGE}\n`);
        return 2;
      }
      format = v;
    } else if (!onlyFiles && (a === '-h' || a === '--help')) {
      io.stdout(USAGE + '\n');
      return 0;
    } else if (!onlyFiles && a.startsWith('-') && a !== '-') {
      io.stderr(`snikket-nixos parse: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    io.stderr(`snikket-nixos parse: no file given\n${USAGE}\n`);
    return 2;
  }
  let anyError = false;
  let unreadable = false;
  const json: { file: string; ok: boolean; errors: JsonError[] }[] = [];
  for (const file of files) {
    let text: string;
    try {
      // A FIFO would block and /dev/zero never ends: only regular files of a sane size are read.
      const st = await stat(file);
      if (!st.isFile()) {
        io.stderr(`${file}: not a regular file, not read\n`);
        unreadable = true;
        continue;
      }
      if (st.size > MAX_FILE_BYTES) {
        io.stderr(`${file}: too large (${st.size} bytes; the limit is ${MAX_FILE_BYTES}), not read\n`);
        unreadable = true;
        continue;
      }
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.stderr(`${file}: cannot read file${code !== undefined ? ` (${code})` : ''}\n`);
      unreadable = true;
      continue;
    }
    const result = parseNix(text);
    const idx = new LineIndex(text);
    const errors: JsonError[] = result.errors.map((e) => {
      const s = idx.position(e.start);
      const t = idx.position(e.end);
      return { line: s.line + 1, column: s.character + 1, endLine: t.line + 1, endColumn: t.character + 1, message: e.message };
    });
    if (errors.length > 0) anyError = true;
    if (format === 'json') json.push({ file, ok: errors.length === 0, errors });
    else if (errors.length === 0) io.stdout(`${file}: ok\n`);
    else for (const e of errors) io.stdout(`${file}:${e.line}:${e.column}: ${e.message}\n`);
  }
  if (format === 'json') io.stdout(JSON.stringify({ files: json }) + '\n');
  return unreadable ? 2 : anyError ? 1 : 0;
}
