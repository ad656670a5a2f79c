/** Folders no walk enters: reading them never ends (/proc, /dev) or means nothing for a deployment. */
const SYSTEM_DIRS = ['/proc', '/sys', '/dev'];

/** Whether a walk must not enter this folder (by its real path). */
export function isSystemDir(real: string): boolean {
  return SYSTEM_DIRS.some((d) => real === d || real.startsWith(d + '/'));
}
