import { readFileSync } from "node:fs";
import { packageTsupConfig } from "../../config/tsup.package.js";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

export default packageTsupConfig({
  entry: ["src/index.ts", "src/cli.ts"],
  define: { cliVersion: JSON.stringify(version) },
  // Native and optional modules are imported lazily and must stay imports.
  external: [
    "@engram/core",
    "@engram/core/sqlite",
    "@engram/core/wink",
    "@engram/server",
    "@engram/mcp",
    "better-sqlite3",
  ],
});
