/**
 * nginx virtual hosts as NixOS's `services.nginx.virtualHosts` defines them, with the host-wide
 * nginx and ACME options that change what a vhost does (nixpkgs
 * nixos/modules/services/web-servers/nginx/default.nix).
 */
import type { NixValue } from '../../syntax/nix/evaluate';
import { findDefinitions, type KeySegment, type OptionDefinition } from '../../syntax/nix/options';
import type { NixNode } from '../../syntax/nix/tree';
import { DISABLED, unknown } from '../../syntax/nix/values';
import type { NixDoc } from '../documents';
import { definitionApplies } from '../options/hostConfig';
import { conditionalDef } from './firewall';

export interface ValueDef {
  def: OptionDefinition;
  doc: NixDoc;
  value: NixValue;
}

export interface Location {
  path: string | undefined;
  /** The location's attribute name as written (`"/"`), where a fix can rename it. */
  key: KeySegment;
  attrset: NixNode | undefined;
  proxyPass?: ValueDef;
  extraConfig?: ValueDef;
  recommendedProxySettings?: ValueDef;
  proxyWebsockets?: ValueDef;
  return?: ValueDef;
  /** Other options set on it (root, alias, tryFiles...): it answers by itself. */
  others: string[];
}

/** The vhost options read as one value each. */
const SINGLE_FIELDS = [
  'enableACME',
  'useACMEHost',
  'acmeFallbackHost',
  'extraConfig',
  'serverName',
  'forceSSL',
  'addSSL',
  'onlySSL',
  'enableSSL',
  'rejectSSL',
  'listen',
  'default',
  'globalRedirect',
] as const;
type SingleField = (typeof SINGLE_FIELDS)[number];

export interface VirtualHost extends Partial<Record<SingleField, ValueDef>> {
  /** The attribute name as written, and its value when knowable (`"${domain}"` → chat.example.com). */
  key: KeySegment;
  name: string | undefined;
  nameValue: NixValue;
  def: OptionDefinition;
  doc: NixDoc;
  /** The vhost's attrset (where a binding can be added). */
  attrset: NixNode | undefined;
  serverAliases: { value: string | undefined; node: NixNode }[];
  /** Each `serverAliases` definition; a list that is not fully known makes the names unknown. */
  aliasLists: ValueDef[];
  locations: Location[];
  /** Definitions of the whole vhost (`virtualHosts.x = { ... }`): one means one place holds it. */
  wholeDefs: OptionDefinition[];
}

export interface AcmeCert {
  name: string | undefined;
  def: OptionDefinition;
  doc: NixDoc;
  dnsProvider?: ValueDef;
}

export interface NginxFacts {
  vhosts: VirtualHost[];
  /** Whether nginx is enabled (or has virtual hosts, which means someone means to enable it). */
  enabled: boolean;
  /** Files that configure nginx itself (`services.nginx.enable`) or ACME. */
  files: NixDoc[];
  acmeCerts: AcmeCert[];
  /** `services.nginx.<option>` host-wide (recommendedProxySettings, proxyTimeout, appendHttpConfig...). */
  global: Map<string, ValueDef>;
  /** The `services.nginx.enable` definitions: the module that enables nginx is where host-wide options live. */
  enableDefs: ValueDef[];
  /** `security.acme.defaults.<option>`. */
  acmeDefaults: Map<string, ValueDef>;
  /** Whether the deployment holds the host's ACME configuration (`security.acme.acceptTerms`). */
  acmeConfigured: boolean;
}

const GLOBAL_FIELDS = new Set([
  'recommendedProxySettings',
  'proxyTimeout',
  'appendHttpConfig',
  'commonHttpConfig',
  'httpConfig',
  'commonServerConfig',
  'clientMaxBodySize',
  'defaultHTTPListenPort',
  'defaultSSLListenPort',
  'defaultListen',
]);
const LOCATION_FIELDS = new Set(['proxyPass', 'extraConfig', 'recommendedProxySettings', 'proxyWebsockets', 'return']);

export function readNginx(docs: NixDoc[]): NginxFacts {
  const facts: NginxFacts = {
    vhosts: [],
    enabled: false,
    files: [],
    acmeCerts: [],
    global: new Map(),
    enableDefs: [],
    acmeDefaults: new Map(),
    acmeConfigured: false,
  };
  for (const doc of docs) readDoc(doc, facts);
  if (facts.vhosts.length > 0) facts.enabled = true;
  return facts;
}

