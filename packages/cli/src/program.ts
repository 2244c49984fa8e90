import { Command, CommanderError } from "commander";
import { registerDoctorCommand } from "./commands/doctor-command.js";
import { registerReadCommands } from "./commands/read-commands.js";
import { registerServeCommands } from "./commands/serve-commands.js";
import { registerStatsCommand } from "./commands/stats-command.js";
import { registerTransferCommands } from "./commands/transfer-commands.js";
import { registerWriteCommands } from "./commands/write-commands.js";
import { exitCodes, UsageError } from "./output/usage-error.js";
import { version } from "./version.js";

/** Builds the `engram` program: global options and every command. */
export function createProgram(): Command {
  const program = new Command("engram")
    .description(
      "Engram from the terminal: serve it, inspect and search memories, export, import and check a store.",
    )
    .version(version)
    .option(
      "-c, --config <file>",
      "config file (the server's engram.config.json; default ./engram.config.json or ENGRAM_CONFIG)",
    )
    .option("-s, --store <file>", "open this SQLite store file directly")
    .option("-t, --tenant <id>", "the tenant whose store to open under the config's dataDir", "default")
    .option("--json", "print JSON for scripts")
    .showHelpAfterError("(run engram --help for usage)");
  registerServeCommands(program);
  registerReadCommands(program);
  registerWriteCommands(program);
  registerTransferCommands(program);
  registerStatsCommand(program);
  registerDoctorCommand(program);
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI on `argv` (as `process.argv`); resolves to the exit code. */
export async function runCli(argv: readonly string[] = process.argv): Promise<number> {
  try {
    await createProgram().parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander printed its message already (e.g. "error: unknown option '--frobnicate'").
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`engram: ${message}\n`);
    return error instanceof UsageError ? exitCodes.usage : exitCodes.failure;
  }
}
