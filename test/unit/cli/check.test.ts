import * as assert from 'node:assert/strict';
import { RULES } from '../../../server/src/rules/registry';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../server/src/cli/main';
import { TestDeployment } from '../../helpers/fixture';

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, color: false });
  return { code, stdout, stderr };
}

describe('snikket-nixos check', () => {
  let d: TestDeployment;
  beforeEach(() => {
    d = TestDeployment.copy('examples/blog');
  });

  it('prints file:line:col severity code message grouped per deployment, exit 1 on errors', async () => {
    const r = await run(['check', '.'], d.dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    assert.equal(
      lines[0],
      'deployment configuration.nix (conf=snikket/snikket.conf compose=snikket/docker-compose.yml generated=snikket/snikket.nix proxy=snikket.nix nginx=nginx.nix script=snikket/copy-certs.sh timer=snikket/copy-certs-job.nix)',
    );
    assert.ok(
      lines.includes(
        "snikket.nix:26:26 error acme-fallback-port acmeFallbackHost of chat.example.com, groups.chat.example.com, share.chat.example.com points at localhost:5443, Snikket's HTTPS port; ACME challenges are plain HTTP and only SNIKKET_TWEAK_HTTP_PORT=5080 answers them, so Snikket cannot obtain or renew its certificate",
      ),
    );
    assert.equal(lines[lines.length - 2], '1 deployment(s), 3 error(s), 6 warning(s), 2 note(s)');
    assert.equal(r.stderr, '');
  });

  it('--format json follows the documented shape with paths relative to the current folder', async () => {
    const r = await run(['check', '--format', 'json', 'snikket.nix', '.'], d.dir);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.deployments[0].root, 'configuration.nix');
    const f = out.diagnostics.find((x: { code: string }) => x.code === 'acme-fallback-port');
    assert.deepEqual(f.range, { start: { line: 25, character: 25 }, end: { line: 25, character: 53 } });
    assert.equal(f.file, 'snikket.nix');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.related[0], {
      file: 'snikket/snikket.conf',
      range: { start: { line: 7, character: 24 }, end: { line: 7, character: 28 } },
      message: 'SNIKKET_TWEAK_HTTP_PORT=5080',
    });
    assert.deepEqual(f.fixes[0].title, 'Add http_port = 5080 and use it');
    assert.deepEqual(f.fixes[0].edits[0], {
      file: 'snikket.nix',
      range: { start: { line: 6, character: 52 }, end: { line: 6, character: 52 } },
      newText: '\n  http_port = 5080; # must match SNIKKET_TWEAK_HTTP_PORT',
    });
  });

  it('--format sarif is SARIF 2.1.0 with rules, 1-based regions and fixes', async () => {
    const r = await run(['check', '--format', 'sarif'], d.dir);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.rules.length, RULES.length);
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'acme-fallback-port');
    assert.equal(res.level, 'error');
    assert.deepEqual(res.locations[0].physicalLocation, {
      artifactLocation: { uri: 'snikket.nix' },
      region: { startLine: 26, startColumn: 26, endLine: 26, endColumn: 54 },
    });
    assert.equal(
      res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text,
      '\n  http_port = 5080; # must match SNIKKET_TWEAK_HTTP_PORT',
    );
  });

  it('--fix applies every preferred fix, reports what remains, and a second run changes nothing', async () => {
    const r = await run(['check', '--fix'], d.dir);
    assert.match(
      r.stdout,
      /^fixed snikket.nix\n  Add http_port = 5080 and use it\n  Set proxyWebsockets = true and proxy_read_timeout 900s\nfixed snikket\/copy-certs-job.nix\n  Run snikket\/copy-certs.sh\nfixed snikket\/copy-certs.sh\n  Copy the folder's contents \("\$SOURCE\/." "\$TARGET\/"\)\ndeployment /,
    );
    assert.doesNotMatch(r.stdout, /acme-fallback-port|timer-script-missing/);
    assert.equal(r.code, 0);
    const snapshot = (dir: string) =>
      fs
        .readdirSync(dir, { recursive: true })
        .map(String)
        .sort()
        .map((f) => [f, fs.statSync(path.join(dir, f)).isFile() ? fs.readFileSync(path.join(dir, f), 'utf8') : '']);
    const before = snapshot(d.dir);
    const again = await run(['check', '--fix'], d.dir);
    assert.doesNotMatch(again.stdout, /^fixed/m);
    assert.deepEqual(snapshot(d.dir), before);
    // The script stays executable after an atomic rewrite elsewhere.
    assert.ok(fs.statSync(d.path('snikket/copy-certs.sh')).mode & 0o100);
  });

  it('--fix --dry-run --diff prints the unified diff of every fix and writes nothing', async () => {
    const snapshot = () =>
      fs
        .readdirSync(d.dir, { recursive: true })
        .map(String)
        .sort()
        .map((f) => [f, fs.statSync(d.path(f)).isFile() ? fs.readFileSync(d.path(f), 'utf8') : '']);
    const before = snapshot();
    const r = await run(['check', '--fix', '--dry-run', '--diff'], d.dir);
    assert.deepEqual(snapshot(), before);
    assert.equal(r.code, 0, 'the report is of the fixed text');
    assert.match(
      r.stdout,
      /^would fix snikket.nix\n  Add http_port = 5080 and use it\n  Set proxyWebsockets = true and proxy_read_timeout 900s\nwould fix snikket\/copy-certs-job.nix\n  Run snikket\/copy-certs.sh\nwould fix snikket\/copy-certs.sh\n  Copy the folder's contents \("\$SOURCE\/." "\$TARGET\/"\)\ndeployment /,
    );
    const diff = r.stdout.slice(r.stdout.indexOf('--- a/'));
    assert.equal(
      diff.slice(diff.indexOf('--- a/snikket/copy-certs-job.nix')),
      [
        '--- a/snikket/copy-certs-job.nix',
        '+++ b/snikket/copy-certs-job.nix',
        '@@ -15,7 +15,7 @@',
        '     path = with pkgs; [ bash coreutils ];',
        '     serviceConfig = {',
        '       Type = "oneshot";',
        '-      ExecStart = "/path/to/copy-certs.sh"; # TODO: point at the script',
        '+      ExecStart = "${pkgs.bash}/bin/bash ${./copy-certs.sh}"; # TODO: point at the script',
        '     };',
        '   };',
        ' }',
        '--- a/snikket/copy-certs.sh',
        '+++ b/snikket/copy-certs.sh',
        '@@ -5,7 +5,8 @@',
        ' SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"',
        ' TARGET="/var/lib/acme/$DOMAIN"',
        ' ',
        '-cp -rL "$SOURCE" "$TARGET"',
        '+mkdir -p "$TARGET"',
        '+cp -rL "$SOURCE/." "$TARGET/"',
        ' mv "$TARGET/privkey.pem" "$TARGET/key.pem"',
        ' chown -R acme:nginx "$TARGET"',
        ' chmod g+r "$TARGET/key.pem"',
        '',
      ].join('\n'),
    );
    assert.equal(diff.split('\n').filter((l) => l.startsWith('@@')).length, 5);
  });

  it('--fix --diff writes and shows the diff; --diff or --dry-run alone is a usage error', async () => {
    const r = await run(['check', '--fix', '--diff', '--format', 'json'], d.dir);
    assert.equal(
      JSON.parse(r.stdout).diagnostics.some((x: { code: string }) => x.code === 'acme-fallback-port'),
      false,
    );
    assert.match(r.stderr, /^--- a\/snikket.nix\n\+\+\+ b\/snikket.nix\n@@ -5,6 \+5,7 @@\n/);
    assert.match(d.read('snikket.nix'), /acmeFallbackHost = "localhost:\$\{toString http_port\}";/);
    assert.deepEqual(await run(['check', '--diff'], d.dir), {
      code: 2,
      stdout: '',
      stderr: 'snikket-nixos check: --diff goes with --fix\n',
    });
    assert.deepEqual(await run(['check', '--dry-run'], d.dir), {
      code: 2,
      stdout: '',
      stderr: 'snikket-nixos check: --dry-run goes with --fix\n',
    });
  });

  it('--ignore silences a rule', async () => {
    const r = await run(['check', '--format', 'json', '--ignore', 'acme-fallback-port,placeholder-value'], d.dir);
    const codes = JSON.parse(r.stdout).diagnostics.map((x: { code: string }) => x.code);
    assert.deepEqual([...new Set(codes)].sort(), [
      'cert-copy-mismatch',
      'image-never-updated',
      'proxy-websockets',
      'timer-script-missing',
    ]);
  });

  it('exit 2 with a one-line reason for bad usage or a missing path, nothing written', async () => {
    assert.deepEqual(await run(['check', 'nope'], d.dir), {
      code: 2,
      stdout: '',
      stderr: 'snikket-nixos check: nope: no such file or folder\n',
    });
    assert.deepEqual(await run(['check', '--format', 'xml'], d.dir), {
      code: 2,
      stdout: '',
      stderr: "snikket-nixos check: unknown format 'xml' (text, json or sarif)\n",
    });
    assert.deepEqual(await run(['check', '--ignore', 'no-such-rule'], d.dir), {
      code: 2,
      stdout: '',
      stderr: "snikket-nixos check: unknown rule code 'no-such-rule'\n",
    });
    assert.equal((await run(['frobnicate'], d.dir)).code, 2);
  });

  it('exit 0 and a clear line when there is no deployment', async () => {
    const empty = fs.mkdtempSync(path.join(d.dir, 'empty-'));
    const r = await run(['check', empty], d.dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /no Snikket deployment found/);
  });
});
