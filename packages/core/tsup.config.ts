import { packageTsupConfig } from "../../config/tsup.package.js";

export default packageTsupConfig({
  entry: ["src/index.ts", "src/testing.ts", "src/sqlite.ts", "src/wink.ts"],
  // import.meta.url in the CommonJS build (the wink embedder resolves its data file with it).
  shims: true,
  external: ["better-sqlite3", "vitest"],
});
