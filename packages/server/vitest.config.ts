import { packageVitestConfig } from "../../config/vitest.package.js";

export default packageVitestConfig();
