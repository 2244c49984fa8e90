import { packageVitestConfig, source } from "../../config/vitest.package.js";

export default packageVitestConfig({
  resolve: {
    alias: [{ find: /^@engram\/langchain\/messages$/, replacement: source("langchain", "messages.ts") }],
  },
});
