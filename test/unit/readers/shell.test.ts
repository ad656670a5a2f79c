import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseShell } from '../../../server/src/syntax/shell/parse';
import { NASTY, repeatTo, slice, spanOf } from './helpers';

const SEED = `#!/usr/bin/env bash
DOMAIN="chat.example.com"
SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"
TARGET="/var/lib/acme/$DOMAIN"

cp -rL "$SOURCE" "$TARGET"
mv "$TARGET/privkey.pem" "$TARGET/key.pem"
chown -R acme:nginx "$TARGET"
chmod g+r "$TARGET/key.pem"
`;

describe('readers/shell', () => {
  it('reads the seed copy-certs.sh with expansion and exact spans', () => {
    const s = parseShell(SEED);
    assert.deepEqual(s.problems, []);
    assert.deepEqual(s.shebang, { interpreter: '/usr/bin/env bash', span: spanOf(SEED, '#!/usr/bin/env bash') });
    assert.deepEqual(
      s.assignments.map((a) => [a.name, a.value, a.raw, a.line]),
      [
        ['DOMAIN', 'chat.example.com', '"chat.example.com"', 1],
        [
          'SOURCE',
          '/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/chat.example.com',
          '"/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"',
          2,
        ],
        ['TARGET', '/var/lib/acme/chat.example.com', '"/var/lib/acme/$DOMAIN"', 3],
      ],
    );
    const target = s.assignments[2]!;
    assert.deepEqual(target.span, spanOf(SEED, 'TARGET="/var/lib/acme/$DOMAIN"'));
    assert.deepEqual(target.valueSpan, spanOf(SEED, '"/var/lib/acme/$DOMAIN"'));
    assert.equal(s.variables.get('TARGET'), '/var/lib/acme/chat.example.com');

    assert.deepEqual(
      s.commands.map((c) => [c.name, c.line]),
      [
        ['cp', 5],
        ['mv', 6],
        ['chown', 7],
        ['chmod', 8],
      ],
    );
    const cp = s.commands[0]!;
    assert.deepEqual(cp.span, spanOf(SEED, 'cp -rL "$SOURCE" "$TARGET"'));
    assert.deepEqual(
      cp.args.map((a) => [a.text, a.raw, a.quoted, a.known, a.span]),
      [
        ['-rL', '-rL', false, true, spanOf(SEED, '-rL')],
        [
          '/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/chat.example.com',
          '"$SOURCE"',
          true,
          true,
          spanOf(SEED, '"$SOURCE"'),
        ],
        ['/var/lib/acme/chat.example.com', '"$TARGET"', true, true, spanOf(SEED, '"$TARGET"', 0)],
      ],
    );
    assert.deepEqual(
      s.commands[1]!.args.map((a) => a.text),
      ['/var/lib/acme/chat.example.com/privkey.pem', '/var/lib/acme/chat.example.com/key.pem'],
    );
  });

  it('applies quoting rules: single quotes literal, double quotes expand, backslashes escape', () => {
    const t = `A=x\necho 'a $A' "b $A \\$A \\"q\\"" c\\ d\\$A \${A}e $A"f"'g'\n`;
    const s = parseShell(t);
    assert.deepEqual(s.problems, []);
    assert.deepEqual(
      s.commands[0]!.args.map((a) => a.text),
      ['a $A', 'b x $A "q"', 'c d$A', 'xe', 'xfg'],
    );
  });

  it('marks words with unknown parts as not known, keeping a display form', () => {
    const t = 'P="$HOME/x"\ncp $(date) ~/y "$P" $1 `id` "${UNSET:-d}"\n';
    const s = parseShell(t);
    const p = s.assignments[0]!;
    assert.equal(p.value, undefined);
    assert.equal(p.display, '$HOME/x');
    const args = s.commands[0]!.args;
    assert.deepEqual(
      args.map((a) => [a.known, a.text, a.display]),
      [
        [false, undefined, '$(date)'],
        [false, undefined, '~/y'],
        [false, undefined, '$HOME/x'],
        [false, undefined, '$1'],
        [false, undefined, '`id`'],
        [false, undefined, '${UNSET:-d}'],
      ],
    );
    assert.deepEqual(args[2]!.unknownVars, []);
    assert.deepEqual(args[5]!.unknownVars, ['UNSET']);
  });

  it('splits commands on ; && || | and newlines, joins continued lines, drops comments and keywords', () => {
    const t = 'a 1; b 2 && c 3 || d 4 | e 5 # f 6\nif [ -d x ]; then\n  cp a \\\n    b\nfi\nexport X=1 Y=$X\nZ=2 env\n';
    const s = parseShell(t);
    assert.deepEqual(
      s.commands.map((c) => [c.name, c.args.map((a) => a.text)]),
      [
        ['a', ['1']],
        ['b', ['2']],
        ['c', ['3']],
        ['d', ['4']],
        ['e', ['5']],
        ['[', ['-d', 'x', ']']],
        ['cp', ['a', 'b']],
        ['env', []],
      ],
    );
    const cp = s.commands[6]!;
    assert.deepEqual(cp.span, spanOf(t, 'cp a \\\n    b'));
    assert.equal(cp.line, 2);
    // The shell expands all of `export`'s words before running it, so Y sees the old X.
    assert.deepEqual(
      s.assignments.map((a) => [a.name, a.value, a.exported]),
      [
        ['X', '1', true],
        ['Y', undefined, true],
      ],
    );
    assert.deepEqual(
      s.commands[7]!.env.map((a) => [a.name, a.value]),
      [['Z', '2']],
    );
    // A prefix assignment applies to that command only.
    assert.equal(s.variables.has('Z'), false);
    // Plain assignments happen left to right.
    const plain = parseShell('A=1 B=$A\nC=2 echo $C\n');
    assert.deepEqual(
      plain.assignments.map((a) => [a.name, a.value]),
      [
        ['A', '1'],
        ['B', '1'],
      ],
    );
    // ...but a command's own words are expanded before its prefix assignments apply.
    assert.deepEqual(
      plain.commands[0]!.args.map((a) => [a.text, a.unknownVars]),
      [[undefined, ['C']]],
    );
    assert.equal(plain.variables.has('C'), false);
  });

  it('reads redirections and skips here-document bodies', () => {
    const t = 'cp a b > /dev/null 2>&1\ncat <<EOF > out\nrm -rf $X\nEOF\necho done\n';
    const s = parseShell(t);
    assert.deepEqual(
      s.commands.map((c) => c.name),
      ['cp', 'cat', 'echo'],
    );
    assert.deepEqual(
      s.commands[0]!.redirects.map((r) => [r.op, r.target?.text, slice(t, r.span)]),
      [
        ['>', '/dev/null', '> /dev/null'],
        ['2>&', '1', '2>&1'],
      ],
    );
    assert.deepEqual(
      s.commands[1]!.redirects.map((r) => [r.op, r.target?.raw]),
      [
        ['<<', 'EOF'],
        ['>', 'out'],
      ],
    );
  });

  it('reports unterminated quotes and recovers on the next line', () => {
    const t = 'echo "open\necho ok\n';
    const s = parseShell(t);
    assert.deepEqual(
      s.problems.map((p) => slice(t, p.span)),
      ['"open'],
    );
    assert.deepEqual(
      s.commands.map((c) => [c.name, c.args.map((a) => a.text)]),
      [
        ['echo', ['open']],
        ['echo', ['ok']],
      ],
    );
    const q = "echo 'open\necho ok\n";
    assert.deepEqual(
      parseShell(q).problems.map((p) => slice(q, p.span)),
      ["'open"],
    );
  });

  it('handles CRLF and an empty script', () => {
    const t = '#!/bin/sh\r\nA="x"\r\ncp "$A" y\r\n';
    const s = parseShell(t);
    assert.deepEqual(s.problems, []);
    assert.equal(s.shebang!.interpreter, '/bin/sh');
    assert.equal(s.assignments[0]!.value, 'x');
    assert.deepEqual(
      s.commands[0]!.args.map((a) => a.text),
      ['x', 'y'],
    );
    assert.deepEqual(parseShell('').commands, []);
  });

  it('never throws on random or mutated input', () => {
    const mutated = fc
      .array(fc.tuple(fc.nat(SEED.length), fc.nat(3), fc.constantFrom(...NASTY)), { maxLength: 12 })
      .map((ops) => ops.reduce((s, [at, del, ins]) => s.slice(0, at) + ins + s.slice(at + del), SEED));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: fc.constantFrom(...NASTY, 'a', '=', 'EOF', '\n') }),
          mutated,
        ),
        (t) => {
          const s = parseShell(t);
          assert.ok(!s.problems.some((p) => p.message.startsWith('Internal error')));
          for (const c of s.commands) assert.ok(c.span.start <= c.span.end && c.span.end <= t.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a 10 MB script, including one full of unclosed constructs @slow', function () {
    this.timeout(60_000);
    assert.ok(
      parseShell(repeatTo('cp -rL "$SOURCE" "$TARGET/x" && echo ${A} # hi\n', 10_000_000)).commands.length > 100_000,
    );
    assert.ok(parseShell(repeatTo('echo ${A `x $( "\n', 2_000_000)).problems.length > 0);
  });
});
