// `npm test`: the whole suite from a fresh clone — install, lint, build, typecheck, then every package's tests.
import { pnpm } from "./workspace.mjs";

pnpm("install", "--frozen-lockfile");
pnpm("lint");
pnpm("build");
pnpm("typecheck");
pnpm("test:packages");
