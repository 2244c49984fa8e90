import { packageTsupConfig } from "../../config/tsup.package.js";

export default packageTsupConfig({
  entry: ["src/index.ts", "src/testing.ts"],
  // The test-server helper resolves the server bindings with import.meta.url, also in the CommonJS build.
  shims: true,
});
