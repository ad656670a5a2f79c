import * as assert from 'node:assert/strict';
import { confCompletions } from '../../../server/src/features/completion/confCompletion';
import { parseDotenv } from '../../../server/src/syntax/dotenv/parse';

/** Completions where `|` stands in the text (the bar is taken out). */
function at(textWithBar: string) {
  const cursor = textWithBar.indexOf('|');
  const text = textWithBar.slice(0, cursor) + textWithBar.slice(cursor + 1);
  return { text, cursor, found: confCompletions(text, parseDotenv(text), cursor) };
}

describe('features/completion: snikket.conf', () => {
  it('offers the names not set on other lines, replacing the word around the cursor, with "=" when none follows', () => {
    const { text, found } = at('SNIKKET_DOMAIN=chat.hedgehog.test\nSNIKKET_AD|MIN\n');
    const labels = found!.map((c) => c.label);
    assert.ok(!labels.includes('SNIKKET_DOMAIN'), 'set on another line');
    const admin = found!.find((c) => c.label === 'SNIKKET_ADMIN_EMAIL')!;
    assert.equal(text.slice(admin.start, admin.end), 'SNIKKET_ADMIN');
    assert.equal(admin.newText, 'SNIKKET_ADMIN_EMAIL=');
    assert.equal(admin.kind, 'variable');
    assert.equal(admin.sortText, '0SNIKKET_ADMIN_EMAIL', 'required names first');
    assert.match(admin.documentation, /^\*\*SNIKKET_ADMIN_EMAIL\*\* \(required\)/);
  });

  it('keeps the name of the line being edited on offer, and writes no second "="', () => {
    const { found } = at('SNIKKET_DOM|AIN=chat.hedgehog.test\n');
    const domain = found!.find((c) => c.label === 'SNIKKET_DOMAIN')!;
    assert.equal(domain.newText, 'SNIKKET_DOMAIN');
  });

  it("offers an enum's values after '=', replacing the value written so far", () => {
    const { text, found } = at('SNIKKET_TLS_PROFILE=mod|ern # comment\n');
    assert.deepEqual(
      found!.map((c) => [c.label, c.detail]),
      [
        ['modern', 'the default'],
        ['intermediate', undefined],
        ['old', undefined],
        ['legacy', undefined],
      ],
    );
    const first = found![0]!;
    assert.equal(first.kind, 'value');
    assert.equal(text.slice(first.start, first.end), 'modern');
  });

  it('offers nothing in a comment, on a line that is no assignment, or after an unknown name', () => {
    assert.equal(at('# SNIKKET_|\n').found, undefined);
    assert.equal(at('SNIKKET DOMAIN|\n').found, undefined);
    assert.equal(at('NOT_SNIKKET=|\n').found, undefined);
  });
});