function readDoc(doc: NixDoc, facts: NginxFacts): void {
  const defs = doc.defs;
  const hosts: VirtualHost[] = [];
  // A definition that may not apply (under an undecidable or false condition) gives no value to rely on.
  const valueDef = (d: OptionDefinition): ValueDef => {
    const applies = conditionalDef(doc, d) ? definitionApplies(doc, d) : 'yes';
    return {
      def: d,
      doc,
      value:
        applies === 'yes' ? doc.ev.evaluate(d.value) : unknown(d.value, applies === 'no' ? DISABLED : applies.maybe),
    };
  };
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
      aliasLists: [],
      locations: [],
      wholeDefs: [],
    };
    hosts.push(v);
    return v;
  };
  for (const def of findDefinitions(defs, ['services', 'nginx', 'virtualHosts', '*'])) {
    const host = hostFor(def.path[3]!, def);
    host.def = def;
    host.attrset = doc.ev.attrsOf(def.value);
    host.wholeDefs.push(def);
  }
  let configuresNginx = false;
  for (const d of defs) {
    const p = d.path;
    if (p[0]?.name === 'security' && p[1]?.name === 'acme') {
      configuresNginx = true;
      readAcme(d, valueDef, facts, doc);
      continue;
    }
    if (p[0]?.name !== 'services' || p[1]?.name !== 'nginx') continue;
    if (p.length === 3 && p[2]!.name === 'enable') {
      configuresNginx = true;
      const vd = valueDef(d);
      facts.enableDefs.push(vd);
      if (vd.value.kind !== 'bool' || vd.value.value) facts.enabled = true;
      continue;
    }
    if (p.length === 3 && p[2]!.name !== undefined && GLOBAL_FIELDS.has(p[2]!.name)) {
      facts.global.set(p[2]!.name, valueDef(d));
      continue;
    }
    if (p.length < 5 || p[2]!.name !== 'virtualHosts') continue;
    // Settings of a vhost may be spread over several definitions (`virtualHosts.x.forceSSL = true;`).
    const host = hostFor(p[3]!, d);
    const field = p[4]!.name;
    if (p.length === 5) {
      if (field === 'serverAliases') readAliases(host, valueDef(d), doc);
      else if ((SINGLE_FIELDS as readonly (string | undefined)[]).includes(field))
        host[field as SingleField] = valueDef(d);
    } else if (field === 'locations') {
      const loc = locationFor(host, p[5]!);
      if (p.length === 6) loc.attrset = doc.ev.attrsOf(d.value);
      else if (p.length === 7) {
        const option = p[6]!.name;
        if (option && LOCATION_FIELDS.has(option)) loc[option as 'proxyPass'] = valueDef(d);
        else if (option) loc.others.push(option);
      }
    }
  }
  if (configuresNginx) facts.files.push(doc);
  facts.vhosts.push(...hosts);
}

function readAcme(
  d: OptionDefinition,
  valueDef: (d: OptionDefinition) => ValueDef,
  facts: NginxFacts,
  doc: NixDoc,
): void {
  const p = d.path;
  if (p.length === 3 && p[2]!.name === 'acceptTerms') facts.acmeConfigured = true;
  if (p.length === 4 && p[2]!.name === 'defaults' && p[3]!.name) facts.acmeDefaults.set(p[3]!.name, valueDef(d));
  if (p[2]?.name !== 'certs' || p.length < 4) return;
  let cert = facts.acmeCerts.find((c) => c.doc === doc && sameKey(c.def.path[3]!, p[3]!));
  if (!cert) facts.acmeCerts.push((cert = { name: p[3]!.name, def: d, doc }));
  if (p.length === 5 && p[4]!.name === 'dnsProvider') cert.dnsProvider = valueDef(d);
}

function readAliases(host: VirtualHost, vd: ValueDef, doc: NixDoc): void {
  host.aliasLists.push(vd);
  for (const item of doc.ev.listOf(vd.def.value)?.items ?? []) {
    const iv = doc.ev.evaluate(item);
    host.serverAliases.push({ value: iv.kind === 'string' ? iv.value : undefined, node: item });
  }
}

function locationFor(host: VirtualHost, key: KeySegment): Location {
  let loc = host.locations.find((l) => sameKey(l.key, key));
  if (!loc) host.locations.push((loc = { path: key.name, key, attrset: undefined, others: [] }));
  return loc;
}

function evaluateKey(doc: NixDoc, node: NixNode): NixValue {
  if (node.kind === 'Ident')
    return { kind: 'string', value: doc.text.slice(node.start, node.end).trim(), segments: [], node };
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
