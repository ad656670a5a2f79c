import * as assert from 'node:assert/strict';
import {
  parsePort,
  parsePortRange,
  validateDomain,
  validateEmail,
  validatePort,
  validateTurnRange,
  validateTurnRangeText,
  validateTweakPort,
  type ValuesCheck,
} from '../../../client/src/validate';
import { invalidValues } from '../../../server/src/features/scaffold/values';

// What the server answers to snikket/validateValues (the protocol test covers the request itself).
const check: ValuesCheck = async (v) => invalidValues(v);

describe('client input validation', () => {
  it('accepts domains and rejects URLs, bare names and bad labels', async () => {
    for (const ok of ['chat.example.org', 'chat.example.org.', 'a-b.example.co.uk', 'xn--bcher-kva.example']) {
      assert.equal(await validateDomain(ok, check), undefined, ok);
    }
    for (const bad of [
      '',
      'localhost',
      'https://chat.example.org',
      'chat example.org',
      'chat.example.org/x',
      '-a.example.org',
      'a..example.org',
      'admin@example.org',
      '10.0.0.1',
      `${'a'.repeat(64)}.org`,
      'bücher.example',
      'Chat.example.org',
    ]) {
      assert.notEqual(await validateDomain(bad, check), undefined, bad);
    }
  });

  it('accepts e-mail addresses and rejects the rest', async () => {
    assert.equal(await validateEmail('admin@example.org', check), undefined);
    assert.equal(await validateEmail('first.last+snikket@mail.example.org', check), undefined);
    for (const bad of [
      '',
      'admin',
      '@example.org',
      'admin@',
      'admin@localhost',
      'a b@example.org',
      'admin@exa mple.org',
    ]) {
      assert.notEqual(await validateEmail(bad, check), undefined, bad);
    }
  });

  it('ports are whole numbers from 1 to 65535', () => {
    assert.equal(parsePort('5080'), 5080);
    assert.equal(parsePort(65535), 65535);
    for (const bad of ['0', '65536', '-1', '50.5', 'abc', '', '1e3', '123456'])
      assert.equal(parsePort(bad), undefined, bad);
    assert.equal(validatePort('1'), undefined);
    assert.notEqual(validatePort('0'), undefined);
  });

  it('tweak ports may not be 80/443 (the host nginx) nor equal to each other', async () => {
    assert.equal(await validateTweakPort('5080', check, 5443), undefined);
    assert.match((await validateTweakPort('80', check))!, /nginx/);
    assert.match((await validateTweakPort(443, check))!, /nginx/);
    assert.match((await validateTweakPort('5443', check, 5443))!, /differ/);
  });

  it('TURN range: bounds above 1024, min <= max', async () => {
    assert.deepEqual(parsePortRange('49152-49252'), { min: 49152, max: 49252 });
    assert.deepEqual(parsePortRange(' 49152 – 49252 '), { min: 49152, max: 49252 });
    assert.deepEqual(parsePortRange('49152..49252'), { min: 49152, max: 49252 });
    assert.equal(parsePortRange('49152'), undefined);
    assert.equal(await validateTurnRange(49152, 49252, check), undefined);
    assert.equal(await validateTurnRange(50000, 50000, check), undefined);
    assert.match((await validateTurnRange(49252, 49152, check))!, /empty/);
    assert.match((await validateTurnRange(1000, 2000, check))!, /1024/);
    assert.notEqual(await validateTurnRange(49152, 70000, check), undefined);
    assert.notEqual(await validateTurnRangeText('x-y', check), undefined);
    assert.equal(await validateTurnRangeText('49152-65535', check), undefined);
  });
});
