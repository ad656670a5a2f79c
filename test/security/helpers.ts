/** Attack trees for the security tests: a repository next to a "victim" folder it must not touch. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BLOG, removeDir } from '../unit/robustness/helpers';

export { runCli } from '../unit/robustness/helpers';

export interface AttackTree {
  base: string;
  /** The repository being checked (a copy of examples/blog). */
  repo: string;
  /** A folder next to it that no check of `repo` may change. */
  victim: string;
  conf: string;
  compose: string;
  dispose(): void;
}

export function attackTree(): AttackTree {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-security-')));
  const repo = path.join(base, 'repo');
  const victim = path.join(base, 'victim');
  fs.cpSync(BLOG, repo, { recursive: true });
  fs.mkdirSync(victim);
  return {
    base,
    repo,
    victim,
    conf: path.join(repo, 'snikket', 'snikket.conf'),
    compose: path.join(repo, 'snikket', 'docker-compose.yml'),
    dispose: () => removeDir(base),
  };
}

/** Every file under a folder (links not followed) with a hash of its bytes and its mode. */
export function checksums(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const st = fs.lstatSync(full);
      if (e.isDirectory()) walk(full);
      else if (e.isSymbolicLink()) out.set(full, `link ${fs.readlinkSync(full)}`);
      else
        out.set(
          full,
          `${createHash('sha256').update(fs.readFileSync(full)).digest('hex')} ${st.mode.toString(8)} ${st.uid}:${st.gid}`,
        );
    }
  };
  walk(dir);
  return out;
}

export function replaceIn(file: string, from: string | RegExp, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${path.basename(file)} should contain ${String(from)}`);
  fs.writeFileSync(file, next);
}

/** A duplicate key at the top of the env file: a fix (remove the earlier line) every run offers. */
export function addDuplicateKey(conf: string): void {
  fs.writeFileSync(conf, 'SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152\n' + fs.readFileSync(conf, 'utf8'));
}
