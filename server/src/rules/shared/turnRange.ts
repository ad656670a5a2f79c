/**
 * The firewall range meant for TURN relaying. One drift between it and the relay range is one
 * cause: turn-range-mismatch reports it, firewall-port-missing then leaves the relay range alone.
 */
import type { Facts } from '../../model/facts';
import type { PortList, RangeItem } from '../../model/facts/firewall';
import { relayRange } from './snikketPorts';

export interface FirewallRelayRange {
  list: PortList;
  r: Required<RangeItem>;
  /** It opens exactly the relay range. */
  exact: boolean;
}

/** The UDP range that matches or overlaps the relay range, else the only UDP range; undefined when none. */
export function firewallRelayRange(f: Facts): FirewallRelayRange | undefined {
  const range = relayRange(f);
  if (!range) return undefined;
  const { min, max } = range;
  const ranges = f.firewall.lists
    .filter((l) => l.protocol === 'udp' && l.kind === 'ranges' && l.doc !== f.containers.generated)
    .flatMap((l) => l.ranges.map((r) => ({ list: l, r })))
    .filter((x): x is { list: PortList; r: Required<RangeItem> } => !!x.r.from && !!x.r.to);
  const exact = ranges.find(({ r }) => r.from.value === min && r.to.value === max);
  if (exact) return { ...exact, exact: true };
  const hit =
    ranges.find(({ r }) => r.from.value <= max && min <= r.to.value) ?? (ranges.length === 1 ? ranges[0] : undefined);
  return hit ? { ...hit, exact: false } : undefined;
}
