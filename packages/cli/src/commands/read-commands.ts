import type { Command } from "commander";
import type { GetAllOptions, MemoryState, SearchOptions } from "@engram/core";
import type { GlobalOptions, ScopeFlags } from "../config/cli-options.js";
import { withMemory } from "../config/open-memory.js";
import { formatMemoryLine, formatScopes, formatSearchHit, formatShow } from "../output/format-memory.js";
import { createOutput } from "../output/output.js";
import { UsageError } from "../output/usage-error.js";
import { requireScopeFlags, scopeFromFlags, withScopeFlags } from "./scope-flags.js";

type Flags = GlobalOptions & ScopeFlags & { limit?: string; cursor?: string; include?: string };

/** Reads a whole-number flag. */
export function integerFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a whole number, got "${value}".`);
  return Number(value);
}

const states: MemoryState[] = ["active", "pending", "superseded", "merged", "archived", "expired"];

/** Registers `scopes`, `list`, `search` and `show`. */
export function registerReadCommands(program: Command): void {
  withScopeFlags(program.command("scopes").description("users, agents and runs with their memory counts"))
    .option("--limit <n>", "scopes per page", "100")
    .option("--cursor <cursor>", "the nextCursor of the previous page")
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<Flags>();
      const out = createOutput(flags.json === true);
      await withMemory(flags, async ({ memory }) => {
        const filter = scopeFromFlags(flags);
        const page = await memory.scopes({
          ...(filter ? { filter } : {}),
          limit: integerFlag(flags.limit, "--limit")!,
          ...(flags.cursor ? { cursor: flags.cursor } : {}),
        });
        out.result(page, () =>
          [
            formatScopes(page.scopes, out.colors),
            ...(page.nextCursor ? [`more: --cursor ${page.nextCursor}`] : []),
          ].join("\n"),
        );
      });
    });

  withScopeFlags(program.command("list").description("a scope's memories, newest first"))
    .option("--limit <n>", "memories per page", "100")
    .option("--cursor <cursor>", "the nextCursor of the previous page")
    .option("--include <states>", `also list these states (comma-separated: ${states.join(", ")})`)
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<Flags>();
      const out = createOutput(flags.json === true);
      const scope = requireScopeFlags(flags, "list");
      await withMemory(flags, async ({ memory }) => {
        const page = await memory.getAll({
          ...scope,
          limit: integerFlag(flags.limit, "--limit")!,
          ...(flags.cursor ? { cursor: flags.cursor } : {}),
          ...(flags.include ? { include: flags.include.split(",").map((state) => state.trim()) } : {}),
        } as GetAllOptions);
        out.result(page, () =>
          page.results.length
            ? page.results.map((item) => formatMemoryLine(item, out.colors)).join("\n")
            : "No memories in this scope.",
        );
      });
    });

  withScopeFlags(
    program.command("search").description("the memories most relevant to a query, with the score explained"),
  )
    .argument("<query>", "what to look for")
    .option("--limit <n>", "how many results", "10")
    .action(async (query: string, _options, command: Command) => {
      const flags = command.optsWithGlobals<Flags>();
      const out = createOutput(flags.json === true);
      const scope = requireScopeFlags(flags, "search");
      await withMemory(flags, async ({ memory }) => {
        const options = {
          ...scope,
          limit: integerFlag(flags.limit, "--limit")!,
          explain: true,
        } as SearchOptions;
        const result = await memory.search(query, options);
        out.result(result, () =>
          result.results.length
            ? result.results.map((item) => formatSearchHit(item, out.colors)).join("\n")
            : "Nothing found.",
        );
      });
    });

  withScopeFlags(program.command("show").description("one memory with its history timeline"))
    .argument("<id>", "the memory id")
    .action(async (id: string, _options, command: Command) => {
      const flags = command.optsWithGlobals<Flags>();
      const out = createOutput(flags.json === true);
      // An administrator's tool: without a scope flag the id is looked up in any scope.
      const scope = scopeFromFlags(flags) ?? { anyScope: true as const };
      await withMemory(flags, async ({ memory }) => {
        const item = await memory.get(id, { ...scope, include: ["pending"] } as never);
        const history = await memory.history(id, scope);
        if (!item && history.length === 0)
          throw new Error(`no memory ${id}${"anyScope" in scope ? "" : " in this scope"}.`);
        out.result({ memory: item, history }, () =>
          item
            ? formatShow(item, history, out.colors)
            : `${id} was forgotten; its history keeps ${history.length} content-free entries.`,
        );
      });
    });
}
