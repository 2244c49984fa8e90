import { packageVitestConfig } from "../../config/vitest.package.js";

// The tests run the built binary (dist/cli.js): build before testing.
export default packageVitestConfig({ test: { env: { NO_COLOR: "1" } } });
