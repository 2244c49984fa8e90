import { packageTsupConfig } from "../../config/tsup.package.js";

export default packageTsupConfig();
