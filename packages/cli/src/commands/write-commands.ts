import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import type { AddOptions, Metadata } from "@engram/core";
import type { GlobalOptions, ScopeFlags } from "../config/cli-options.js";
import { withMemory } from "../config/open-memory.js";
import { formatScope } from "../output/format-memory.js";
import { createOutput } from "../output/output.js";
import { UsageError } from "../output/usage-error.js";
import { requireScopeFlags, withScopeFlags } from "./scope-flags.js";

type AddFlags = GlobalOptions & ScopeFlags & { metadata?: string; infer?: boolean; type?: string };
type ForgetFlags = GlobalOptions & ScopeFlags & { yes?: boolean };

function parseMetadata(text: string | undefined): Metadata | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Metadata;
  } catch {
    throw new UsageError(`--metadata expects a JSON object, e.g. '{"topic":"food"}', got ${text}.`);
  }
}

/** Asks a yes/no question on the terminal; true only for "y" or "yes". */
async function confirm(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await terminal.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    terminal.close();
  }
}

/** Registers `add` and `forget`. */
export function registerWriteCommands(program: Command): void {
  withScopeFlags(program.command("add").description("store a memory (verbatim, or extracted with --infer)"))
    .argument("<text>", "the text to remember")
    .option("--metadata <json>", "metadata as a JSON object")
    .option("--type <type>", "the memory type (fact, preference, …)")
    .option("--infer", "extract memories from the text instead of storing it verbatim")
    .action(async (text: string, _options, command: Command) => {
      const flags = command.optsWithGlobals<AddFlags>();
      const out = createOutput(flags.json === true);
      const scope = requireScopeFlags(flags, "add");
      const metadata = parseMetadata(flags.metadata);
      await withMemory(flags, async ({ memory }) => {
        const options = {
          ...scope,
          ...(metadata ? { metadata } : {}),
          ...(flags.type ? { type: flags.type } : {}),
          ...(flags.infer ? { infer: true } : {}),
        } as AddOptions;
        const input = flags.infer ? [{ role: "user", content: text }] : text;
        const result = await memory.add(input, options);
        out.result(result, () =>
          result.results.length
            ? result.results.map((item) => `${item.event.padEnd(8)} ${item.id}  ${item.memory}`).join("\n")
            : "Nothing to remember in that text.",
        );
      });
    });

  withScopeFlags(
    program.command("forget").description("erase every memory of a scope and the content of its history"),
  )
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<ForgetFlags>();
      const out = createOutput(flags.json === true);
      const scope = requireScopeFlags(flags, "forget");
      if (!flags.yes) {
        if (!process.stdin.isTTY || !process.stderr.isTTY)
          throw new UsageError(
            `engram forget erases ${formatScope(scope)} for good; not on a terminal, so pass --yes to confirm.`,
          );
        if (!(await confirm(`Erase every memory of ${formatScope(scope)} and its history content?`))) {
          out.note("Nothing was erased.");
          return;
        }
      }
      await withMemory(flags, async ({ memory }) => {
        const result = await memory.deleteAll(scope);
        out.result(
          result,
          () =>
            `Forgot ${result.deleted} memories of ${formatScope(scope)}${result.refused ? `; ${result.refused} were kept by a write policy` : ""}.`,
        );
      });
    });
}
