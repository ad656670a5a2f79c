import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../../server/src/check/check';
import { DocumentStore } from '../../../server/src/model/documents';
import type { FileHost, ReadResult, SkippedFile } from '../../../server/src/model/fileHost';
import { linkedValues, linksAt, type Link } from '../../../server/src/model/links';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const ROOT = '/ws';

/** The example's files in memory, with replacements. */
class MemoryHost implements FileHost {
  readonly files = new Map<string, string>();
  list(root: string, wanted: (name: string) => boolean): { files: string[]; skipped: SkippedFile[] } {
    return {
      files: [...this.files.keys()].filter((f) => f.startsWith(root + '/') && wanted(path.basename(f))).sort(),
      skipped: [],
    };
  }
  read(file: string): ReadResult {
    const t = this.files.get(file);
    return t === undefined ? { ok: false, reason: 'no such file' } : { ok: true, text: t };
  }
  exists(file: string): boolean {
    return this.files.has(file) || [...this.files.keys()].some((f) => f.startsWith(file + '/'));
  }
}

function blog(edits: Record<string, [string, string][]> = {}): MemoryHost {
  const host = new MemoryHost();
  const base = path.join(REPO, 'examples', 'blog');
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const rel = path.relative(base, full);
        let text = fs.readFileSync(full, 'utf8');
        for (const [from, to] of edits[rel] ?? []) {
          assert.ok(text.includes(from), `${from} in ${rel}`);
          text = text.replace(from, to);
        }
        host.files.set(`${ROOT}/${rel}`, text);
      }
    }
  };
  walk(base);
  return host;
}

function links(host: MemoryHost): Link[] {
  const result = check(new DocumentStore(host), [ROOT]);
  assert.equal(result.deployments.length, 1);
  return linkedValues(result.deployments[0]!.facts);
}

/** Each use as `file:"text at its span"`. */
function uses(host: MemoryHost, link: Link | undefined): string[] {
  assert.ok(link, 'the link exists');
  return link.uses.map(
    (u) =>
      `${u.file.slice(ROOT.length + 1)}:${JSON.stringify(host.files.get(u.file)!.slice(u.span.start, u.span.end))}`,
  );
}

