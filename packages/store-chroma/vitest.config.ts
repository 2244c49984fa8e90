import { packageVitestConfig } from "../../config/vitest.package.js";

// Each test file starts its own Chroma server: run them one at a time on small machines.
export default packageVitestConfig({ test: { fileParallelism: false } });
