import { packageVitestConfig } from "../../config/vitest.package.js";

// The Mem0 client reads MEM0_TELEMETRY when it is imported: off, so it never tries to reach PostHog.
export default packageVitestConfig({ test: { env: { MEM0_TELEMETRY: "false" } } });
