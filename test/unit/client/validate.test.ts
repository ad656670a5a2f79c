import * as assert from 'node:assert/strict';
import {
  parsePort, parsePortRange, validateDomain, validateEmail, validatePort, validateTurnRange, validateTurnRangeText,
  validateTweakPort,
} from '../../../client/src/validate';

describe('client input validation', () => {
  it('accepts domains and rejects URLs, bare names and bad labels', () => {
    for (const ok of ['chat.example.org', 'chat.example.org.', 'a-b.example.co.uk', 'xn--bcher-kva.example']) {
      assert.equal(validateDomain(ok), undefined, ok);
    }
    for (const bad of ['', 'localhost', 'https://chat.example.org', 'chat example.org', 'chat.example.org/x', '-a.example.org', 'a..example.org', 'admin@example.org', '10.0.0.1', `${'a'.repeat(64)}.org`, 'bücher.example', 'Chat.example.org']) {
      assert.notEqual(validateDomain(bad), undefined, bad);
    }
  });

  it('accepts e-mail addresses and rejects the rest', () => {
    assert.equal(validateEmail('admin@example.org'), undefined);
    assert.equal(validateEmail('first.last+snikket@mail.example.org'), undefined);
    for (const bad of ['', 'admin', '@example.org', 'admin@', 'admin@localhost', 'a b@example.org', 'admin@exa mple.org']) {
      assert.notEqual(validateEmail(bad), undefined, bad);
    }
  });

  it('ports are whole numbers from 1 to 65535', () => {
    assert.equal(parsePort('5080'), 5080);
    assert.equal(parsePort(65535), 65535);
    for (const bad of ['0', '65536', '-1', '50.5', 'abc', '', '1e3', '123456']) assert.equal(parsePort(bad), undefined, bad);
    assert.equal(validatePort('1'), undefined);
    assert.notEqual(validatePort('0'), undefined);
  });

  it('tweak ports may not be 80/443 (the host nginx) nor equal to each other', () => {
    assert.equal(validateTweakPort('5080', 5443), undefined);
    assert.match(validateTweakPort('80')!, /nginx/);
    assert.match(validateTweakPort(443)!, /nginx/);
    assert.match(validateTweakPort('5443', 5443)!, /differ/);
  });

  it('TURN range: bounds above 1024, min <= max', () => {
    assert.deepEqual(parsePortRange('49152-49252'), { min: 49152, max: 49252 });
    assert.deepEqual(parsePortRange(' 49152 – 49252 '), { min: 49152, max: 49252 });
    assert.deepEqual(parsePortRange('49152..49252'), { min: 49152, max: 49252 });
    assert.equal(parsePortRange('49152'), undefined);
    assert.equal(validateTurnRange(49152, 49252), undefined);
    assert.equal(validateTurnRange(50000, 50000), undefined);
    assert.match(validateTurnRange(49252, 49152)!, /empty/);
    assert.match(validateTurnRange(1000, 2000)!, /1024/);
    assert.notEqual(validateTurnRange(49152, 70000), undefined);
    assert.notEqual(validateTurnRangeText('x-y'), undefined);
    assert.equal(validateTurnRangeText('49152-65535'), undefined);
  });
});
