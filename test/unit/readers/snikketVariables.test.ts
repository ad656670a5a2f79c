import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  SNIKKET_VARIABLES,
  getVariable,
  isKnownVariable,
  schemaForVariable,
  suggestVariable,
  switchEffect,
  validateValue,
} from '../../../server/src/model/snikket/variables';
import { editDistance } from '../../../server/src/text/editDistance';

describe('readers/snikketVariables', () => {
  it('knows the required variables and the defaults from FACTS.md', () => {
    assert.equal(getVariable('SNIKKET_DOMAIN')!.required, true);
    assert.equal(getVariable('SNIKKET_ADMIN_EMAIL')!.required, true);
    const defaults: Record<string, string> = {
      SNIKKET_TWEAK_HTTP_PORT: '80',
      SNIKKET_TWEAK_HTTPS_PORT: '443',
      SNIKKET_TWEAK_TURNSERVER_MIN_PORT: '49152',
      SNIKKET_TWEAK_TURNSERVER_MAX_PORT: '65535',
      SNIKKET_TWEAK_TURNSERVER_PORT: '3478',
      SNIKKET_PROXY65_PORT: '5000',
      SNIKKET_RETENTION_DAYS: '7',
      SNIKKET_TWEAK_INTERNAL_HTTP_PORT: '5280',
      SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_PORT: '5765',
    };
    for (const [name, value] of Object.entries(defaults)) assert.equal(getVariable(name)?.default, value, name);
    for (const name of [
      'PUID',
      'PGID',
      'REPORT_DSN',
      'SNIKKET_WEB_SECRET_KEY',
      'SNIKKET_TWEAK_WEB_PROXY_PROTOS',
      'SNIKKET_CERTS_WAIT',
    ])
      assert.ok(isKnownVariable(name), name);
    assert.equal(isKnownVariable('SNIKKET_TWEAK_WEB_PROXY_PROTOCOLS'), false);
    for (const v of SNIKKET_VARIABLES.values()) assert.ok(v.doc.length > 0 && !v.doc.includes('\n'), v.name);
  });

  it('flags SNIKKET_TWEAK_PUSH2 as no longer read', () => {
    const v = getVariable('SNIKKET_TWEAK_PUSH2')!;
    assert.equal(v.status, 'no-longer-read');
    assert.ok(isKnownVariable('SNIKKET_TWEAK_PUSH2'));
  });

  it('validates ports', () => {
    assert.deepEqual(validateValue('SNIKKET_TWEAK_HTTPS_PORT', '5443'), { ok: true, parsed: 5443 });
    assert.deepEqual(validateValue('SNIKKET_TWEAK_HTTPS_PORT', '54433x'), {
      ok: false,
      message: "SNIKKET_TWEAK_HTTPS_PORT must be an integer port 1–65535, got '54433x'",
    });
    for (const bad of ['0', '65536', '', ' 80', '-1', '80.0', '1e3'])
      assert.equal(validateValue('SNIKKET_TWEAK_HTTP_PORT', bad).ok, false, bad);
    assert.deepEqual(validateValue('SNIKKET_TWEAK_HTTP_PORT', '65535'), { ok: true, parsed: 65535 });
  });

  it('validates ints, floats, enums and e-mail', () => {
    assert.deepEqual(validateValue('SNIKKET_RETENTION_DAYS', '0'), {
      ok: false,
      message: "SNIKKET_RETENTION_DAYS must be an integer ≥ 1, got '0': 0 deletes messages and shared files at once",
    });
    assert.deepEqual(validateValue('SNIKKET_RETENTION_DAYS', '1'), { ok: true, parsed: 1 });
    assert.equal(validateValue('SNIKKET_RETENTION_DAYS', '7.5').ok, false);
    assert.deepEqual(validateValue('SNIKKET_UPLOAD_STORAGE_GB', '1.5'), { ok: true, parsed: 1.5 });
    assert.equal(validateValue('SNIKKET_UPLOAD_STORAGE_GB', 'lots').ok, false);
    assert.deepEqual(validateValue('SNIKKET_LOGLEVEL', 'debug'), { ok: true, parsed: 'debug' });
    assert.deepEqual(validateValue('SNIKKET_LOGLEVEL', 'verbose'), {
      ok: false,
      message: "SNIKKET_LOGLEVEL must be one of 'error', 'warn', 'info', 'debug', got 'verbose'",
    });
    assert.equal(validateValue('SNIKKET_TLS_PROFILE', 'old').ok, true);
    assert.equal(validateValue('SNIKKET_TWEAK_STORAGE', 'SQLITE').ok, false);
    assert.equal(validateValue('SNIKKET_TWEAK_GENERAL_MUC', 'destroyed').ok, true);
    assert.equal(validateValue('SNIKKET_ADMIN_EMAIL', 'admin@example.com').ok, true);
    assert.equal(validateValue('SNIKKET_ADMIN_EMAIL', 'admin.example.com').ok, false);
  });

  it('validates domains: no scheme, port, path or trailing dot', () => {
    assert.equal(validateValue('SNIKKET_DOMAIN', 'chat.example.com').ok, true);
    assert.deepEqual(validateValue('SNIKKET_DOMAIN', 'xn--bcher-kva.example'), {
      ok: true,
      parsed: 'xn--bcher-kva.example',
    });
    const cases: [string, RegExp][] = [
      ['https://chat.example.com', /scheme/],
      ['chat.example.com:443', /port/],
      ['chat.example.com/', /path/],
      ['chat.example.com.', /ends with a dot/],
      ['chat..example.com', /empty label/],
      ['-chat.example.com', /invalid label/],
      ['chat_example.com', /invalid label/],
      ['', /empty/],
    ];
    for (const [value, why] of cases) {
      const r = validateValue('SNIKKET_DOMAIN', value);
      assert.equal(r.ok, false, value);
      if (!r.ok) {
        assert.ok(
          r.message.startsWith(`SNIKKET_DOMAIN must be a domain name (e.g. chat.example.com), got '${value}'`),
          r.message,
        );
        assert.match(r.message, why);
      }
    }
  });

  it('reads switches as Snikket does: only 0/1, and says what another value does', () => {
    assert.deepEqual(validateValue('SNIKKET_TWEAK_TURNSERVER', '0'), { ok: true, parsed: false });
    assert.deepEqual(validateValue('SNIKKET_TWEAK_TURNSERVER', '1'), { ok: true, parsed: true });
    assert.deepEqual(validateValue('SNIKKET_TWEAK_TURNSERVER', 'false'), {
      ok: false,
      message:
        "SNIKKET_TWEAK_TURNSERVER must be '0' or '1', got 'false': Snikket only checks for '0', so this leaves it on",
    });
    assert.deepEqual(validateValue('SNIKKET_TWEAK_PROMETHEUS', 'true'), {
      ok: false,
      message:
        "SNIKKET_TWEAK_PROMETHEUS must be '0' or '1', got 'true': Snikket only checks for '1', so this leaves it off",
    });
    assert.equal(switchEffect('off-if-0', 'off'), true);
    assert.equal(switchEffect('on-if-1', 'on'), false);
    assert.deepEqual(validateValue('SNIKKET_WEB_SHOW_METRICS', 'False'), { ok: true, parsed: false });
    for (const [v, on] of [
      ['on', true],
      ['OFF', false],
      ['yes', true],
      ['no', false],
      ['1', true],
      ['0', false],
      ['true', true],
    ] as const) {
      assert.deepEqual(validateValue('SNIKKET_WEB_SHOW_METRICS', v), { ok: true, parsed: on }, v);
    }
    assert.deepEqual(validateValue('SNIKKET_WEB_SHOW_METRICS', 'enabled'), {
      ok: false,
      message: "SNIKKET_WEB_SHOW_METRICS must be 'true' or 'false' (or on/off, yes/no, 1/0), got 'enabled'",
    });
  });

  it('accepts the TLS profile legacy, which Prosody knows', () => {
    assert.deepEqual(validateValue('SNIKKET_TLS_PROFILE', 'legacy'), { ok: true, parsed: 'legacy' });
    assert.equal(validateValue('SNIKKET_TLS_PROFILE', 'ancient').ok, false);
  });

  it('wants the instance domain as certbot stores it: not an IP, lower case, punycode', () => {
    const msg = (v: string) => {
      const r = validateValue('SNIKKET_DOMAIN', v);
      return r.ok ? undefined : r.message;
    };
    assert.equal(
      msg('192.0.2.7'),
      "SNIKKET_DOMAIN must be a domain name, got the IP address '192.0.2.7': no certificate can be issued for it",
    );
    assert.equal(
      msg('Chat.example.com'),
      "SNIKKET_DOMAIN 'Chat.example.com' has upper case: certbot stores the certificate as 'chat.example.com' while Prosody waits for the name as written, so the server never starts; write it in lower case",
    );
    assert.equal(
      msg('bücher.example'),
      "SNIKKET_DOMAIN 'bücher.example' is not ASCII: certbot stores the certificate as 'xn--bcher-kva.example' while Prosody waits for the name as written, so the server never starts; write it in punycode",
    );
    // Other host names (an external TURN server) are not certbot's business.
    assert.equal(validateValue('SNIKKET_TWEAK_TURNSERVER_DOMAIN', 'Turn.example.com').ok, true);
  });

  it('passes unknown names through and exposes schemas', () => {
    assert.deepEqual(validateValue('SOMETHING_ELSE', 'x'), { ok: true, parsed: 'x' });
    assert.equal(schemaForVariable('SOMETHING_ELSE'), undefined);
    assert.equal(schemaForVariable('SNIKKET_PROXY65_PORT')!.safeParse('5000').success, true);
  });

  it('suggests the intended name', () => {
    assert.equal(suggestVariable('SNIKKET_TWEAK_HTTPS_PROT'), 'SNIKKET_TWEAK_HTTPS_PORT');
    assert.equal(suggestVariable('SNIKKET_TWEAK_WEB_PROXY_PROTOCOLS'), 'SNIKKET_TWEAK_WEB_PROXY_PROTOS');
    assert.equal(suggestVariable('SNIKKET_TWEAK_TURN_INTERNAL_IP'), 'SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP');
    assert.equal(suggestVariable('snikket_domain'), 'SNIKKET_DOMAIN');
    assert.equal(suggestVariable('SNIKKET_ADMIN_MAIL'), 'SNIKKET_ADMIN_EMAIL');
    assert.equal(suggestVariable('SNIKKET_TWEAK_TURNSERVER_MINPORT'), 'SNIKKET_TWEAK_TURNSERVER_MIN_PORT');
    assert.equal(suggestVariable('TOTALLY_DIFFERENT'), undefined);
    assert.equal(editDistance('PROT', 'PORT'), 1);
  });

  it('never throws on arbitrary names and values', () => {
    const names = [...SNIKKET_VARIABLES.keys(), 'X'];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.string({ unit: 'binary' }), (name, value) => {
        const r = validateValue(name, value);
        if (!r.ok) assert.ok(r.message.startsWith(name));
        suggestVariable(value);
      }),
      { numRuns: 500 },
    );
  });
});
