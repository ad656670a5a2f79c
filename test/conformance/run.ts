/** `npm run conformance -- DIR...`: compares parseNix with `nix-instantiate --parse` on every .nix file. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareWithNix, formatDisagreement } from './compare';

function collect(path: string, out: string[]): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const e of readdirSync(path).sort()) {
      if (e === 'node_modules' || e === '.git') continue;
      collect(join(path, e), out);
    }
  } else if (path.endsWith('.nix')) out.push(path);
}

async function main(): Promise<number> {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) {
    process.stderr.write('usage: node out/test/conformance/run.js DIR...\n');
    return 2;
  }
  const files: string[] = [];
  for (const d of dirs) collect(d, files);
  const report = await compareWithNix(files);
  if (!report.available) {
    process.stderr.write('nix-instantiate is not available: nothing compared\n');
    return 2;
  }
  for (const r of [...report.falseErrors, ...report.missedErrors]) process.stdout.write(formatDisagreement(r) + '\n');
  const counts = new Map<string, number>();
  for (const r of report.files) counts.set(r.nix, (counts.get(r.nix) ?? 0) + 1);
  const verdicts = [...counts].map(([k, v]) => `${k} ${v}`).join(', ');
  const bad = report.falseErrors.length + report.missedErrors.length;
  process.stdout.write(
    `${report.files.length} files (${verdicts}): ${bad} disagreements (${report.falseErrors.length} false errors, ${report.missedErrors.length} missed), ${report.ignored} ignored\n`,
  );
  return bad > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
    process.exit(2);
  },
);
