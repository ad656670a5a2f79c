import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../../../server/src/check/check';
import { changeMayMatter, discover } from '../../../server/src/model/discovery';
import { DocumentStore, walkOrder } from '../../../server/src/model/documents';
import { NodeFileHost } from '../../../server/src/model/fileHost';

const BLOG = path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'blog');

/** What a check found, comparable between two stores. */
function summary(store: DocumentStore, root: string): string[] {
  const r = check(store, [root], { reuse: false });
  return [
    ...r.deployments.map(
      (d) =>
        `deployment ${path.relative(root, d.deployment.root)}: ${d.deployment.nix.map((n) => path.relative(root, n.path)).join(' ')}`,
    ),
    ...r.findings.map(
      (f) => `${path.relative(root, f.file)}:${f.range.start.line}:${f.range.start.character} ${f.code}`,
    ),
    ...r.skipped.map((s) => `skipped ${path.relative(root, s.file)}: ${s.reason}`),
  ];
}

describe('discovery kept between checks', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-index-'));
    fs.cpSync(BLOG, path.join(dir, 'blog'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds after created, changed and deleted files what a fresh store finds', () => {
    const store = new DocumentStore(new NodeFileHost());
    const before = summary(store, dir);
    assert.ok(
      before.some((l) => l.startsWith('deployment blog/configuration.nix')),
      before.join('\n'),
    );

    // A second host appears file by file, an unrelated module comes and goes, the env file changes.
    const second = path.join(dir, 'second');
    fs.cpSync(path.join(dir, 'blog'), second, { recursive: true });
    for (const f of fs.readdirSync(second, { recursive: true, encoding: 'utf8' })) {
      const full = path.join(second, f);
      if (fs.statSync(full).isFile()) store.fileCreated(full);
    }
    const unrelated = path.join(dir, 'blog', 'users.nix');
    fs.writeFileSync(unrelated, '{ ... }: { users.users.alice.isNormalUser = true; }\n');
    store.fileCreated(unrelated);
    const conf = path.join(dir, 'blog', 'snikket', 'snikket.conf');
    fs.writeFileSync(
      conf,
      fs.readFileSync(conf, 'utf8').replace(/SNIKKET_DOMAIN=.*/, 'SNIKKET_DOMAIN=chat.example.org'),
    );
    store.invalidate(conf);
    fs.rmSync(path.join(second, 'nginx.nix'));
    store.fileDeleted(path.join(second, 'nginx.nix'));

    const after = summary(store, dir);
    assert.deepEqual(after, summary(new DocumentStore(new NodeFileHost()), dir));
    assert.ok(
      after.some((l) => l.startsWith('deployment second/configuration.nix')),
      after.join('\n'),
    );
  });

  it('a module no deployment can hold changes nothing; one that imports or names Snikket may', () => {
    const store = new DocumentStore(new NodeFileHost());
    discover(store, [dir]);
    const unrelated = path.join(dir, 'blog', 'users.nix');
    fs.writeFileSync(unrelated, '{ ... }: { users.users.alice.isNormalUser = true; }\n');
    store.fileCreated(unrelated);
    assert.equal(changeMayMatter(store, [dir], [unrelated]), false);
    fs.writeFileSync(unrelated, '{ ... }: { imports = [ ./snikket.nix ]; }\n');
    store.invalidate(unrelated);
    assert.equal(changeMayMatter(store, [dir], [unrelated]), true);
    // It was a candidate until now: what it imported is gone from the graph.
    fs.writeFileSync(unrelated, '{ ... }: { users.users.alice.isNormalUser = true; }\n');
    store.invalidate(unrelated);
    assert.equal(changeMayMatter(store, [dir], [unrelated]), true);
    const config = path.join(dir, 'blog', 'configuration.nix');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('imports = [', 'imports = [ ./users.nix'));
    store.invalidate(config);
    assert.equal(changeMayMatter(store, [dir], [config]), true);
    assert.equal(changeMayMatter(store, [dir], [unrelated]), true, 'now imported by a module');
  });

  it('a file created where a walk does not go (node_modules, a link out of the root) is not taken', () => {
    const store = new DocumentStore(new NodeFileHost());
    const before = summary(store, dir);
    const hidden = path.join(dir, 'node_modules', 'pkg');
    fs.cpSync(path.join(dir, 'blog'), hidden, { recursive: true });
    for (const f of fs.readdirSync(hidden, { recursive: true, encoding: 'utf8' }))
      store.fileCreated(path.join(hidden, f));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'snikket-outside-'));
    try {
      fs.cpSync(path.join(dir, 'blog'), outside, { recursive: true });
      fs.symlinkSync(outside, path.join(dir, 'linked'));
      for (const f of fs.readdirSync(outside, { recursive: true, encoding: 'utf8' }))
        store.fileCreated(path.join(dir, 'linked', f));
      assert.deepEqual(summary(store, dir), before);
      assert.deepEqual(
        summary(new DocumentStore(new NodeFileHost()), dir).filter((l) => !l.startsWith('skipped')),
        before,
      );
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('orders files as a walk that sorts each folder by name does', () => {
    const files = ['/r/a-b/x.nix', '/r/a/y.nix', '/r/a.nix', '/r/a/b/z.nix'];
    assert.deepEqual([...files].sort(walkOrder), ['/r/a/b/z.nix', '/r/a/y.nix', '/r/a-b/x.nix', '/r/a.nix']);
  });
});
