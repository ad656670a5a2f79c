/** nginx virtual hosts as NixOS's `services.nginx.virtualHosts` defines them. */
import type { NixValue } from '../../syntax/nix/evaluate';
import { findDefinitions, type KeySegment, type OptionDefinition } from '../../syntax/nix/options';
import type { NixNode } from '../../syntax/nix/tree';
import type { NixDoc } from '../documents';

export interface ValueDef {
  def: OptionDefinition;
  doc: NixDoc;
  value: NixValue;
}

export interface Location {
  path: string | undefined;
  attrset: NixNode | undefined;
  proxyPass?: ValueDef;
  extraConfig?: ValueDef;
}

export interface VirtualHost {
  /** The attribute name as written, and its value when knowable (`"${domain}"` → chat.example.com). */
  key: KeySegment;
  name: string | undefined;
  nameValue: NixValue;
  def: OptionDefinition;
  doc: NixDoc;
  /** The vhost's attrset (where a binding can be added). */
  attrset: NixNode | undefined;
  enableACME?: ValueDef;
  useACMEHost?: ValueDef;
  acmeFallbackHost?: ValueDef;
  serverAliases: { value: string | undefined; node: NixNode }[];
  locations: Location[];
  extraConfig?: ValueDef;
}

export interface NginxFacts {
  vhosts: VirtualHost[];
  /** Whether nginx is enabled (or has virtual hosts, which means someone means to enable it). */
  enabled: boolean;
  /** Files that configure nginx itself (`services.nginx.enable`) or ACME. */
  files: NixDoc[];
  acmeCerts: { name: string | undefined; def: OptionDefinition; doc: NixDoc }[];
}

const VHOSTS = ['services', 'nginx', 'virtualHosts'];

export function readNginx(docs: NixDoc[]): NginxFacts {
  const vhosts: VirtualHost[] = [];
  const files: NixDoc[] = [];
  const acmeCerts: NginxFacts['acmeCerts'] = [];
  let enabled = false;
  for (const doc of docs) {
    const defs = doc.defs;
    const hosts: VirtualHost[] = [];
    const hostFor = (key: KeySegment, def: OptionDefinition): VirtualHost => {
      const found = hosts.find((v) => sameKey(v.key, key));
      if (found) return found;
      const v: VirtualHost = {
        key,
        name: key.name,
        nameValue: evaluateKey(doc, key.node),
        def,
        doc,
        attrset: undefined,
        serverAliases: [],
        locations: [],
      };
      hosts.push(v);
      return v;
    };
    for (const def of findDefinitions(defs, [...VHOSTS, '*'])) {
      const host = hostFor(def.path[3]!, def);
      host.def = def;
      host.attrset = doc.ev.attrsOf(def.value);
    }
    for (const d of defs) {
      if (d.path.length < 5 || d.path[0]!.name !== 'services' || d.path[1]!.name !== 'nginx' || d.path[2]!.name !== 'virtualHosts') continue;
      // Settings of a vhost may be spread over several definitions (`virtualHosts.x.forceSSL = true;`).
      const host = hostFor(d.path[3]!, d);
      const field = d.path[4]!.name;
      const vd: ValueDef = { def: d, doc, value: doc.ev.evaluate(d.value) };
      if (d.path.length === 5) {
        if (field === 'enableACME') host.enableACME = vd;
        else if (field === 'useACMEHost') host.useACMEHost = vd;
        else if (field === 'acmeFallbackHost') host.acmeFallbackHost = vd;
        else if (field === 'extraConfig') host.extraConfig = vd;
        else if (field === 'serverAliases') {
          for (const item of doc.ev.listOf(d.value)?.items ?? []) {
            const iv = doc.ev.evaluate(item);
            host.serverAliases.push({ value: iv.kind === 'string' ? iv.value : undefined, node: item });
          }
        }
      } else if (field === 'locations' && d.path.length >= 6) {
        const locPath = d.path[5]!.name;
        let loc = host.locations.find((l) => l.path === locPath && locPath !== undefined);
        if (!loc) {
          loc = { path: locPath, attrset: undefined };
          host.locations.push(loc);
        }
        if (d.path.length === 6) loc.attrset = doc.ev.attrsOf(d.value);
        else if (d.path.length === 7 && d.path[6]!.name === 'proxyPass') loc.proxyPass = vd;
        else if (d.path.length === 7 && d.path[6]!.name === 'extraConfig') loc.extraConfig = vd;
      }
    }
    let configuresNginx = false;
    for (const d of findDefinitions(defs, ['services', 'nginx', 'enable'])) {
      configuresNginx = true;
      const v = doc.ev.evaluate(d.value);
      if (v.kind !== 'bool' || v.value) enabled = true;
    }
    for (const d of defs) {
      if (d.path[0]?.name === 'security' && d.path[1]?.name === 'acme') configuresNginx = true;
      if (d.path.length === 4 && d.path[0]!.name === 'security' && d.path[1]!.name === 'acme' && d.path[2]!.name === 'certs') {
        acmeCerts.push({ name: d.path[3]!.name, def: d, doc });
      }
    }
    if (configuresNginx) files.push(doc);
    vhosts.push(...hosts);
  }
  if (vhosts.length > 0) enabled = true;
  return { vhosts, enabled, files, acmeCerts };
}

function evaluateKey(doc: NixDoc, node: NixNode): NixValue {
  if (node.kind === 'Ident') return { kind: 'string', value: doc.text.slice(node.start, node.end).trim(), segments: [], node };
  // A Dynamic key's value is its inner expression's; a String key evaluates as itself.
  if (node.kind === 'Dynamic') {
    const inner = node.nodes[0];
    return doc.ev.evaluate(inner);
  }
  return doc.ev.evaluate(node);
}

function sameKey(a: KeySegment, b: KeySegment): boolean {
  return a.node === b.node || (a.name !== undefined && a.name === b.name);
}
