// The vitest setup every Engram package shares.
import { fileURLToPath } from "node:url";
import { type ViteUserConfig, defineConfig, mergeConfig } from "vitest/config";

/** A path inside a package's sources, e.g. source("core", "index.ts"). */
export const source = (packageFolder: string, file: string) =>
  fileURLToPath(new URL(`../packages/${packageFolder}/src/${file}`, import.meta.url));

/**
 * Vitest config for a package: tests run against core's sources (never a stale build), colocated `*.test.ts`
 * and `test/` files, and `*.test-d.ts` type tests. `overrides` (extra aliases, test options) are merged in.
 */
export function packageVitestConfig(overrides: ViteUserConfig = {}) {
  const base = defineConfig({
    resolve: {
      alias: [
        { find: /^@engram\/core$/, replacement: source("core", "index.ts") },
        { find: /^@engram\/core\/(testing|sqlite|wink)$/, replacement: source("core", "$1.ts") },
      ],
    },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"] },
    },
  });
  return mergeConfig(base, overrides);
}
