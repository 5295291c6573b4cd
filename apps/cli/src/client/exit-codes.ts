/** What `tracker` exits with; scripts branch on these. */
export const EXIT = {
  ok: 0,
  /** Bad usage or input refused as invalid (400), or rows rejected by an import. */
  usage: 1,
  /** No key, unknown key, or the key's role may not do this (401, 403). */
  auth: 2,
  /** Unknown program, market or route (404). */
  notFound: 3,
  /** A rule of the migration, a revision conflict or a reused idempotency key (409, 412, 422). */
  conflict: 4,
  /** The server failed or could not be reached (5xx, network). */
  server: 5,
  /**
   * Evidence intact, but signed only by keys that came with it (a bundle's or a proof file's own keys): not
   * verified until a key obtained independently is pinned.
   */
  unpinned: 6,
} as const;

export function exitCodeForStatus(status: number): number {
  if (status === 400 || status === 413) return EXIT.usage;
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 409 || status === 412 || status === 422) return EXIT.conflict;
  if (status >= 500) return EXIT.server;
  return EXIT.usage;
}

/** An error the CLI reports in one or a few lines and exits with its code (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
