/** SARIF 2.1.0 for code-scanning services. Lines and columns are 1-based, columns in UTF-16 code units. */
import type { CheckSummary } from '../../check/check';
import type { Severity } from '../../model/findings';
import type { Range } from '../../text/lineIndex';
import { RULES } from '../../rules/registry';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const DOCS = 'https://github.com/snikket-nixos/snikket-nixos/blob/main/docs/rules/';

export function formatSarif(result: CheckSummary, rel: (p: string) => string): string {
  const uri = (p: string) => rel(p).split('\\').join('/');
  const region = (r: Range) => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'snikket-nixos',
              informationUri: 'https://github.com/snikket-nixos/snikket-nixos',
              rules: RULES.map((r) => ({
                id: r.code,
                shortDescription: { text: r.summary },
                helpUri: `${DOCS}${r.code}.md`,
                defaultConfiguration: { level: LEVEL[r.severity] },
              })),
            },
          },
          columnKind: 'utf16CodeUnits',
          results: result.findings.map((f) => ({
            ruleId: f.code,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file) }, region: region(f.range) } }],
            relatedLocations: f.related.map((r, i) => ({
              id: i + 1,
              message: { text: r.message },
              physicalLocation: { artifactLocation: { uri: uri(r.file) }, region: region(r.range) },
            })),
            fixes: f.fixes
              .filter((x) => x.edits.length > 0)
              .map((x) => ({
                description: { text: x.title },
                artifactChanges: [...new Set(x.edits.map((e) => e.file))].map((file) => ({
                  artifactLocation: { uri: uri(file) },
                  replacements: x.edits
                    .filter((e) => e.file === file)
                    .map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
                })),
              })),
          })),
        },
      ],
    },
    null,
    2,
  );
}
