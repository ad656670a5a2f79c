/**
 * Two generated corpora of NixOS-module-shaped files with the same total size, written once and
 * cached under os.tmpdir(): many small modules (1–3 KB, the size of most files in real
 * configuration repositories) and few large ones (32–128 KB). Parsing both in whole processes
 * shows what a file costs beyond its bytes: reading it, starting its parse, printing its result.
 * Deterministic for a seed, so figures from different runs measure the tool, not the input.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rng } from '../helpers/random';
import { generateNixModule } from './corpus';

/** Bump when the output changes: the cache folder is named by it. */
const MODULE_CORPORA_VERSION = 'v1';

export interface ModuleCorpus {
  dir: string;
  files: string[];
  bytes: number;
}

/** Files of `minBytes`..`maxBytes` each, adding up to about `totalBytes`, in folders of 100. */
function writeModuleCorpus(
  dir: string,
  seed: number,
  totalBytes: number,
  minBytes: number,
  maxBytes: number,
): ModuleCorpus {
  const random = rng(seed);
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < totalBytes; i++) {
    const target = minBytes + Math.floor(random() * (maxBytes - minBytes));
    const text = generateNixModule(random, target);
    const folder = path.join(dir, `m${Math.floor(i / 100)}`);
    if (i % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `module${i}.nix`);
    fs.writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { dir, files, bytes };
}

function cached(name: string, make: (dir: string) => ModuleCorpus): ModuleCorpus {
  const dir = path.join(os.tmpdir(), `snikket-bench-${name}-${MODULE_CORPORA_VERSION}`);
  const marker = path.join(dir, '.bench-complete.json');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as ModuleCorpus;
  fs.rmSync(dir, { recursive: true, force: true });
  const corpus = make(dir);
  // Written last: an interrupted generation is generated again next time.
  fs.writeFileSync(marker, JSON.stringify(corpus));
  return corpus;
}

const TOTAL = 6 * 1024 * 1024;

/** About 3,000 modules of 1–3 KB, 6 MB in all. */
export function smallModules(): ModuleCorpus {
  return cached('small-modules', (dir) => writeModuleCorpus(dir, 1501, TOTAL, 1024, 3072));
}

/** About 75 modules of 32–128 KB, 6 MB in all. */
export function largeModules(): ModuleCorpus {
  return cached('large-modules', (dir) => writeModuleCorpus(dir, 1502, TOTAL, 32 * 1024, 128 * 1024));
}
