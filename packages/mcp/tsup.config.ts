import { packageTsupConfig } from "../../config/tsup.package.js";

export default packageTsupConfig({
  entry: ["src/index.ts", "src/bin.ts"],
  // The SQLite entry loads the native module: it is imported lazily and must stay an import.
  external: ["@engram/core", "@engram/core/sqlite", "@engram/server", "better-sqlite3"],
});
