// `npm test`: the whole suite from a fresh clone — install, lint, build, typecheck, then every package's tests,
// closing with one summary line over all packages.
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pnpm, root, tryPnpm } from "./workspace.mjs";

const resultFile = ".vitest/results.json";
const projects = ["packages", "examples"]
  .flatMap((folder) => readdirSync(path.join(root, folder)).map((name) => path.join(root, folder, name)))
  .concat(path.join(root, "benchmarks"));
for (const project of projects) rmSync(path.join(project, resultFile), { force: true });

pnpm("install", "--frozen-lockfile");
pnpm("lint");
pnpm("changeset", "status"); // every changeset parses (and none is missing against main)
pnpm("build");
pnpm("typecheck");
const status = tryPnpm(
  "test:packages",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${resultFile}`,
);

const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
for (const project of projects) {
  const file = path.join(project, resultFile);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, "utf8"));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  totals.files += 1;
}
console.log(`\nTest files from ${totals.files} packages.`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(status !== 0 ? status : totals.failed > 0 || totals.passed === 0 ? 1 : 0);
