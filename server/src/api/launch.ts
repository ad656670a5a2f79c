/** How the VS Code client starts the language server (shared with the benchmarks that measure it). */

/**
 * V8 flags for the server process. The young generation is capped at 4 MB per semi-space: V8
 * grows it to 16 MB (its default cap) while discovery reads a large workspace, and keeps it, so
 * a 40,000-file workspace without a deployment held 120 MB instead of 94 MB (BENCHMARKS.md). A
 * larger cap (64 MB, used before) only paid off for re-parsing modules of hundreds of KB.
 */
export const SERVER_NODE_ARGS: readonly string[] = ['--max-semi-space-size=4'];
