import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseDotenv } from '../../../server/src/syntax/dotenv/parse';
import { appendEntry, applyEdits, formatValue, setValue } from '../../../server/src/syntax/dotenv/edit';
import { NASTY, repeatTo, slice, spanOf } from './helpers';

const SEED = `# The primary domain of your Snikket instance.
SNIKKET_DOMAIN=chat.example.com

# An email address where the admin can be contacted
SNIKKET_ADMIN_EMAIL=admin@example.com

# For reverse-proxy.
SNIKKET_TWEAK_HTTP_PORT=5080
SNIKKET_TWEAK_HTTPS_PORT=5443

SNIKKET_TWEAK_TURNSERVER_MIN_PORT=49152
SNIKKET_TWEAK_TURNSERVER_MAX_PORT=49252
`;

describe('readers/dotenv parse', () => {
  it('reads the seed snikket.conf with exact spans', () => {
    const f = parseDotenv(SEED);
    assert.deepEqual(f.problems, []);
    assert.deepEqual(
      f.entries.map((e) => [e.key, e.value, e.line]),
      [
        ['SNIKKET_DOMAIN', 'chat.example.com', 1],
        ['SNIKKET_ADMIN_EMAIL', 'admin@example.com', 4],
        ['SNIKKET_TWEAK_HTTP_PORT', '5080', 7],
        ['SNIKKET_TWEAK_HTTPS_PORT', '5443', 8],
        ['SNIKKET_TWEAK_TURNSERVER_MIN_PORT', '49152', 10],
        ['SNIKKET_TWEAK_TURNSERVER_MAX_PORT', '49252', 11],
      ],
    );
    const https = f.lookup('SNIKKET_TWEAK_HTTPS_PORT')!;
    assert.deepEqual(https.keySpan, spanOf(SEED, 'SNIKKET_TWEAK_HTTPS_PORT'));
    assert.deepEqual(https.valueSpan, spanOf(SEED, '5443'));
    assert.deepEqual(https.lineSpan, spanOf(SEED, 'SNIKKET_TWEAK_HTTPS_PORT=5443'));
    assert.equal(https.quoted, 'none');
    assert.equal(https.rawValue, '5443');
    assert.equal(https.exported, false);
  });

  it('follows Compose for inline comments: unquoted needs a space before #, quoted ends at the quote', () => {
    const t = 'A=v # c\nB=v#not\nC="x # y" # c\nD=\'p#q\'# c\nE= #x\n';
    const f = parseDotenv(t);
    assert.deepEqual(
      f.problems.map((p) => [p.kind, slice(t, p.span)]),
      [['space-around-equals', '= ']],
    );
    assert.deepEqual(
      f.entries.map((e) => [e.key, e.value, e.rawValue, e.quoted]),
      [
        ['A', 'v', 'v', 'none'],
        ['B', 'v#not', 'v#not', 'none'],
        ['C', 'x # y', '"x # y"', 'double'],
        ['D', 'p#q', "'p#q'", 'single'],
        // Compose trims the value first, so the `#` has no space before it.
        ['E', '#x', '#x', 'none'],
      ],
    );
    assert.deepEqual(f.entries[2]!.valueSpan, spanOf(t, '"x # y"'));
  });

  it("handles CRLF, a BOM and 'export'", () => {
    const t = '\uFEFFexport SNIKKET_DOMAIN=chat.example.com\r\nSNIKKET_TWEAK_HTTP_PORT="5080"\r\n';
    const f = parseDotenv(t);
    assert.deepEqual(f.problems, []);
    assert.equal(f.eol, '\r\n');
    const d = f.entries[0]!;
    assert.equal(d.key, 'SNIKKET_DOMAIN');
    assert.equal(d.exported, true);
    assert.equal(d.value, 'chat.example.com');
    assert.deepEqual(d.keySpan, spanOf(t, 'SNIKKET_DOMAIN'));
    // The BOM is not part of the first line's content.
    assert.deepEqual(d.lineSpan, { start: 1, end: t.indexOf('\r') });
    const p = f.entries[1]!;
    assert.equal(p.value, '5080');
    assert.equal(p.line, 1);
    assert.deepEqual(p.valueSpan, spanOf(t, '"5080"'));
  });

  it('applies double-quote escapes and interpolation of earlier entries; single quotes are literal', () => {
    const t = "A=one\nB=\"$A-${A}-$$-\\$A-\\n-$NOPE\"\nC='$A\\n'\nD=${A:-x}/${NOPE:-d}\nE='it\\'s'\n";
    const f = parseDotenv(t);
    assert.deepEqual(f.problems, []);
    assert.equal(f.lookup('B')!.value, 'one-one-$-$A-\n-$NOPE');
    assert.deepEqual(f.lookup('B')!.unresolved, ['NOPE']);
    assert.equal(f.lookup('C')!.value, '$A\\n');
    assert.equal(f.lookup('D')!.value, 'one/${NOPE:-d}');
    assert.equal(f.lookup('E')!.value, "it's");
  });

  it('reports spaces around = (Compose trims them) with the exact span', () => {
    const t = 'SNIKKET_DOMAIN = chat.example.com\n';
    const f = parseDotenv(t);
    assert.equal(f.entries[0]!.key, 'SNIKKET_DOMAIN');
    assert.equal(f.entries[0]!.value, 'chat.example.com');
    assert.equal(f.problems.length, 1);
    const p = f.problems[0]!;
    assert.equal(p.kind, 'space-around-equals');
    assert.equal(p.fatal, false);
    assert.deepEqual(p.span, spanOf(t, ' = '));
    assert.match(p.message, /remove the spaces around '='/i);
  });

  it('reports lines that are not assignments, bad keys, bare keys, colons and unterminated quotes', () => {
    const t = 'just some words\nBAD/KEY=1\nA B=2\nBARE\nC: 3\nD="open\nE=ok\n';
    const f = parseDotenv(t);
    const kinds = f.problems.map((p) => [p.kind, slice(t, p.span), p.fatal]);
    assert.deepEqual(kinds, [
      ['not-an-assignment', 'just some words', true],
      ['invalid-key', 'BAD/KEY', true],
      ['invalid-key', 'A B', true],
      ['inherited-key', 'BARE', false],
      ['colon-separator', ':', false],
      ['space-around-equals', ': ', false],
      ['unterminated-quote', '"open', true],
    ]);
    // Recovery: the line after the unterminated quote is still read.
    assert.deepEqual(
      f.entries.map((e) => [e.key, e.value]),
      [
        ['C', '3'],
        ['D', 'open'],
        ['E', 'ok'],
      ],
    );
  });

  it('reads multi-line quoted values as Compose does and flags them', () => {
    const t = 'A="line1\nline2"\nB=2\n';
    const f = parseDotenv(t);
    assert.equal(f.lookup('A')!.value, 'line1\nline2');
    assert.equal(f.lookup('A')!.line, 0);
    assert.deepEqual(f.lookup('A')!.lineSpan, spanOf(t, 'A="line1\nline2"'));
    assert.equal(f.lookup('B')!.line, 2);
    assert.deepEqual(
      f.problems.map((p) => p.kind),
      ['multiline-value'],
    );
  });

  it('flags text after a closing quote', () => {
    const t = 'A="x" B=y\n';
    const f = parseDotenv(t);
    assert.equal(f.lookup('A')!.value, 'x');
    assert.deepEqual(
      f.problems.map((p) => [p.kind, slice(t, p.span)]),
      [['text-after-quote', ' B=y']],
    );
  });

  it('keeps duplicates in order; lookup returns the last', () => {
    const t = 'SNIKKET_TWEAK_HTTP_PORT=80\nX=1\nSNIKKET_TWEAK_HTTP_PORT=5080\n';
    const f = parseDotenv(t);
    assert.equal(f.entries.length, 3);
    assert.equal(f.lookup('SNIKKET_TWEAK_HTTP_PORT')!.value, '5080');
    assert.equal(f.lookup('SNIKKET_TWEAK_HTTP_PORT')!.line, 2);
    const d = f.duplicates();
    assert.deepEqual(
      d.map((x) => [x.key, x.entries.map((e) => e.line)]),
      [['SNIKKET_TWEAK_HTTP_PORT', [0, 2]]],
    );
    assert.equal(f.lookup('MISSING'), undefined);
  });

  it('reads empty values and empty files', () => {
    assert.deepEqual(parseDotenv('').entries, []);
    const f = parseDotenv('A=\nB=""\n');
    assert.deepEqual(
      f.entries.map((e) => [e.key, e.value, e.valueSpan.end - e.valueSpan.start]),
      [
        ['A', '', 0],
        ['B', '', 2],
      ],
    );
  });
});

