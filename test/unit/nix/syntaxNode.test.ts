/** The node API that works without building `children`: child nodes, own token spans, token spans of a subtree. */
import * as assert from 'node:assert/strict';
import { parseNix } from '../../../server/src/syntax/nix/parser';
import type { NixNode } from '../../../server/src/syntax/nix/tree';
import { nodesOf } from '../../../server/src/syntax/nix/view';

const text = 'rec { a = "x${b}y"; /* c */ b = [ 1 "z" ]; }';
const root = parseNix(text).root;
const set = (): NixNode => root.nodes[0]!;
const slice = (s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);

describe('Nix syntax nodes', () => {
  it('lists child nodes without tokens, in order', () => {
    assert.deepEqual(
      set().nodes.map((n) => n.kind),
      ['AttrpathValue', 'AttrpathValue'],
    );
    assert.deepEqual(
      set().children.filter((c) => c.type === 'node'),
      set().nodes,
    );
  });

  it("finds a node's own token, not one of a child node", () => {
    assert.equal(slice(set().tokenSpan('rec')), 'rec');
    assert.equal(slice(set().tokenSpan('}')), '}');
    // `=` belongs to the bindings, `"` to the strings inside them.
    assert.equal(set().tokenSpan('='), undefined);
    assert.equal(set().tokenSpan('"'), undefined);
    assert.deepEqual(set().nodes[0]!.tokenSpan('='), { start: 8, end: 9 });
  });

  it('lists every token of a kind in a subtree, trivia included', () => {
    assert.deepEqual(root.tokenSpans('str_content').map(slice), ['x', 'y', 'z']);
    assert.deepEqual(root.tokenSpans('comment').map(slice), ['/* c */']);
    assert.deepEqual(set().nodes[1]!.tokenSpans('int').map(slice), ['1']);
  });

  it('builds children once: tokens keep their identity and know their parent', () => {
    const binding = set().nodes[0]!;
    assert.equal(binding.children, binding.children);
    for (const c of binding.children) assert.equal(c.parent, binding);
    assert.equal(binding.children.map((c) => text.slice(c.start, c.end)).join(''), 'a = "x${b}y";');
  });

  it('walks every node through `nodes`, pre-order', () => {
    const kinds = [...nodesOf(root)].map((n) => n.kind);
    assert.equal(kinds[0], 'Root');
    assert.equal(kinds.filter((k) => k === 'Interpolation').length, 1);
    assert.equal(kinds.filter((k) => k === 'Literal').length, 1);
  });
});
