import { packageVitestConfig, source } from "../../config/vitest.package.js";

// Tests run against the server's sources too; the stdio child process loads the built core and server.
export default packageVitestConfig({
  resolve: { alias: [{ find: /^@engram\/server$/, replacement: source("server", "index.ts") }] },
});
