/**
 * The `$VAR` / `${VAR...}` substitution Docker Compose applies to unquoted and double-quoted
 * env-file values (compose-go dotenv/godotenv.go expandVariables → template.Substitute).
 *
 * Compose looks names up in the process environment first and then in the entries read so far.
 * The process environment is unknowable here, so only earlier entries are used; references we
 * cannot resolve stay in the value verbatim and are reported, so callers never mistake a guess
 * for the value the container gets.
 */

export interface Interpolated {
  value: string;
  /** Names referenced but not defined earlier in the file (Compose would take them from its own environment, or use ""). */
  unresolved: string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(raw: string, lookup: (name: string) => string | undefined): Interpolated {
  const unresolved: string[] = [];
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === '$') {
      // `$$` is Compose's escape for a literal dollar.
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = raw.indexOf('}', i + 2);
      if (close < 0) {
        // Compose leaves an unclosed `${` as it is; stopping here also keeps this linear.
        out += raw.slice(i);
        break;
      }
      const body = raw.slice(i + 2, close);
      const m = NAME.exec(body);
      if (!m) {
        out += raw.slice(i, close + 1);
        i = close + 1;
        continue;
      }
      const name = m[0];
      const rest = body.slice(name.length);
      const known = lookup(name);
      const op = /^(:?[-?+])/.exec(rest)?.[1];
      const arg = op ? rest.slice(op.length) : '';
      if (rest !== '' && !op) {
        // Not a form Compose understands; leave it alone.
        out += raw.slice(i, close + 1);
      } else if (op === ':-' || op === '-') {
        const useDefault = known === undefined || (op === ':-' && known === '');
        if (known === undefined) unresolved.push(name);
        out += useDefault ? (known === undefined ? raw.slice(i, close + 1) : arg) : known;
      } else if (op === ':+' || op === '+') {
        if (known === undefined) {
          unresolved.push(name);
          out += raw.slice(i, close + 1);
        } else out += op === ':+' && known === '' ? '' : arg;
      } else if (known === undefined) {
        unresolved.push(name);
        out += raw.slice(i, close + 1);
      } else out += known;
      i = close + 1;
      continue;
    }
    const m = NAME.exec(raw.slice(i + 1, i + 1 + 256));
    if (!m) {
      out += '$';
      i++;
      continue;
    }
    const known = lookup(m[0]);
    if (known === undefined) {
      unresolved.push(m[0]);
      out += '$' + m[0];
    } else out += known;
    i += 1 + m[0].length;
  }
  return { value: out, unresolved };
}
