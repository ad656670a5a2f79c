import * as assert from 'node:assert/strict';
import type { OverviewResult } from '../../../server/src/api/protocol';
import {
  contentSecurityPolicy,
  countOf,
  escapeHtml,
  portState,
  renderOverview,
} from '../../../client/src/overview/html';
import { planScaffold, skippedMessage } from '../../../client/src/scaffold/plan';

const result: OverviewResult = {
  deployments: [
    {
      root: '/ws/blog',
      files: { snikketConf: '/ws/blog/snikket/snikket.conf', handWritten: '/ws/blog/snikket.nix' },
      values: { SNIKKET_DOMAIN: 'chat.example.com', SNIKKET_TWEAK_HTTP_PORT: '5080' },
      dnsRecords: ['chat.example.com A/AAAA', 'groups.chat.example.com A/AAAA', 'share.chat.example.com A/AAAA'],
      ports: [
        { protocol: 'tcp', from: 5222, to: 5222, purpose: 'client connections', open: true, expected: 'open' },
        { protocol: 'tcp', from: 5269, to: 5269, purpose: 'federation', open: false, expected: 'open' },
        { protocol: 'tcp', from: 5280, to: 5280, purpose: 'internal <http>', open: true, expected: 'closed' },
        { protocol: 'udp', from: 49152, to: 49252, purpose: 'TURN relay', open: true, expected: 'open' },
      ],
      findings: [
        {
          file: '/ws/blog/snikket.nix',
          line: 27,
          severity: 'error',
          code: 'acme-fallback-port',
          message: 'acmeFallbackHost <points> at "5443"',
        },
      ],
    },
  ],
};

describe('overview html', () => {
  const html = renderOverview(result, {
    nonce: 'N0NCE',
    cspSource: 'vscode-resource:',
    link: (f, l) => `command:x?${encodeURIComponent(JSON.stringify([f, l]))}`,
  });

  it('has a strict CSP: no scripts, nonce-only styles, no remote content', () => {
    const csp = contentSecurityPolicy('N0NCE', 'vscode-resource:');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src 'nonce-N0NCE'/);
    assert.ok(html.includes('<style nonce="N0NCE">'));
    assert.ok(!/<script/i.test(html));
    assert.ok(!/https?:\/\//.test(html.replace(/http-equiv/g, '')), 'no remote URLs');
  });

  it('shows files, values, DNS records, ports with their state and findings, all escaped', () => {
    for (const s of [
      'snikket.conf',
      'SNIKKET_TWEAK_HTTP_PORT',
      'groups.chat.example.com',
      '49152–49252',
      'acme-fallback-port',
      'snikket.nix:27',
    ]) {
      assert.ok(html.includes(s), s);
    }
    assert.ok(html.includes('closed, must be open'));
    assert.ok(html.includes('open, must stay closed'));
    assert.ok(html.includes('internal &lt;http&gt;'));
    assert.ok(html.includes('&lt;points&gt;'));
    assert.ok(!html.includes('<points>'));
  });

  it('counts findings with plurals', () => {
    assert.deepEqual(
      [countOf(1, 'error'), countOf(6, 'error'), countOf(3, 'warning'), countOf(1, 'information'), countOf(2, 'hint')],
      ['1 error', '6 errors', '3 warnings', '1 note', '2 hints'],
    );
    assert.ok(html.includes('<span class="sev-error">1 error</span>'));
  });

  it('port state and escaping', () => {
    assert.equal(portState({ protocol: 'tcp', from: 1, to: 1, purpose: '', open: false, expected: 'closed' }), 'ok');
    assert.equal(escapeHtml(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    const empty = renderOverview({ deployments: [] }, { nonce: 'n', cspSource: 'c', link: () => '#' });
    assert.match(empty, /No Snikket deployment/);
  });
});

describe('scaffold plan', () => {
  it('never overwrites: existing files are skipped and named', () => {
    const files = [
      { path: '/ws/a.nix', text: 'a' },
      { path: '/ws/b.nix', text: 'b' },
      { path: '/ws/a.nix', text: 'again' },
    ];
    const plan = planScaffold(files, (p) => p === '/ws/b.nix');
    assert.deepEqual(
      plan.create.map((f) => f.path),
      ['/ws/a.nix'],
    );
    assert.deepEqual(plan.skip, ['/ws/b.nix']);
    assert.equal(
      skippedMessage([], (p) => p),
      undefined,
    );
    assert.match(skippedMessage(['/ws/b.nix'], (p) => p.slice(4))!, /b\.nix.*already exists/);
    assert.match(skippedMessage(['/ws/b.nix', '/ws/c.nix'], (p) => p)!, /2 existing files/);
  });
});
