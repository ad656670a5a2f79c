import { volumeRoot } from '../model/facts/containers';
import type { FixDraft, Rule, RuleContext } from './rule';
import { nestedCopies, reloadsNginx, servedBy } from './shared/certCopyRuns';
import { composeDataVolume } from './shared/composeVolumes';

/**
 * The copy script must read certbot's live files from Snikket's data volume as the chosen
 * backend stores it, dereference certbot's symlinks, and name the key as nginx expects.
 */
export const certCopyMismatch: Rule = {
  code: 'cert-copy-mismatch',
  severity: 'error',
  summary: "The copy script's source path, volume, domain, key name or copy flags are wrong.",
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const script = f.script;
    if (!script) return;
    const doc = script.doc;
    const domain = f.settings.get('SNIKKET_DOMAIN')?.value;
    const backend = f.containers.backend.value;
    const volume = dataVolume(ctx);

    const source = script.vars.get('SOURCE');
    if (source?.value !== undefined && backend && volume) {
      const expected = `${volumeRoot(backend)}/${volume}/_data/letsencrypt/live/`;
      const m = /^(.*\/volumes\/)([^/]+)(\/_data\/letsencrypt\/live\/)/.exec(source.value);
      const actualPrefix = m ? m[1]! + m[2]! + m[3]! : undefined;
      // SOURCE names the volume docker-compose.yml asks for while the generated Nix lags behind:
      // compose2nix-stale's one finding for that drift names this line too.
      const composeLag =
        m !== null && m[2] !== volume && m[2] === composeDataVolume(f) && m[1] === `${volumeRoot(backend)}/`;
      if (actualPrefix !== undefined && actualPrefix !== expected && !composeLag) {
        const wrongRoot = m![1] !== `${volumeRoot(backend)}/`;
        const raw = doc.text.slice(source.valueSpan.start, source.valueSpan.end);
        const at = raw.indexOf(actualPrefix);
        const fixes: FixDraft[] =
          at >= 0
            ? [
                {
                  title: `Read from ${expected}`,
                  isPreferred: true,
                  edits: [
                    {
                      doc,
                      start: source.valueSpan.start + at,
                      end: source.valueSpan.start + at + actualPrefix.length,
                      newText: expected,
                    },
                  ],
                },
              ]
            : [];
        ctx.report({
          doc,
          span: source.valueSpan,
          message: wrongRoot
            ? `SOURCE reads ${m![1]}…, but the ${backend} backend (virtualisation.oci-containers.backend) keeps volumes in ${volumeRoot(backend)}/`
            : `SOURCE reads the volume ${m![2]}, but Snikket's data volume is ${volume} (compose2nix names volumes <project>_<volume>)`,
          ...(f.containers.backend.def && f.containers.backend.doc
            ? {
                related: [
                  {
                    doc: f.containers.backend.doc,
                    span: f.containers.backend.def.value,
                    message: `backend ${backend}`,
                  },
                ],
              }
            : {}),
          fixes,
        });
      }
      const tail = source.value.slice((actualPrefix ?? '').length);
      // A SOURCE built from $DOMAIN is wrong exactly when DOMAIN is: domain-mismatch's one finding.
      const fromDomainVar = /\$\{?DOMAIN\b/.test(doc.text.slice(source.valueSpan.start, source.valueSpan.end));
      if (domain && actualPrefix !== undefined && tail && tail !== domain && !tail.startsWith('$') && !fromDomainVar) {
        ctx.report({
          doc,
          span: source.valueSpan,
          message: `SOURCE reads the certificate of ${tail}, but SNIKKET_DOMAIN is ${domain}`,
        });
      }
    }

    const cps = script.commands.filter((c) => c.name === 'cp');
    for (const cp of cps) {
      const flags = cp.args.filter((a) => a.raw.startsWith('-'));
      const derefs = flags.some(
        (a) => a.raw === '--dereference' || (/^-[a-zA-Z]+$/.test(a.raw) && a.raw.includes('L')),
      );
      if (!derefs) {
        const shortFlag = flags.find((a) => /^-[a-zA-Z]+$/.test(a.raw));
        const edit = shortFlag
          ? { doc, start: shortFlag.span.end, end: shortFlag.span.end, newText: 'L' }
          : { doc, start: cp.span.start + 2, end: cp.span.start + 2, newText: ' -L' };
        ctx.report({
          doc,
          span: cp.span,
          message:
            "cp copies certbot's live/ symlinks instead of the certificates they point to (they dangle once copied): add -L",
          fixes: [{ title: 'Follow symlinks (cp -L)', isPreferred: true, edits: [edit] }],
        });
      }
    }
    for (const n of nestedCopies(f)) {
      ctx.report({
        doc,
        span: n.cp.span,
        message: `'${doc.text.slice(n.cp.span.start, n.cp.span.end)}' copies into ${(n.target.text ?? n.target.raw).replace(/\/+$/, '')}/${baseName(n.source)}/ from the second run on, once the target exists: renewed certificates never replace the first copy, which expires`,
        fixes: [
          {
            title: `Copy the folder's contents (${n.source.raw.replace(/(["']?)$/, '/.$1')} ${n.target.raw.replace(/\/?(["']?)$/, '/$1')})`,
            isPreferred: true,
            edits: n.edits,
          },
        ],
      });
    }
    const targetDir = script.vars.get('TARGET')?.value;
    const served = targetDir && !targetDir.includes('$') ? servedBy(f, targetDir) : undefined;
    if (served && cps.length > 0 && reloadsNginx(f) === false) {
      ctx.report({
        doc,
        span: cps[0]!.span,
        severity: 'warning',
        message: `nginx serves the copied certificate from ${targetDir}, but nothing reloads nginx after the copy: it keeps the old certificate until its next restart, and browsers see it expire`,
        related: [{ doc: served.doc, span: served.span, message: 'nginx reads the copied certificate here' }],
      });
    }
    const mentionsKeyPem = script.commands.some(
      (c) =>
        (c.name === 'mv' || c.name === 'cp' || c.name === 'ln') &&
        c.args.some((a) => /(^|\/)key\.pem$/.test(a.text ?? a.raw)),
    );
    if (cps.length > 0 && !mentionsKeyPem) {
      ctx.report({
        doc,
        span: cps[0]!.span,
        message: "The script never renames privkey.pem to key.pem: NixOS's nginx reads /var/lib/acme/<domain>/key.pem",
      });
    }

    const target = script.vars.get('TARGET');
    if (target?.value?.startsWith('/var/lib/acme/')) {
      const name = target.value.slice('/var/lib/acme/'.length).replace(/\/$/, '');
      const managed = f.nginx.vhosts.find(
        (v) =>
          v.nameValue.kind === 'string' &&
          v.nameValue.value === (name.startsWith('$') ? domain : name) &&
          v.enableACME?.value.kind === 'bool' &&
          v.enableACME.value.value,
      );
      if (managed) {
        ctx.report({
          doc,
          span: target.valueSpan,
          severity: 'warning',
          message: `TARGET ${target.value} is also managed by enableACME on the virtual host ${managed.nameValue.kind === 'string' ? managed.nameValue.value : ''}: NixOS's ACME client overwrites the copied files`,
          related: [{ doc: managed.doc, span: managed.enableACME!.def.value, message: 'enableACME = true' }],
        });
      }
    }
  },
};

/** The last path segment of a copy source, as the message names the nested folder. */
function baseName(arg: { text: string | undefined; raw: string }): string {
  const parts = (arg.text ?? arg.raw).replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] || '<name>';
}

/** The volume mounted at /snikket in the server (or cert manager) container. */
function dataVolume(ctx: RuleContext): string | undefined {
  for (const c of ctx.facts.containers.containers) {
    if (c.role !== 'server' && c.role !== 'certs') continue;
    for (const v of c.volumes) {
      const parts = v.value?.split(':');
      if (parts && parts[1] === '/snikket' && !parts[0]!.startsWith('/')) return parts[0];
    }
  }
  return undefined;
}
