/**
 * Suppression comments, as users of linters expect them: `# snikket-nixos-ignore CODE` on the line
 * before a finding, `# snikket-nixos-ignore-file CODE` among a file's first comment lines. Every
 * file the checker reads (Nix, snikket.conf, shell, YAML) writes comments with `#`. A suppression
 * that silences nothing is reported, so stale ones do not hide the next real problem.
 */
import type { Finding, TextEdit } from '../model/findings';
import { lex } from '../syntax/nix/lexer';
import { LineIndex } from '../text/lineIndex';

const LINE_DIRECTIVE = 'snikket-nixos-ignore';
const FILE_DIRECTIVE = 'snikket-nixos-ignore-file';
export const UNUSED_CODE = 'unused-suppression';

export interface Suppression {
  file: string;
  scope: 'line' | 'file';
  /** 0-based line of the comment. */
  line: number;
  /** Whether a file directive stands in the file's leading comment block, where it applies. */
  atTop: boolean;
  codes: { code: string; start: number; end: number }[];
}

const DIRECTIVE = /^([ \t]*#[ \t]*)(snikket-nixos-ignore(?:-file)?)(?=[ \t]|$)/;

/** The directives of a file: only comment lines (a `#` after code is not read). */
function readSuppressions(file: string, text: string): Suppression[] {
  if (!text.includes(LINE_DIRECTIVE)) return [];
  const out: Suppression[] = [];
  let top = true;
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const m = DIRECTIVE.exec(line);
    if (m) {
      const codes: Suppression['codes'] = [];
      const re = /[^\s,]+/g;
      const rest = m[0].length;
      re.lastIndex = rest;
      for (let t = re.exec(line); t; t = re.exec(line)) {
        // Codes come first; anything after the first non-code word (or a code ending in ':') is the reason.
        const word = t[0].endsWith(':') ? t[0].slice(0, -1) : t[0];
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(word)) break;
        codes.push({ code: word, start: offset + t.index, end: offset + t.index + word.length });
        if (word !== t[0]) break;
      }
      out.push({ file, scope: m[2] === FILE_DIRECTIVE ? 'file' : 'line', line: i, atTop: top, codes });
    } else if (line.trim() !== '' && !line.trimStart().startsWith('#')) top = false;
    offset += lines[i]!.length + 1;
  }
  return out;
}

export interface SuppressionResult {
  kept: Finding[];
  unused: Finding[];
}

/**
 * Drops the findings a suppression covers and reports each code of a suppression that covered
 * nothing. `active` says whether a code's rule ran: a suppression of a rule turned off in the
 * settings cannot be judged unused.
 */
export function applySuppressions(
  findings: Finding[],
  texts: ReadonlyMap<string, string>,
  active: (code: string) => boolean,
  known: (code: string) => boolean,
): SuppressionResult {
  const all: Suppression[] = [];
  for (const [file, text] of texts) all.push(...readSuppressions(file, text));
  if (all.length === 0) return { kept: findings, unused: [] };
  const used = new Set<string>();
  const key = (s: Suppression, code: string) => `${s.file}\0${s.line}\0${code}`;
  const kept = findings.filter((f) => {
    const by = all.find(
      (s) =>
        s.file === f.file &&
        s.codes.some((c) => c.code === f.code) &&
        ((s.scope === 'line' && s.line + 1 === f.range.start.line) || (s.scope === 'file' && s.atTop)),
    );
    if (!by) return true;
    used.add(key(by, f.code));
    return false;
  });
  const unused: Finding[] = [];
  for (const s of all) {
    const lines = new LineIndex(texts.get(s.file)!);
    const directive = s.scope === 'file' ? FILE_DIRECTIVE : LINE_DIRECTIVE;
    if (s.codes.length === 0) {
      const at = lines.offset({ line: s.line, character: 0 });
      unused.push(
        note(
          s.file,
          lines,
          at,
          at +
            texts
              .get(s.file)!
              .slice(at)
              .search(/\r?\n|$/),
          `${directive} names no rule code: write the code after it, as in "# ${directive} compose2nix-stale"`,
        ),
      );
      continue;
    }
    const allUnused = s.codes.every((c) => !used.has(key(s, c.code)));
    for (const c of s.codes) {
      if (used.has(key(s, c.code)) || c.code === UNUSED_CODE) continue;
      let message: string | undefined;
      if (!known(c.code)) message = `${directive} names ${c.code}, which is not a rule code of snikket-nixos`;
      else if (!active(c.code)) continue;
      else if (s.scope === 'file' && !s.atTop)
        message = `${FILE_DIRECTIVE} ${c.code} has no effect here: it applies only among the comment lines at the top of the file`;
      else if (s.scope === 'file')
        message = `${FILE_DIRECTIVE} ${c.code} silences nothing: this file has no ${c.code} finding`;
      else message = `${LINE_DIRECTIVE} ${c.code} silences nothing: the next line has no ${c.code} finding`;
      const text = texts.get(s.file)!;
      unused.push(note(s.file, lines, c.start, c.end, message, removalOf(text, lines, s, c, allUnused)));
    }
  }
  return { kept, unused };
}

