/** String literals and interpolation: each piece remembers the text it came from, so a fix edits the literal. */
import type { Evaluator } from './evaluate';
import type { NixNode } from './tree';
import {
  asSegments,
  mergeAdjacent,
  stripIndent,
  unescape,
  unknown,
  type Frame,
  type NixValue,
  type Segment,
} from './values';
import { expressions } from './view';

export function stringValue(ev: Evaluator, node: NixNode, frame: Frame | undefined): NixValue {
  const indented = node.kind === 'IndentedString';
  const segments: Segment[] = [];
  for (const c of node.children) {
    if (c.type === 'token') {
      if (c.kind === 'str_content') {
        segments.push({
          text: ev.text.slice(c.start, c.end).replace(/\r\n?/g, '\n'),
          origin: { start: c.start, end: c.end },
          from: 'string',
        });
      } else if (c.kind === 'str_escape') {
        segments.push({ text: unescape(ev.text.slice(c.start, c.end), indented), from: 'other' });
      }
    } else if (c.kind === 'Interpolation') {
      const inner = ev.evalIn(expressions(c)[0], frame);
      const segs = asSegments(inner);
      if (!segs) return unknown(node, inner.kind === 'unknown' ? inner.reason : undefined);
      segments.push(...segs);
    }
  }
  const value = segments.map((s) => s.text).join('');
  if (indented)
    return {
      kind: 'string',
      value: stripIndent(value),
      segments: [{ text: stripIndent(value), from: 'other' }],
      node,
    };
  return { kind: 'string', value, segments: mergeAdjacent(segments), node };
}
