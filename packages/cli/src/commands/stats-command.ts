import { statSync } from "node:fs";
import type { Command } from "commander";
import { embedderMetaKey, emptyCounts, type StateCounts } from "@engram/core";
import type { GlobalOptions } from "../config/cli-options.js";
import { withMemory } from "../config/open-memory.js";
import { createOutput } from "../output/output.js";
import { allScopes } from "./all-scopes.js";

/** Bytes of the database file and its write-ahead log. */
function storeBytes(file: string): number {
  let bytes = 0;
  for (const part of [file, `${file}-wal`]) {
    try {
      bytes += statSync(part).size;
    } catch {
      // a missing WAL file is 0 bytes
    }
  }
  return bytes;
}

/** Registers `stats`: counts by state and type, the store's size, the embedder. */
export function registerStatsCommand(program: Command): void {
  program
    .command("stats")
    .description("memory counts by state and type, store size and embedder")
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions>();
      const out = createOutput(flags.json === true);
      await withMemory(flags, async ({ memory, store, config }) => {
        const scopes = await allScopes(memory);
        const states: StateCounts = emptyCounts();
        for (const scope of scopes)
          for (const [state, count] of Object.entries(scope.counts))
            states[state as keyof StateCounts] += count;
        // Types are not counted on write: one pass over the store (stats is an occasional, administrative read).
        const types: Record<string, number> = {};
        let cursor: string | undefined;
        do {
          const page = await store.list({
            scope: null,
            limit: 1000,
            includeInvalid: true,
            ...(cursor ? { cursor } : {}),
          });
          for (const record of page.records) types[record.type] = (types[record.type] ?? 0) + 1;
          cursor = page.nextCursor;
        } while (cursor);
        const embedder = await store.getMeta(embedderMetaKey);
        const stats = {
          store: { path: config.storePath, bytes: storeBytes(config.storePath) },
          scopes: scopes.length,
          states,
          types,
          embedder: embedder ? (JSON.parse(embedder) as unknown) : null,
        };
        out.result(stats, () =>
          [
            `store     ${stats.store.path} (${(stats.store.bytes / 1024).toFixed(1)} KiB)`,
            `scopes    ${stats.scopes}`,
            `memories  ${Object.entries(states)
              .map(([state, count]) => `${state} ${count}`)
              .join(", ")}`,
            `types     ${
              Object.entries(types)
                .map(([type, count]) => `${type} ${count}`)
                .join(", ") || "none"
            }`,
            `embedder  ${embedder ?? "none recorded yet"}`,
          ].join("\n"),
        );
      });
    });
}
