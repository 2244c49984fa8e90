// `cliVersion` is replaced with the package's version at build time (tsup's `define`).
declare const cliVersion: string;

/** The version of @engram/cli. */
export const version: string = cliVersion;
