/**
 * The environment of our benchmarked processes: this one's without NODE_EXTRA_CA_CERTS, which makes
 * every Node process load the certificates it names before it starts (≈ 40 ms where the sandbox
 * sets it, not on users' machines). Nix's processes keep the environment as it is.
 */
export function ourEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}