describe('readers/dotenv edit', () => {
  it('setValue replaces only the winning value, keeping its quote style', () => {
    const t = 'A=1\nB="x" # keep\nA=2 # comment\n';
    const f = parseDotenv(t);
    const e1 = setValue(f, 'A', '5443')!;
    assert.deepEqual(e1.span, spanOf(t, '2'));
    assert.equal(applyEdits(t, [e1]), 'A=1\nB="x" # keep\nA=5443 # comment\n');
    const e2 = setValue(f, 'B', 'y z')!;
    assert.equal(applyEdits(t, [e2]), 'A=1\nB="y z" # keep\nA=2 # comment\n');
    assert.equal(setValue(f, 'NOPE', 'v'), undefined);
  });

  it('quotes when the value needs it and round-trips through the parser', () => {
    assert.equal(formatValue('plain'), 'plain');
    assert.equal(formatValue('a #b'), "'a #b'");
    assert.equal(formatValue(' lead'), "' lead'");
    // Single quotes: literal for Compose (no interpolation) and for a shell sourcing the file.
    assert.equal(formatValue('x$y'), "'x$y'");
    assert.equal(formatValue('a@b;touch /tmp/x;:'), "'a@b;touch /tmp/x;:'");
    assert.equal(formatValue('y z', 'double'), '"y z"');
    assert.equal(formatValue('$(id)', 'double'), "'$(id)'");
    // No quoting is safe for a quote, a control character or a trailing backslash: no value at all.
    assert.equal(formatValue("it's"), undefined);
    assert.equal(formatValue('a\nb'), undefined);
    assert.equal(formatValue('ends\\'), undefined);
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', ' ', '#', '"', "'", '\\', '$', '\n', '\t', 'x', '{', '}', ';', '`', '('),
        }),
        fc.constantFrom('none', 'single', 'double'),
        (v, style) => {
          const written = formatValue(v, style as 'none' | 'single' | 'double');
          if (written === undefined) {
            assert.ok(/['\n\t]|\\$/.test(v), `${JSON.stringify(v)} should be writable`);
            return;
          }
          const line = `K=${written}\n`;
          assert.equal(parseDotenv(line).lookup('K')?.value, v, JSON.stringify(line));
          // A shell sees a single word without expansions: unquoted safe characters or one quoted string.
          assert.ok(
            /^[A-Za-z0-9_@%+=:,./-]*$/.test(written) || /^'[^']*'$/.test(written) || /^"[^$`\\"!]*"$/.test(written),
            written,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('appendEntry keeps CRLF and completes a last line without a newline', () => {
    const t = 'A=1\r\nB=2';
    const e = appendEntry(t, 'SNIKKET_TWEAK_HTTPS_PORT', '5443')!;
    assert.deepEqual(e.span, { start: t.length, end: t.length });
    assert.equal(e.newText, '\r\nSNIKKET_TWEAK_HTTPS_PORT=5443\r\n');
    assert.equal(appendEntry('A=1\n', 'B', '2')!.newText, 'B=2\n');
    assert.equal(appendEntry('', 'B', '2')!.newText, 'B=2\n');
  });
});

describe('readers/dotenv robustness', () => {
  it('never throws on random or mutated input', () => {
    const mutated = fc
      .array(fc.tuple(fc.nat(SEED.length), fc.nat(3), fc.constantFrom(...NASTY)), { maxLength: 12 })
      .map((ops) => ops.reduce((s, [at, del, ins]) => s.slice(0, at) + ins + s.slice(at + del), SEED));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...NASTY, 'A', 'b', '1') }), mutated),
        (t) => {
          const f = parseDotenv(t);
          for (const e of f.entries) {
            assert.ok(e.keySpan.start <= e.keySpan.end && e.valueSpan.end <= t.length);
            assert.ok(!e.value.endsWith('\r') || e.quoted !== 'none');
          }
          f.duplicates();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a 10 MB file @slow', function () {
    this.timeout(60_000);
    const t = repeatTo('SNIKKET_TWEAK_HTTP_PORT=5080 # c\nA="x$B"\r\nB=${A \n', 10_000_000);
    const f = parseDotenv(t);
    assert.ok(f.entries.length > 500_000);
  });
});
