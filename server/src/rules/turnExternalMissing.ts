import type { Rule, RuleContext } from './rule';
import { setSettingEdit } from './shared/settingEdits';

const SWITCH = 'SNIKKET_TWEAK_TURNSERVER';
const DOMAIN = 'SNIKKET_TWEAK_TURNSERVER_DOMAIN';

/**
 * With the built-in STUN/TURN server off, Snikket tells clients about an external one only when
 * SNIKKET_TWEAK_TURNSERVER_DOMAIN names it; without one, calls between devices behind NAT fail.
 */
export const turnExternalMissing: Rule = {
  code: 'turn-external-missing',
  severity: 'error',
  summary: 'SNIKKET_TWEAK_TURNSERVER=0 without SNIKKET_TWEAK_TURNSERVER_DOMAIN: no STUN/TURN server at all.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const off = f.settings.get(SWITCH);
    if (!off || off.value !== '0') return;
    // A value set at run time may name the external server: that is not "missing".
    if (f.settings.unknownReason(DOMAIN) !== undefined) return;
    const domain = f.settings.get(DOMAIN);
    if (domain && domain.value.trim() !== '') return;
    const on = setSettingEdit(f, SWITCH, '1');
    ctx.report({
      doc: off.doc,
      span: off.valueSpan,
      message: `${SWITCH}=0 turns off Snikket's own STUN/TURN server, and ${DOMAIN} names no external one: audio and video calls between devices behind NAT fail`,
      fixes: on ? [{ title: `Run Snikket's own STUN/TURN server (${SWITCH}=1)`, edits: [on] }] : [],
    });
  },
};
