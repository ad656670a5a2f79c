/** The ports Snikket's own web proxy listens on, as the deployment sets them (defaults 80/443). */
import type { Facts } from '../../model/facts';
import { intSetting, type Setting } from '../../model/facts/settings';

export interface TweakPort {
  name: string;
  value: number;
  setting: Setting | undefined;
}

export function tweakPort(facts: Facts, kind: 'http' | 'https'): TweakPort | undefined {
  const name = kind === 'http' ? 'SNIKKET_TWEAK_HTTP_PORT' : 'SNIKKET_TWEAK_HTTPS_PORT';
  // Without any settings source the values are not known, not the defaults.
  if (!facts.settings.source) return undefined;
  const v = intSetting(facts.settings, name, kind === 'http' ? 80 : 443);
  return v ? { name, value: v.value, setting: v.setting } : undefined;
}

export function describe(p: TweakPort): string {
  return p.setting ? `${p.name}=${p.value}` : `${p.name} (unset, so ${p.value})`;
}
