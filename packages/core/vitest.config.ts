import { packageVitestConfig } from "../../config/vitest.package.js";

// The shared aliases also point core's lazily imported default components (sqlite, wink) at its sources.
export default packageVitestConfig();
