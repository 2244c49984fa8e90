// The tsup build every Engram package shares: ESM + CJS + type declarations for Node 20.
import { type Options, defineConfig } from "tsup";

/** Tsup config for a package; `options` (entries, externals, shims) override the defaults. */
export function packageTsupConfig(options: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    splitting: true,
    ...options,
  });
}