function note(
  file: string,
  lines: LineIndex,
  start: number,
  end: number,
  message: string,
  removal?: { start: number; end: number },
): Finding {
  const fixes = removal
    ? [
        {
          title: 'Remove this suppression',
          isPreferred: true,
          edits: [{ file, range: lines.range(removal.start, removal.end), newText: '' }],
        },
      ]
    : [];
  return {
    file,
    range: lines.range(start, end),
    severity: 'information',
    code: UNUSED_CODE,
    message,
    related: [],
    fixes,
  };
}

/** The comment's whole line, or ` CODE`/`, CODE` when the comment names other codes too. */
function removalOf(
  text: string,
  lines: LineIndex,
  s: Suppression,
  c: Suppression['codes'][number],
  allUnused: boolean,
): { start: number; end: number } {
  if (!allUnused) {
    let start = c.start;
    while (start > 0 && /[ \t,]/.test(text[start - 1]!) && text[start - 1] !== '\n') start--;
    // The first code keeps its place: drop the separator after it instead.
    if (s.codes[0] === c) {
      let end = c.end;
      while (end < text.length && /[ \t,]/.test(text[end]!)) end++;
      return { start: c.start, end };
    }
    return { start, end: c.end };
  }
  const start = lines.offset({ line: s.line, character: 0 });
  const nl = text.indexOf('\n', start);
  return { start, end: nl < 0 ? text.length : nl + 1 };
}

/**
 * The edit behind "Ignore CODE on this line": a comment line before the finding's line with the
 * same indentation, or CODE added to the suppression already there. Undefined where a comment
 * cannot go: a Nix line that starts inside a multi-line string (`isCodeLineStart` says so).
 */
export function ignoreLineEdit(
  f: Finding,
  text: string,
  isCodeLineStart: (offset: number) => boolean = () => true,
): TextEdit | undefined {
  const lines = new LineIndex(text);
  const line = f.range.start.line;
  const start = lines.offset({ line, character: 0 });
  if (!isCodeLineStart(start)) return undefined;
  const previous = readSuppressions(f.file, text).find((s) => s.scope === 'line' && s.line === line - 1);
  if (previous && previous.codes.length > 0) {
    if (previous.codes.some((c) => c.code === f.code)) return undefined;
    const last = previous.codes[previous.codes.length - 1]!;
    const range = lines.range(last.end, last.end);
    return { file: f.file, range, newText: `, ${f.code}` };
  }
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { file: f.file, range: lines.range(start, start), newText: `${indent}# ${LINE_DIRECTIVE} ${f.code}${eol}` };
}

/** Whether a Nix line starting at `offset` starts between tokens (a comment there is a comment). */
export function nixLineStartIsCode(text: string, offset: number): boolean {
  for (const t of lex(text).tokens) {
    if (t.end <= offset) continue;
    return t.start === offset || t.kind === 'whitespace' || t.kind === 'comment';
  }
  return true;
}
