import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { exportLines, type ImportOptions } from "@engram/core";
import type { GlobalOptions, ScopeFlags } from "../config/cli-options.js";
import { withMemory } from "../config/open-memory.js";
import { formatScope } from "../output/format-memory.js";
import { createOutput } from "../output/output.js";
import { startProgress } from "../output/progress.js";
import { allScopes } from "./all-scopes.js";
import { requireScopeFlags, withScopeFlags } from "./scope-flags.js";

type ImportFlags = GlobalOptions & { expectUser?: string; asUser?: string };

/** The lines of a file, or of stdin for "-", read one at a time. */
function readLines(file: string): AsyncIterable<string> {
  const input = file === "-" ? process.stdin : createReadStream(file, { encoding: "utf8" });
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

/** How many lines a file has (for the progress bar's total), counted without holding it in memory. */
async function countLines(file: string): Promise<number> {
  if (file === "-") return 0;
  let count = 0;
  for await (const chunk of createReadStream(file))
    for (const byte of chunk as Buffer) if (byte === 10) count++;
  return count;
}

/** Registers `export`, `import` and `reembed`. */
export function registerTransferCommands(program: Command): void {
  withScopeFlags(
    program.command("export").description("write a scope's memories and history as JSONL to stdout"),
  ).action(async (_options, command: Command) => {
    const flags = command.optsWithGlobals<GlobalOptions & ScopeFlags>();
    const scope = requireScopeFlags(flags, "export");
    const out = createOutput(false);
    await withMemory(flags, async ({ memory }) => {
      const data = await memory.export(scope);
      const total = 1 + data.memories.length + data.history.length;
      const progress = startProgress("export", total);
      let written = 0;
      for (const line of exportLines(data)) {
        await out.write(`${JSON.stringify(line)}\n`);
        progress.update(++written);
      }
      progress.stop();
      out.note(
        `Exported ${data.memories.length} memories and ${data.history.length} history entries of ${formatScope(scope)}.`,
      );
    });
  });

  program
    .command("import")
    .description("read an export (JSONL file, or - for stdin) back; what the store holds already is skipped")
    .argument("<file>", "the JSONL file, or - for stdin")
    .option("--expect-user <id>", "refuse the file unless it is this user's export")
    .option("--as-user <id>", "import another user's export as this user (ids are kept)")
    .action(async (file: string, _options, command: Command) => {
      const flags = command.optsWithGlobals<ImportFlags>();
      const out = createOutput(flags.json === true);
      await withMemory(flags, async ({ memory }) => {
        const progress = startProgress("import", await countLines(file));
        const options: ImportOptions = {
          ...(flags.expectUser ? { expectScope: { userId: flags.expectUser } } : {}),
          ...(flags.asUser ? { renameScope: { userId: flags.asUser } } : {}),
          onProgress: (step) => progress.update(step.lines),
        };
        try {
          const result = await memory.import(readLines(file), options);
          out.result(
            result,
            () =>
              `Imported ${result.imported} memories and ${result.historyImported} history entries; ${result.skipped} memories were already stored${result.conflicts.length ? `; ${result.conflicts.length} stored at an older version were left as they are` : ""}.`,
          );
        } finally {
          progress.stop();
        }
      });
    });

  program
    .command("reembed")
    .description("re-embed every memory with the configured embedder (after changing it)")
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions & ScopeFlags>();
      const out = createOutput(flags.json === true);
      await withMemory(flags, async ({ memory }) => {
        const scopes = await allScopes(memory);
        const total = scopes.reduce((sum, scope) => sum + scope.counts.total, 0);
        // memory.reembed() reports only at the end: the bar shows the work, then its completion.
        const progress = startProgress("reembed", total);
        const result = await memory.reembed();
        progress.update(result.reembedded, Math.max(total, result.reembedded));
        progress.stop();
        out.result(result, () => `Re-embedded ${result.reembedded} memories.`);
      });
    });
}
