/**
 * The certificate copy job: the script that copies certbot's files out of Snikket's volume into
 * `/var/lib/acme/<domain>`, and the systemd service/timer that runs it.
 */
import type { NixValue } from '../../syntax/nix/evaluate';
import { findDefinitions, type OptionDefinition } from '../../syntax/nix/options';
import type { ShellDoc, NixDoc } from '../documents';
import type { Span } from '../../text/span';

export interface ScriptVar {
  name: string;
  value: string | undefined;
  span: Span;
  valueSpan: Span;
}

export interface ScriptCommand {
  name: string;
  args: { text: string | undefined; raw: string; span: Span }[];
  span: Span;
}

export interface CertScript {
  doc: ShellDoc;
  vars: Map<string, ScriptVar>;
  commands: ScriptCommand[];
}

export interface CopyService {
  name: string;
  doc: NixDoc;
  execStart: OptionDefinition;
  value: NixValue;
}

export function readCertScript(doc: ShellDoc | undefined): CertScript | undefined {
  if (!doc) return undefined;
  const vars = new Map<string, ScriptVar>();
  for (const a of doc.parsed.assignments) {
    vars.set(a.name, { name: a.name, value: a.value, span: a.span, valueSpan: a.valueSpan });
  }
  const commands = doc.parsed.commands.map((c) => ({
    name: c.name,
    args: c.args.map((a) => ({ text: a.text, raw: a.raw, span: a.span })),
    span: c.span,
  }));
  return { doc, vars, commands };
}

/** Services whose ExecStart runs a certificate copy: by their name or by what they run. */
export function readCopyServices(docs: NixDoc[]): CopyService[] {
  const out: CopyService[] = [];
  for (const doc of docs) {
    for (const def of findDefinitions(doc.defs, ['systemd', 'services', '*', 'serviceConfig', 'ExecStart'])) {
      const name = def.path[2]!.name ?? '';
      const value = doc.ev.evaluate(def.value);
      const text = doc.text.slice(def.value.start, def.value.end);
      if (/cert/i.test(name) || /cert/i.test(text)) out.push({ name, doc, execStart: def, value });
    }
  }
  return out;
}
