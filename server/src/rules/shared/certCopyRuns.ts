/**
 * What the copy script does on its second and later runs: `cp -r SRC DST` copies into DST/<name of
 * SRC>/ once DST exists, so renewed certificates never replace the first copy; and whether nginx,
 * when it serves the copied files, is reloaded to pick up a renewal.
 */
import type { Facts } from '../../model/facts';
import type { ScriptCommand } from '../../model/facts/certCopy';
import type { Doc } from '../../model/documents';
import type { Span } from '../../text/span';
import type { SpanEdit } from '../rule';

type Arg = ScriptCommand['args'][number];

export interface NestedCopy {
  cp: ScriptCommand;
  source: Arg;
  target: Arg;
  /** `"$SOURCE/." "$TARGET/"`, and `mkdir -p` before it when nothing creates the folder. */
  edits: SpanEdit[];
}

/** A recursive `cp` of a folder onto a target that exists from the second run on. */
export function nestedCopies(f: Facts): NestedCopy[] {
  const script = f.script;
  if (!script) return [];
  const doc = script.doc;
  const out: NestedCopy[] = [];
  script.commands.forEach((cp, index) => {
    if (cp.name !== 'cp') return;
    const flags = cp.args.filter((a) => a.raw.startsWith('-'));
    const operands = cp.args.filter((a) => !a.raw.startsWith('-'));
    const recursive = flags.some(
      (a) => a.raw === '--recursive' || a.raw === '--archive' || (/^-[a-zA-Z]+$/.test(a.raw) && /[rRa]/.test(a.raw)),
    );
    // -T treats DST as the folder itself; two operands only: with more, DST must be a folder anyway.
    const noTargetDir = flags.some(
      (a) =>
        a.raw === '--no-target-directory' ||
        a.raw.startsWith('--target-directory') ||
        (/^-[a-zA-Z]+$/.test(a.raw) && /[Tt]/.test(a.raw)),
    );
    if (!recursive || noTargetDir || operands.length !== 2) return;
    const [source, target] = operands as [Arg, Arg];
    // `SRC/.` and `SRC/*` copy the contents; a glob or an unknown word cannot be judged.
    if (source.text === undefined || target.text === undefined || /\/\.\/?$|\*/.test(source.text)) return;
    // Removing the target first (or a staging folder) makes every run a first run.
    const removedBefore = script.commands
      .slice(0, index)
      .some((c) => c.name === 'rm' && c.args.some((a) => a.text === target.text || a.text === `${target.text}/`));
    if (removedBefore) return;
    const created = script.commands
      .slice(0, index)
      .some(
        (c) =>
          (c.name === 'mkdir' || c.name === 'install') &&
          c.args.some((a) => a.text === target.text || a.text === `${target.text}/`),
      );
    const edits: SpanEdit[] = [insertBeforeClosingQuote(doc, source, '/.')];
    if (!target.text.endsWith('/')) edits.push(insertBeforeClosingQuote(doc, target, '/'));
    if (!created) {
      let lineStart = cp.span.start;
      while (lineStart > 0 && doc.text[lineStart - 1] !== '\n') lineStart--;
      const indent = /^[ \t]*/.exec(doc.text.slice(lineStart))![0];
      edits.unshift({ doc, start: lineStart, end: lineStart, newText: `${indent}mkdir -p ${target.raw}\n` });
    }
    out.push({ cp, source, target, edits });
  });
  return out;
}

function insertBeforeClosingQuote(doc: Doc, arg: Arg, text: string): SpanEdit {
  const last = arg.raw[arg.raw.length - 1];
  const at = last === '"' || last === "'" ? arg.span.end - 1 : arg.span.end;
  return { doc, start: at, end: at, newText: text };
}

/**
 * The vhost that serves the copied certificate: its `sslCertificate` lies under TARGET, or it uses
 * `useACMEHost` naming TARGET's folder in /var/lib/acme. Undefined when none is known to.
 */
export function servedBy(f: Facts, target: string): { doc: Doc; span: Span } | undefined {
  const dir = target.replace(/\/+$/, '');
  for (const v of f.nginx.vhosts) {
    const useAcme = v.useACMEHost?.value;
    if (useAcme?.kind === 'string' && `/var/lib/acme/${useAcme.value}` === dir)
      return { doc: v.doc, span: v.useACMEHost!.def.value };
    if (!v.attrset) continue;
    for (const name of ['sslCertificate', 'sslCertificateKey']) {
      const node = v.doc.ev.lookupBinding(v.attrset, name);
      const value = node ? v.doc.ev.evaluate(node) : undefined;
      if (node && (value?.kind === 'string' || value?.kind === 'path') && value.value.startsWith(`${dir}/`))
        return { doc: v.doc, span: node };
    }
  }
  return undefined;
}

/**
 * Whether something reloads nginx after the copy: the script (`systemctl reload nginx`,
 * `nginx -s reload`) or the copy service (ExecStartPost, postStart ... naming nginx).
 * Undefined when the service that runs the copy is not known.
 */
export function reloadsNginx(f: Facts): boolean | undefined {
  const script = f.script;
  if (
    script?.commands.some(
      (c) =>
        (c.name === 'systemctl' || c.name === 'nginx') &&
        c.args.some((a) => /nginx|reload/.test(a.raw)) &&
        c.args.some((a) => /reload|restart|-s/.test(a.raw)),
    )
  )
    return true;
  if (f.copyServices.length === 0) return undefined;
  return serviceMentionsNginx(f);
}

/** The copy service definitions anywhere in the file (`systemd.services.<name>.postStart` ...). */
function serviceMentionsNginx(f: Facts): boolean {
  for (const s of f.copyServices) {
    for (const def of s.doc.defs) {
      const p = def.path;
      if (
        p[0]?.name === 'systemd' &&
        p[1]?.name === 'services' &&
        p[2]?.name === s.name &&
        p.length >= 3 &&
        /nginx/.test(s.doc.text.slice(def.value.start, def.value.end))
      )
        return true;
    }
  }
  return false;
}
