/** Seeded, deterministic mutants of Nix sources (for conformance and robustness tests). */

import { rng } from '../helpers/random';

export type Mutation = 'delete' | 'insert-semicolon' | 'insert-brace' | 'insert-quote' | 'duplicate-line';
const MUTATIONS: Mutation[] = ['delete', 'insert-semicolon', 'insert-brace', 'insert-quote', 'duplicate-line'];

function mutate(text: string, random: () => number): { text: string; mutation: Mutation; at: number } {
  const mutation = MUTATIONS[Math.floor(random() * MUTATIONS.length)]!;
  const at = Math.floor(random() * (text.length + 1));
  switch (mutation) {
    case 'delete': {
      const i = Math.min(at, text.length - 1);
      return { text: text.slice(0, i) + text.slice(i + 1), mutation, at: i };
    }
    case 'insert-semicolon':
      return { text: text.slice(0, at) + ';' + text.slice(at), mutation, at };
    case 'insert-brace':
      return { text: text.slice(0, at) + '{' + text.slice(at), mutation, at };
    case 'insert-quote':
      return { text: text.slice(0, at) + '"' + text.slice(at), mutation, at };
    case 'duplicate-line': {
      const s = text.lastIndexOf('\n', at - 1) + 1;
      let e = text.indexOf('\n', at);
      e = e < 0 ? text.length : e + 1;
      const line = text.slice(s, e);
      return { text: text.slice(0, e) + (line.endsWith('\n') ? line : '\n' + line) + text.slice(e), mutation, at: s };
    }
  }
}

/** `count` mutants spread over `sources`, deterministic for a seed. */
export function mutants(
  sources: { name: string; text: string }[],
  count: number,
  seed: number,
): { name: string; text: string }[] {
  const random = rng(seed);
  const out: { name: string; text: string }[] = [];
  for (let i = 0; i < count; i++) {
    const src = sources[i % sources.length]!;
    const m = mutate(src.text, random);
    out.push({ name: `${src.name.replace(/\.nix$/, '')}.m${i}-${m.mutation}-${m.at}.nix`, text: m.text });
  }
  return out;
}
