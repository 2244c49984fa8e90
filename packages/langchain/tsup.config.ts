import { packageTsupConfig } from "../../config/tsup.package.js";

export default packageTsupConfig({ entry: ["src/index.ts", "src/messages.ts"] });
