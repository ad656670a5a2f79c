/** Everything the rules read about one deployment, computed once per check. */
import type { Deployment, Role } from '../discovery';
import { readCertScript, readCopyServices, type CertScript, type CopyService } from './certCopy';
import { readContainers, type ContainerFacts } from './containers';
import { readFirewall, type FirewallFacts } from './firewall';
import { readNginx, type NginxFacts } from './nginx';
import { readSettings, type Settings } from './settings';
import { HostConfig } from '../options/hostConfig';
import type { NixDoc } from '../documents';

export interface Facts {
  deployment: Deployment;
  settings: Settings;
  containers: ContainerFacts;
  nginx: NginxFacts;
  firewall: FirewallFacts;
  script: CertScript | undefined;
  copyServices: CopyService[];
}

type ModuleFacts = Pick<Facts, 'containers' | 'nginx' | 'firewall' | 'copyServices'>;

/**
 * What the Nix modules alone say, by the host's first module: an edit of snikket.conf or of the
 * script leaves every module (documents are cached by content) and so these facts as they were.
 */
const moduleFacts = new WeakMap<NixDoc, { docs: readonly NixDoc[]; host: HostConfig; facts: ModuleFacts }>();

function remembered(d: Deployment): { host: HostConfig; facts: ModuleFacts } | undefined {
  const first = d.nix[0];
  const hit = first ? moduleFacts.get(first) : undefined;
  return hit && hit.docs.length === d.nix.length && hit.docs.every((doc, i) => doc === d.nix[i]) ? hit : undefined;
}

/**
 * Points the deployment's modules at this host's definitions: `config.<path>` and computed names
 * in any module read them (a module shared by two hosts evaluates once per host). Whatever reads
 * a deployment's modules lazily after another deployment was checked calls it first.
 */
export function selectHost(d: Deployment, host = remembered(d)?.host ?? new HostConfig(d.nix)): HostConfig {
  for (const doc of d.nix) doc.ev.setConfig(host);
  return host;
}

export function readFacts(d: Deployment): Facts {
  const hit = remembered(d);
  const host = selectHost(d, hit?.host);
  let modules = hit?.facts;
  if (!modules) {
    // Files that failed to parse still contribute what their tree holds: recovery keeps the rest.
    modules = {
      containers: readContainers(d.nix),
      nginx: readNginx(d.nix),
      firewall: readFirewall(d.nix),
      copyServices: readCopyServices(d.nix),
    };
    const first = d.nix[0];
    if (first) moduleFacts.set(first, { docs: [...d.nix], host, facts: modules });
  }
  const facts: Facts = {
    deployment: d,
    settings: readSettings(d, modules.containers.containers),
    ...modules,
    script: readCertScript(d.script),
  };
  d.files = rolesOf(facts);
  return facts;
}

function rolesOf(f: Facts): Partial<Record<Role, string>> {
  const d = f.deployment;
  const files: Partial<Record<Role, string>> = {};
  if (d.conf) files.conf = d.conf.path;
  if (d.compose) files.compose = d.compose.path;
  if (f.containers.generated) files.generated = f.containers.generated.path;
  else if (f.containers.containers[0]) files.containers = f.containers.containers[0].doc.path;
  const proxy = f.nginx.vhosts[0]?.doc ?? f.firewall.lists[0]?.doc;
  if (proxy) files.proxy = proxy.path;
  const nginx = f.nginx.files[0];
  if (nginx) files.nginx = nginx.path;
  if (d.script) files.script = d.script.path;
  const timer = f.copyServices[0];
  if (timer) files.timer = timer.doc.path;
  return files;
}
