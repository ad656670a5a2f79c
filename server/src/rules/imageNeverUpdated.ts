import type { NixDoc } from '../model/documents';
import type { Facts } from '../model/facts';
import type { Container } from '../model/facts/containers';
import { findDefinitions } from '../syntax/nix/options';
import type { NixValue } from '../syntax/nix/evaluate';
import type { NixNode } from '../syntax/nix/tree';
import type { Rule, RuleContext } from './rule';

/** Tags Snikket moves to each new release (and the implicit `latest` of an untagged image). */
const MOVING_TAGS = new Set(['latest', 'stable', 'beta', 'dev', 'alpha']);
/** A job that fetches images: `podman pull`, `docker compose pull`, `--pull=newer`. */
const PULLS = /\b(?:podman|docker)\b[^\n;&|]*?\spull\b|\bcompose\s+pull\b|--pull[= ]["']?(?:always|newer)\b/;
/** podman's auto-update, run by its timer or by a job: it updates only containers labelled for it. */
const AUTO_UPDATE = /\bpodman[ -]auto-update\b/;
const UPDATING_POLICIES = new Set(['always', 'newer']);
const AUTOUPDATE_LABEL = 'io.containers.autoupdate';

/**
 * oci-containers pulls an image only when it is missing (nixpkgs' `pull` defaults to "missing";
 * compose2nix writes no pull policy): a Snikket image on a moving tag stays the one first pulled
 * unless a pull policy that updates, podman's auto-update (label and timer) or a job of the host
 * pulls it. Anything the checker cannot read that might pull keeps it silent.
 */
export const imageNeverUpdated: Rule = {
  code: 'image-never-updated',
  severity: 'information',
  summary:
    'Snikket images on a moving tag (:stable) that nothing ever pulls again: no updates, security fixes included.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const moving = f.containers.containers.filter((c) => c.role !== 'other' && movingTag(c.image?.value) !== undefined);
    if (moving.length === 0 || hostPulls(f)) return;
    const autoUpdate = autoUpdateTimer(f.deployment.nix);
    const stale = moving.filter((c) => !updatedBy(f, c, autoUpdate));
    const [first, ...rest] = stale;
    if (!first) return;
    const images = [...new Set(stale.map((c) => c.image!.value!))];
    const tags = [...new Set(stale.map((c) => movingTag(c.image!.value)!))].map((t) => `:${t}`).join(', ');
    ctx.report({
      doc: first.doc,
      span: first.image!.node,
      message: `${images.join(', ')} ${images.length === 1 ? 'follows' : 'follow'} the moving tag ${tags}, but NixOS pulls an image only when the host has none and nothing here pulls a newer one (no pull policy "newer", no podman auto-update, no update job): this server keeps the images it first pulled and never gets Snikket's updates, security fixes included`,
      related: rest.map((c) => ({
        doc: c.doc,
        span: c.image!.node,
        message: `${c.name} runs ${c.image!.value}, never pulled again`,
      })),
    });
  },
};

/** The moving tag an image reference follows, or undefined when it is pinned or not known. */
function movingTag(image: string | undefined): string | undefined {
  if (image === undefined || image.includes('@')) return undefined;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  const tag = colon < 0 ? 'latest' : last.slice(colon + 1);
  return MOVING_TAGS.has(tag) ? tag : undefined;
}

/** Whether some job of the host pulls images, or might (a service running a program not read here). */
function hostPulls(f: Facts): boolean {
  // watchtower updates every container of the docker daemon it watches.
  if (
    f.containers.containers.some(
      (c) => c.image && (c.image.value === undefined || /(?:^|\/)watchtower(?::|@|$)/.test(c.image.value)),
    )
  )
    return true;
  if (f.deployment.script && PULLS.test(f.deployment.script.text)) return true;
  const copyServices = new Set(f.copyServices.map((s) => s.name));
  for (const doc of f.deployment.nix) {
    if (PULLS.test(doc.text)) return true;
    for (const key of [['script'], ['serviceConfig', 'ExecStart'], ['serviceConfig', 'ExecStartPre'], ['preStart']]) {
      for (const def of findDefinitions(doc.defs, ['systemd', 'services', '*', ...key])) {
        const name = def.path[2]!.name;
        if (name === undefined) return true;
        if (copyServices.has(name) || /^(?:podman|docker)-/.test(name)) continue;
        if (runsUnread(doc, def.value)) return true;
      }
    }
  }
  return false;
}

/** A command the checker cannot read through: an unknown value, or a script file it does not parse. */
function runsUnread(doc: NixDoc, node: NixNode): boolean {
  const v = doc.ev.evaluate(node);
  if (v.kind !== 'string' && v.kind !== 'list') return true;
  const text = doc.text.slice(node.start, node.end);
  return /\$\{\s*\.{0,2}\//.test(text) || /(?:^|["'\s])\/(?!nix\/store)[\w./-]+/.test(text);
}

/** podman's own timer runs `podman auto-update` for containers labelled for it. */
function autoUpdateTimer(docs: NixDoc[]): boolean {
  return docs.some((doc) => AUTO_UPDATE.test(doc.text));
}

function updatedBy(f: Facts, c: Container, autoUpdate: boolean): boolean {
  // Another definition (another module, `genAttrs`, `containers.<name>.pull = ...`) may set the
  // pull policy or labels: read every definition of this container's attribute.
  const options = containerOption(f.deployment.nix, c.name, 'extraOptions');
  for (const { doc, value } of options) {
    const items = doc.ev.items(value);
    if (!items || value.kind !== 'list' || !value.complete) return true;
    if (items.some((o) => o.kind !== 'string' || /^--pull(?:=(?:always|newer))?$/.test(o.value))) return true;
  }
  for (const { value } of containerOption(f.deployment.nix, c.name, 'pull')) {
    if (value.kind !== 'string' || UPDATING_POLICIES.has(value.value)) return true;
  }
  if (!autoUpdate || f.containers.backend.value === 'docker') return false;
  for (const { doc, value } of containerOption(f.deployment.nix, c.name, 'labels')) {
    const label = doc.ev.attr(value, AUTOUPDATE_LABEL);
    if (label && (label.kind !== 'string' || label.value !== 'disabled')) return true;
  }
  return false;
}

/** Every value given to `virtualisation.oci-containers.containers.<name>.<key>`, however the path is split. */
function containerOption(docs: NixDoc[], name: string, key: string): { doc: NixDoc; value: NixValue }[] {
  const out: { doc: NixDoc; value: NixValue }[] = [];
  const base = ['virtualisation', 'oci-containers', 'containers'];
  for (const doc of docs) {
    const ev = doc.ev;
    for (const def of findDefinitions(doc.defs, [...base, name, key])) out.push({ doc, value: ev.evaluate(def.value) });
    for (const def of findDefinitions(doc.defs, [...base, name])) {
      const v = ev.attr(ev.evaluate(def.value), key);
      if (v) out.push({ doc, value: v });
    }
    for (const def of findDefinitions(doc.defs, base)) {
      const one = ev.attr(ev.evaluate(def.value), name);
      const v = one && ev.attr(one, key);
      if (v) out.push({ doc, value: v });
    }
  }
  return out;
}
