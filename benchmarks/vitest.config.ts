import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const core = (file: string) => fileURLToPath(new URL(`../packages/core/src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against core's sources, so they never depend on a stale core build.
    alias: [
      { find: /^@engram\/core$/, replacement: core("index.ts") },
      { find: /^@engram\/core\/(testing|sqlite|wink)$/, replacement: core("$1.ts") },
    ],
  },
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
