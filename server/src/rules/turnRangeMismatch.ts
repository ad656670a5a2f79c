import { intSetting } from '../model/facts/settings';
import { replaceInt } from '../syntax/nix/edits';
import type { FixDraft, Rule, RuleContext, SpanEdit } from './rule';
import { setSettingEdit } from './shared/settingEdits';
import { turnEnabled } from './shared/snikketPorts';
import { firewallRelayRange } from './shared/turnRange';

const MIN = 'SNIKKET_TWEAK_TURNSERVER_MIN_PORT';
const MAX = 'SNIKKET_TWEAK_TURNSERVER_MAX_PORT';

/** The firewall's UDP range must be exactly the TURN relay range, and the range must be sane. */
export const turnRangeMismatch: Rule = {
  code: 'turn-range-mismatch',
  severity: 'error',
  summary: "The firewall's UDP range does not match the TURN relay range, or the bounds are invalid.",
  check(ctx: RuleContext) {
    const f = ctx.facts;
    if (!f.settings.source || !turnEnabled(f)) return;
    const min = intSetting(f.settings, MIN, 49152);
    const max = intSetting(f.settings, MAX, 65535);
    if (!min || !max) return;
    const anchor = (s: typeof min) => (s.setting ? { doc: s.setting.doc, span: s.setting.valueSpan } : undefined);

    const bad = (s: typeof min, name: string, why: string, severity: 'error' | 'information' = 'error') => {
      const at = anchor(s);
      if (at) ctx.report({ ...at, severity, message: `${name}=${s.value} ${why}` });
    };
    if (min.value <= 1024 || min.value > 65535)
      bad(min, MIN, 'is out of range: relay ports must be above 1024 and at most 65535');
    else if (min.value < 40000)
      bad(
        min,
        MIN,
        'is below 40000: Snikket recommends relay ports above 40000, away from other services',
        'information',
      );
    if (max.value <= 1024 || max.value > 65535)
      bad(max, MAX, 'is out of range: relay ports must be above 1024 and at most 65535');
    if (min.value > max.value) {
      bad(max, MAX, `is below ${MIN}=${min.value}: the relay range is empty and calls through TURN fail`);
      return;
    }

    const hit = firewallRelayRange(f);
    if (!hit || hit.exact) return;
    const { list, r } = hit;
    const covers = r.from.value <= min.value && max.value <= r.to.value;
    const doc = list.doc;
    const setting = (s: typeof min, name: string) =>
      s.setting ? `${name}=${s.value} in ${ctx.where(s.setting.doc)}` : `${name} unset, so ${s.value}`;
    const nixEdits: SpanEdit[] = [];
    const fromEdit = r.from.value !== min.value ? replaceInt(doc.ev.evaluate(r.from.node), min.value) : undefined;
    const toEdit = r.to.value !== max.value ? replaceInt(doc.ev.evaluate(r.to.node), max.value) : undefined;
    if (fromEdit) nixEdits.push({ doc, ...fromEdit });
    if (toEdit) nixEdits.push({ doc, ...toEdit });
    const fixes: FixDraft[] = [];
    if (nixEdits.length === Number(r.from.value !== min.value) + Number(r.to.value !== max.value)) {
      fixes.push({ title: `Open UDP ${min.value}–${max.value} in the firewall`, isPreferred: true, edits: nixEdits });
    }
    const confEdits = [
      r.from.value !== min.value ? setSettingEdit(f, MIN, String(r.from.value)) : undefined,
      r.to.value !== max.value ? setSettingEdit(f, MAX, String(r.to.value)) : undefined,
    ].filter((e): e is SpanEdit => !!e);
    if (confEdits.length > 0 && r.from.value > 1024 && r.from.value <= r.to.value) {
      fixes.push({ title: `Relay on ${r.from.value}–${r.to.value} instead`, edits: confEdits });
    }
    const related = [min, max].flatMap((s, i) =>
      s.setting
        ? [{ doc: s.setting.doc, span: s.setting.valueSpan, message: `${i === 0 ? MIN : MAX}=${s.value}` }]
        : [],
    );
    ctx.report({
      doc,
      span: r.node,
      severity: covers ? 'warning' : 'error',
      message: covers
        ? `The firewall opens UDP ${r.from.value}–${r.to.value} in ${ctx.where(doc)}, wider than the TURN relay range ${min.value}–${max.value} (${setting(min, MIN)}, ${setting(max, MAX)}): the extra ports are open for nothing`
        : `The firewall opens UDP ${r.from.value}–${r.to.value} in ${ctx.where(doc)}, but TURN relays on ${min.value}–${max.value} (${setting(min, MIN)}, ${setting(max, MAX)}): calls through the closed ports fail`,
      related,
      fixes,
    });
  },
};
