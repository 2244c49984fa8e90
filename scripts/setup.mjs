// `npm run setup`: install everything, build every package, and run the quickstart demo offline.
import { pnpm } from "./workspace.mjs";

pnpm("install", "--frozen-lockfile");
pnpm("build");
pnpm("demo");
