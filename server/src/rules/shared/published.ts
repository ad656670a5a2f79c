/**
 * Host ports that containers publish (`ports`, `-p`/`--publish`). Docker and rootful podman forward
 * them (DNAT) before the host's INPUT chain, so they are reachable whatever the NixOS firewall says;
 * rootless podman binds host sockets and `--network=host` publishes nothing, so there the firewall applies.
 */
import type { Facts } from '../../model/facts';
import { usesHostNetwork, type Container } from '../../model/facts/containers';
import { opens, type Protocol } from '../../model/facts/firewall';
import { parseShortPort } from '../../syntax/compose/shortSyntax';
import { attrNames, attrpathOf, bindingValue, bindings } from '../../syntax/nix/view';

export function publishedPorts(f: Facts): { protocol: Protocol; port: number }[] {
  const out: { protocol: Protocol; port: number }[] = [];
  for (const c of f.containers.containers) {
    if (podmanRootless(f, c) === true) continue;
    out.push(...containerPorts(c));
  }
  return out;
}

/** The host ports one container publishes (none with `--network=host`). */
export function containerPorts(c: Container): { protocol: Protocol; port: number }[] {
  const out: { protocol: Protocol; port: number }[] = [];
  if (usesHostNetwork(c)) return out;
  const specs = c.ports.map((p) => p.value);
  const opts = c.extraOptions.map((o) => o.value ?? '');
  for (let i = 0; i < opts.length; i++) {
    const m = /^(?:-p|--publish)(?:=|$)(.*)$/.exec(opts[i]!);
    if (m) specs.push(m[1] ? m[1] : opts[++i]);
  }
  for (const spec of specs) {
    // `-p` takes compose's short syntax; a bare container port publishes nothing predictable.
    const p = spec ? parseShortPort(spec.trim()) : undefined;
    if (!p || 'error' in p || !p.published || (p.protocol !== 'tcp' && p.protocol !== 'udp')) continue;
    const { start, end } = p.published.range;
    for (let port = start; port <= end && port - start < 70000; port++) out.push({ protocol: p.protocol, port });
  }
  return out;
}

/**
 * Whether podman runs this container rootless (`podman.user` set to another user than root):
 * undefined when that cannot be told (then its published ports may bypass the firewall).
 */
function podmanRootless(f: Facts, c: Container): boolean | undefined {
  const backend = f.containers.backend;
  if (backend.value === 'docker') return false;
  if (backend.value === undefined) return undefined;
  const attrs = c.doc.ev.attrsOf(c.def.value);
  if (!attrs) return undefined;
  for (const b of bindings(attrs)) {
    const path = attrpathOf(b);
    const value = bindingValue(b);
    if (!path || !value) continue;
    const key = attrNames(path).map((n) => c.doc.ev.attrName(n));
    let user: ReturnType<typeof c.doc.ev.evaluate> | undefined;
    if (key.length === 2 && key[0] === 'podman' && key[1] === 'user') user = c.doc.ev.evaluate(value);
    else if (key.length === 1 && key[0] === 'podman') {
      const inner = c.doc.ev.attrsOf(value);
      if (!inner) return undefined;
      const u = c.doc.ev.lookupBinding(inner, 'user');
      if (u === null) return undefined;
      if (u) user = c.doc.ev.evaluate(u);
    } else if (key[0] === undefined) return undefined;
    if (user) return user.kind === 'string' ? user.value !== 'root' : undefined;
  }
  return false;
}

/** Whether every port of from..to can be reached: the firewall opens it or a container publishes it. */
export function reachable(
  f: Facts,
  published: { protocol: Protocol; port: number }[],
  protocol: Protocol,
  from: number,
  to: number,
): boolean {
  if (f.firewall.disabled) return true;
  for (let p = from; p <= to; p++) {
    if (!opens(f.firewall, protocol, p) && !isPublished(published, protocol, p)) return false;
  }
  return true;
}

function isPublished(published: { protocol: Protocol; port: number }[], protocol: Protocol, port: number): boolean {
  for (const x of published) if (x.protocol === protocol && x.port === port) return true;
  return false;
}
