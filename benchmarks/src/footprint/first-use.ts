import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** What one fresh process measured for `new Memory()` + first `add` + first `search`. */
export interface FirstUseResult {
  /** Milliseconds from process start to the search result (module loading included). */
  milliseconds?: number;
  /** Peak resident memory of the process, in MB. */
  maxRssMegabytes?: number;
  /** Whether the search found the memory just added. */
  found: boolean;
  /** Why the process failed (exit code and the last line of its stderr), if it did. */
  failure?: string;
}

const child = fileURLToPath(new URL("./first-use-child.mjs", import.meta.url));

/** Runs the zero-config first use in a fresh `node` process with its own data and cache folders. */
export function measureFirstUse(options: { cacheDir: string; nodeFlags?: string[] }): FirstUseResult {
  const dataDir = mkdtempSync(path.join(tmpdir(), "engram-footprint-data-"));
  try {
    const result = spawnSync(process.execPath, [...(options.nodeFlags ?? []), child], {
      cwd: path.dirname(child),
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "", ENGRAM_CACHE_DIR: options.cacheDir, FOOTPRINT_DIR: dataDir },
      maxBuffer: 16 * 1024 * 1024,
    });
    const line = result.stdout.trim().split("\n").at(-1) ?? "";
    if (result.status !== 0 || !line.startsWith("{")) {
      const lines = result.stderr.trim().split("\n").filter(Boolean);
      const reason = lines.find((text) => /out of memory|Error/u.test(text)) ?? lines.at(-1) ?? "no output";
      return { found: false, failure: `exit ${result.status ?? result.signal}: ${reason.slice(0, 160)}` };
    }
    const parsed = JSON.parse(line) as {
      milliseconds: number;
      maxRssMegabytes: number;
      found: string | null;
    };
    return {
      milliseconds: parsed.milliseconds,
      maxRssMegabytes: parsed.maxRssMegabytes,
      found: parsed.found === "Has a golden retriever called Biscuit",
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
