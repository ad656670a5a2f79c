/**
 * Preloaded (`node -r`) into a child when /usr/bin/time is missing: prints the child's peak
 * resident memory on stderr as it exits, so the parent can read it.
 */
import * as fs from 'node:fs';

process.on('exit', () => {
  // resourceUsage().maxRSS is in kilobytes, like /usr/bin/time's figure.
  fs.writeSync(2, `\nMaximum resident set size (kbytes): ${process.resourceUsage().maxRSS}\n`);
});