describe('linkedValues', () => {
  it('links SNIKKET_DOMAIN to the Nix domain literal, the vhost names, the script and the inlined values', () => {
    const host = blog();
    const all = links(host);
    const domain = all.find((l) => l.setting === 'SNIKKET_DOMAIN');
    assert.equal(domain?.value, 'chat.example.com');
    const conf = host.files.get(`${ROOT}/snikket/snikket.conf`)!;
    assert.equal(
      conf.slice(domain!.definition!.span.start, domain!.definition!.span.end),
      'SNIKKET_DOMAIN=chat.example.com',
    );
    assert.equal(domain!.definition!.source, 'conf');
    const u = uses(host, domain);
    assert.ok(u.includes('snikket.nix:"chat.example.com"'), 'the let literal');
    assert.ok(u.includes('snikket.nix:"\\"${domain}\\""'));
    assert.ok(u.includes('snikket.nix:"\\"${groups_domain}\\""'));
    assert.ok(u.includes('snikket.nix:"\\"${share_domain}\\""'));
    assert.ok(u.includes('snikket/copy-certs.sh:"\\"chat.example.com\\""'));
    assert.equal(u.filter((x) => x.startsWith('snikket/snikket.nix:')).length, 4, 'one inlined copy per container');
    // The let literal is recorded once although three vhosts are built from it.
    assert.equal(u.filter((x) => x === 'snikket.nix:"chat.example.com"').length, 1);
  });

  it('links the tweak ports to the int literal behind proxyPass and acmeFallbackHost', () => {
    const host = blog();
    const all = links(host);
    const https = all.find((l) => l.setting === 'SNIKKET_TWEAK_HTTPS_PORT');
    assert.ok(uses(host, https).includes('snikket.nix:"5443"'));
    assert.ok(uses(host, https).includes('snikket.nix:"\\"https://localhost:${toString port}\\""'));
    const http = all.find((l) => l.setting === 'SNIKKET_TWEAK_HTTP_PORT');
    const fallback = http!.uses.find((u) => u.description.startsWith('the port acmeFallbackHost'));
    assert.equal(fallback?.value, '5443', 'the seed points acmeFallbackHost at the HTTPS port: the value differs');
    assert.equal(http!.value, '5080');

    // At the literal `port = 5443;` both links meet.
    const proxy = host.files.get(`${ROOT}/snikket.nix`)!;
    const at = proxy.indexOf('5443');
    assert.deepEqual(
      linksAt(all, `${ROOT}/snikket.nix`, at + 1)
        .map((h) => h.link.setting)
        .sort(),
      ['SNIKKET_TWEAK_HTTPS_PORT', 'SNIKKET_TWEAK_HTTP_PORT'],
    );
  });

  it('links a literal port written in place, and a vhost name written literally', () => {
    const host = blog({
      'snikket.nix': [
        ['proxyPass = "https://localhost:${toString port}";', 'proxyPass = "https://localhost:5443/";'],
        ['virtualHosts."${share_domain}"', 'virtualHosts."share.chat.example.com"'],
      ],
    });
    const all = links(host);
    const https = uses(
      host,
      all.find((l) => l.setting === 'SNIKKET_TWEAK_HTTPS_PORT'),
    );
    const proxy = host.files.get(`${ROOT}/snikket.nix`)!;
    const literal = all
      .find((l) => l.setting === 'SNIKKET_TWEAK_HTTPS_PORT')!
      .uses.find((u) => u.span.start === proxy.indexOf('5443/'));
    assert.ok(literal, `the 5443 inside the string literal among ${https.join(' ')}`);
    const domain = all.find((l) => l.setting === 'SNIKKET_DOMAIN')!;
    const inName = proxy.indexOf('chat.example.com"', proxy.indexOf('"share.chat'));
    assert.ok(
      domain.uses.some((u) => u.span.start === inName && u.span.end === inName + 'chat.example.com'.length),
      'the domain part of the literal name',
    );
  });

  it('links the TURN range bounds to the firewall range literals', () => {
    const host = blog();
    const all = links(host);
    assert.ok(
      uses(
        host,
        all.find((l) => l.setting === 'SNIKKET_TWEAK_TURNSERVER_MIN_PORT'),
      ).includes('snikket.nix:"49152"'),
    );
    assert.ok(
      uses(
        host,
        all.find((l) => l.setting === 'SNIKKET_TWEAK_TURNSERVER_MAX_PORT'),
      ).includes('snikket.nix:"49252"'),
    );
  });

  it('still links when the conf does not set a value (the default applies)', () => {
    const host = blog({ 'snikket/snikket.conf': [['SNIKKET_TWEAK_HTTP_PORT=5080\n', '']] });
    const http = links(host).find((l) => l.setting === 'SNIKKET_TWEAK_HTTP_PORT');
    assert.equal(http?.value, undefined);
    assert.equal(http?.definition, undefined);
    assert.ok(uses(host, http).some((u) => u.startsWith('snikket.nix:')));
  });

  it('uses the server container environment as the definition when there is no env file', () => {
    const host = blog();
    host.files.delete(`${ROOT}/snikket/snikket.conf`);
    const domain = links(host).find((l) => l.setting === 'SNIKKET_DOMAIN');
    assert.equal(domain?.definition?.source, 'nix');
    assert.equal(domain?.definition?.file, `${ROOT}/snikket/snikket.nix`);
    assert.equal(
      uses(host, domain).filter((x) => x.startsWith('snikket/snikket.nix:')).length,
      3,
      'the other three containers',
    );
  });
});
