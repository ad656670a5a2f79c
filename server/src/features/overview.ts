/**
 * The deployment overview: one deployment's files, values, DNS records, ports and findings in
 * one picture, instead of reading six files. Computed from the same facts the rules read.
 */
import type { CheckResult, DeploymentResult } from '../check/check';
import type { OverviewDeployment, OverviewPort, OverviewResult } from '../api/protocol';
import type { Facts } from '../model/facts';
import type { Protocol } from '../model/facts/firewall';
import { switchSetting } from '../model/facts/settings';
import { publishedPorts, reachable } from '../rules/shared/published';
import { internalPorts, neededPorts, relayRange } from '../rules/shared/snikketPorts';

export function buildOverview(result: CheckResult): OverviewResult {
  return { deployments: result.deployments.map(deploymentOverview) };
}

function deploymentOverview(d: DeploymentResult): OverviewDeployment {
  const f = d.facts;
  const files: Record<string, string> = {};
  for (const [role, file] of Object.entries(d.deployment.files)) if (file) files[role] = file;
  const domain = f.settings.get('SNIKKET_DOMAIN')?.value.trim();
  const out: OverviewDeployment = {
    root: d.deployment.root,
    files,
    values: values(f),
    dnsRecords: domain ? [domain, `groups.${domain}`, `share.${domain}`].map((n) => `${n} A/AAAA`) : [],
    ports: ports(f),
    findings: d.findings.map((x) => ({
      file: x.file,
      line: x.range.start.line + 1,
      severity: x.severity,
      code: x.code,
      message: x.message,
    })),
  };
  if (f.containers.containers.length > 0 && f.containers.backend.value) out.backend = f.containers.backend.value;
  return out;
}

/**
 * The values by the names users write in snikket.conf. Unset values show the default Snikket
 * uses, marked as such; a value the checker cannot work out shows as "unknown".
 */
function values(f: Facts): Record<string, string> {
  const v: Record<string, string> = {};
  if (!f.settings.source) {
    addContainerValues(f, v);
    return v;
  }
  const raw = (name: string) => f.settings.get(name)?.value;
  // Unset values show the default Snikket uses, marked as such; unknown ones say why.
  const unknownText = (name: string) => {
    const why = f.settings.unknownReason(name);
    return why === undefined ? undefined : `unknown: ${why}`;
  };
  const show = (name: string, fallback?: string) => {
    const value = raw(name) ?? unknownText(name);
    if (value !== undefined) v[name] = value;
    else if (fallback !== undefined) v[name] = `${fallback} (default)`;
  };
  show('SNIKKET_DOMAIN');
  show('SNIKKET_ADMIN_EMAIL');
  show('SNIKKET_TWEAK_HTTP_PORT', '80');
  show('SNIKKET_TWEAK_HTTPS_PORT', '443');
  const turn = switchSetting(f.settings, 'SNIKKET_TWEAK_TURNSERVER', true);
  show('SNIKKET_TWEAK_TURNSERVER', '1');
  if (turn) {
    const r = relayRange(f);
    const given =
      raw('SNIKKET_TWEAK_TURNSERVER_MIN_PORT') !== undefined || raw('SNIKKET_TWEAK_TURNSERVER_MAX_PORT') !== undefined;
    v['TURN relay ports'] = r
      ? `${r.min}–${r.max}${given ? '' : ' (default)'}`
      : (unknownText('SNIKKET_TWEAK_TURNSERVER_MIN_PORT') ?? 'unknown');
    show('SNIKKET_TWEAK_TURNSERVER_PORT', '3478');
  }
  show('SNIKKET_PROXY65_PORT', '5000');
  v['settings file'] = f.settings.source.path;
  addContainerValues(f, v);
  return v;
}

function addContainerValues(f: Facts, v: Record<string, string>): void {
  // A secrets file the containers read: what it sets is unknown, and its text is never shown.
  for (const u of f.settings.unreadEnvFiles) v[`env file ${u.file}`] = `unknown: ${u.reason}`;
  if (f.containers.containers.length > 0 && f.containers.backend.value)
    v['container backend'] = f.containers.backend.value;
  if (f.containers.project) v['compose2nix project'] = f.containers.project;
}

function ports(f: Facts): OverviewPort[] {
  const published = publishedPorts(f);
  const isOpen = (protocol: Protocol, from: number, to: number) => reachable(f, published, protocol, from, to);
  const out: OverviewPort[] = (neededPorts(f) ?? []).map((n) => ({
    ...n,
    open: isOpen(n.protocol, n.from, n.to),
    expected: 'open',
  }));
  if (!f.settings.source) return out;
  for (const i of internalPorts(f)) {
    // A port both needed and internal (a misconfiguration) is listed once, as needed.
    if (out.some((o) => o.protocol === 'tcp' && o.from <= i.port && i.port <= o.to)) continue;
    out.push({
      protocol: 'tcp',
      from: i.port,
      to: i.port,
      purpose: i.purpose,
      open: isOpen('tcp', i.port, i.port),
      expected: 'closed',
    });
  }
  return out;
}
