import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const core = (file: string) => fileURLToPath(new URL(`../core/src/${file}`, import.meta.url));
const langchain = (file: string) => fileURLToPath(new URL(`../langchain/src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against core's and @engram/langchain's sources, so they never depend on a stale build.
    alias: [
      { find: /^@engram\/core$/, replacement: core("index.ts") },
      { find: /^@engram\/core\/(testing|sqlite|wink)$/, replacement: core("$1.ts") },
      { find: /^@engram\/langchain\/messages$/, replacement: langchain("messages.ts") },
    ],
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"] },
  },
});
