// `pnpm bench:footprint`: what the zero-config default costs a new user. Fresh `node` processes with an empty
// cache run `new Memory()` + first `add` + first `search` (time from process start, peak RSS), again with the
// cache the first run left, and once under --max-old-space-size=256; then the packed packages are installed
// offline into a fresh project with the default store's and embedder's packages, and sized.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { formatNumber, markdownTable } from "../report/markdown-table.js";
import { type FirstUseResult, measureFirstUse } from "./first-use.js";
import { measureInstalledSize } from "./installed-size.js";

const megabytes = (bytes: number) => bytes / 1024 / 1024;

function row(label: string, result: FirstUseResult): string[] {
  return [
    label,
    formatNumber(result.milliseconds),
    formatNumber(result.maxRssMegabytes),
    result.failure ? `no (${result.failure})` : result.found ? "yes" : "no",
  ];
}

const cacheDir = mkdtempSync(path.join(tmpdir(), "engram-footprint-cache-"));
try {
  console.log(
    `Machine: ${cpus().length} cores, load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(" ")}`,
  );
  const cold = measureFirstUse({ cacheDir });
  const warm = measureFirstUse({ cacheDir });
  const emptyCache = mkdtempSync(path.join(tmpdir(), "engram-footprint-cache-"));
  const smallHeap = measureFirstUse({ cacheDir: emptyCache, nodeFlags: ["--max-old-space-size=256"] });
  rmSync(emptyCache, { recursive: true, force: true });
  console.log("\nFirst `new Memory()` + `add` + `search` in a fresh process (zero-config defaults):\n");
  console.log(
    markdownTable(
      ["run", "ms from process start", "peak RSS (MB)", "found the memory"],
      [
        row("empty cache", cold),
        row("second run (cache kept)", warm),
        row("empty cache, --max-old-space-size=256", smallHeap),
      ],
    ),
  );
  const sizes = measureInstalledSize();
  console.log("\nInstalled size (packed packages + zero-config peers, fresh project, apparent size):\n");
  const shown = sizes.filter((size) => size.name === "total" || size.bytes >= 500_000);
  const rest = sizes.filter((size) => !shown.includes(size)).reduce((sum, size) => sum + size.bytes, 0);
  shown.splice(-1, 0, { name: `${sizes.length - 1 - (shown.length - 1)} smaller packages`, bytes: rest });
  console.log(
    markdownTable(
      ["package", "MB"],
      shown.map((size) => [size.name, formatNumber(megabytes(size.bytes))]),
    ),
  );
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
