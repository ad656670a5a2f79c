import { perDocument, type Doc, type NixDoc } from '../model/documents';
import type { Span } from '../text/span';
import type { Facts } from '../model/facts';
import type { Rule, RuleContext } from './rule';
import { snikketVhosts } from './shared/snikketVhosts';

// A whole name or address: `chat.example.com`, `admin@example.com`.
const EXAMPLE_NAME =
  /(?:^|[^a-zA-Z0-9._%+@-])((?:[a-zA-Z0-9._%+-]+@)?(?:[a-zA-Z0-9-]+\.)*example\.(?:com|org|net))(?![a-zA-Z0-9-])/g;
const PATH_TO = /\/path\/to\//g;

/** The string pieces of a module that could hold a placeholder, found once per version of the file. */
const stringTokens = perDocument((doc: NixDoc): Span[] =>
  doc.parse.root
    .tokenSpans('str_content')
    .filter((t) => /example\.(com|org|net)|\/path\/to\//.test(doc.text.slice(t.start, t.end))),
);

/** Values copied from a guide and never changed: example.com names and /path/to/ paths. */
export const placeholderValue: Rule = {
  code: 'placeholder-value',
  severity: 'warning',
  summary: 'An example.com name or address, or a /path/to/ path, was left in.',
  check(ctx: RuleContext) {
    const f = ctx.facts;
    const scan = (doc: Doc, start: number, text: string) => {
      for (const re of [EXAMPLE_NAME, PATH_TO]) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          const found = m[1] ?? m[0];
          const at = start + m.index + m[0].length - found.length;
          const isPath = re === PATH_TO;
          ctx.report({
            doc,
            span: { start: at, end: at + found.length },
            message: isPath
              ? `${found} is a placeholder path from a guide: point it at the real file`
              : `${found} is a placeholder from a guide (${/example\.[a-z]+$/.exec(found)![0]} is reserved for documentation): use your own domain or address`,
          });
        }
      }
    };
    const snikketModules = modulesOfSnikket(f);
    for (const doc of f.deployment.nix) {
      // compose2nix copies values from the env file: they are reported, and fixed, there.
      if (doc === f.containers.generated || !snikketModules.has(doc)) continue;
      const execStarts = f.copyServices.filter((s) => s.doc === doc).map((s) => s.execStart.value);
      for (const tok of stringTokens(doc)) {
        // timer-script-missing says more about a placeholder ExecStart.
        if (execStarts.some((e) => e.start <= tok.start && tok.end <= e.end)) continue;
        scan(doc, tok.start, doc.text.slice(tok.start, tok.end));
      }
    }
    const conf = f.deployment.conf;
    if (conf)
      for (const e of conf.parsed.entries)
        scan(conf, e.valueSpan.start, conf.text.slice(e.valueSpan.start, e.valueSpan.end));
    const script = f.script;
    if (script)
      for (const v of script.vars.values())
        scan(script.doc, v.valueSpan.start, script.doc.text.slice(v.valueSpan.start, v.valueSpan.end));
  },
};

/**
 * The modules that hold a Snikket artefact (a Snikket container, a Snikket vhost, the copy timer,
 * the ACME settings its certificates use): a blog's module with its own example.com is not ours.
 */
function modulesOfSnikket(f: Facts): Set<Doc> {
  const docs = new Set<Doc>([
    ...f.containers.containers.map((c) => c.doc),
    ...snikketVhosts(f).map((v) => v.doc),
    ...f.copyServices.map((s) => s.doc),
    ...[...f.nginx.acmeDefaults.values()].map((v) => v.doc),
  ]);
  return docs;
}
