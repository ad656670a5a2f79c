/** `snikket-nixos parse [--format text|json] FILE...`: reports the Nix syntax errors of files. */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { MAX_FILE_BYTES } from '../model/fileHost';
import { parseNix } from '../syntax/nix/parser';
import type { NixSyntaxError } from '../syntax/nix/tree';
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

export interface ParseCommandOptions {
  /** The process runs this command alone (the CLI): V8 may be tuned for a short process. */
  ownProcess?: boolean;
}

/**
 * Text read after which a process of its own tells V8 not to inline: most of a parse process runs
 * before the optimizing compiler's code arrives, and without inlining it arrives sooner (≈ 15 %
 * less CPU over 3,500 files). Loading `node:v8` costs ≈ 4 ms: a call on a few small files, where
 * nothing is optimized, does not pay it.
 */
const NO_INLINING_AFTER = 64 * 1024;

/** Exit code: 0 all files parsed, 1 a syntax error somewhere, 2 a file unreadable or bad usage. */
export async function parseCommand(
  args: string[],
  io: ParseCommandIo,
  options: ParseCommandOptions = {},
): Promise<number> {
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
  // Output is collected and written in large pieces: one write per file costs more than a small parse.
  const out = new OutputBuffer(io.stdout);
  let bytes = 0;
  let tuned = options.ownProcess !== true;
  for (const file of files) {
    const read = readRegularFile(file);
    if (typeof read !== 'string') {
      out.flush();
      io.stderr(`${file}: ${read.reason}\n`);
      unreadable = true;
      continue;
    }
    const text = read;
    bytes += text.length;
    if (!tuned && bytes > NO_INLINING_AFTER) {
      tuned = true;
      require('node:v8').setFlagsFromString('--no-turbo-inlining');
    }
    const result = parseNix(text);
    const errors: JsonError[] = result.errors.length === 0 ? [] : positions(text, result.errors);
    if (errors.length > 0) anyError = true;
    if (format === 'json') json.push({ file, ok: errors.length === 0, errors });
    else if (errors.length === 0) out.write(`${file}: ok\n`);
    else for (const e of errors) out.write(`${file}:${e.line}:${e.column}: ${e.message}\n`);
  }
  if (format === 'json') out.write(JSON.stringify({ files: json }) + '\n');
  out.flush();
  return unreadable ? 2 : anyError ? 1 : 0;
}

/**
 * The text of a regular file of a sane size, or why it is not read. One open per file and the
 * checks on that descriptor: a path looked up once, and no other process can swap the file
 * between the check and the read. Synchronous: an awaited read per file cost more than the parse.
 */
export function readRegularFile(file: string): string | { reason: string } {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Windows refuses to open a folder: it is not a regular file there either.
    if (code === 'EISDIR') return { reason: 'not a regular file, not read' };
    return { reason: `cannot read file${code !== undefined ? ` (${code})` : ''}` };
  }
  try {
    // A FIFO would block and /dev/zero never ends: only regular files of a sane size are read.
    const st = fstatSync(fd);
    if (!st.isFile()) return { reason: 'not a regular file, not read' };
    if (st.size > MAX_FILE_BYTES)
      return { reason: `too large (${st.size} bytes; the limit is ${MAX_FILE_BYTES}), not read` };
    return readFileSync(fd, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { reason: `cannot read file${code !== undefined ? ` (${code})` : ''}` };
  } finally {
    closeSync(fd);
  }
}

/** One-based lines and columns of the errors (the line index is built only for a file with errors). */
function positions(text: string, errs: readonly NixSyntaxError[]): JsonError[] {
  const idx = new LineIndex(text);
  return errs.map((e) => {
    const s = idx.position(e.start);
    const t = idx.position(e.end);
    return {
      line: s.line + 1,
      column: s.character + 1,
      endLine: t.line + 1,
      endColumn: t.character + 1,
      message: e.message,
    };
  });
}

class OutputBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly sink: (s: string) => void) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.sink(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
