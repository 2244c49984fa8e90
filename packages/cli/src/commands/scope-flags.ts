import type { Command } from "commander";
import type { ScopeSelector } from "@engram/core";
import type { ScopeFlags } from "../config/cli-options.js";
import { UsageError } from "../output/usage-error.js";

/** Adds `--user`, `--agent` and `--run` to a command. */
export function withScopeFlags(command: Command): Command {
  return command
    .option("-u, --user <id>", "the user id")
    .option("-a, --agent <id>", "the agent id")
    .option("-r, --run <id>", "the run (session, thread) id");
}

/** The scope the flags name, or undefined when they name none. */
export function scopeFromFlags(flags: ScopeFlags): ScopeSelector | undefined {
  const scope: Record<string, string> = {};
  if (flags.user !== undefined) scope.userId = flags.user;
  if (flags.agent !== undefined) scope.agentId = flags.agent;
  if (flags.run !== undefined) scope.runId = flags.run;
  return Object.keys(scope).length ? (scope as ScopeSelector) : undefined;
}

/** The scope the flags name; a usage error when they name none. */
export function requireScopeFlags(flags: ScopeFlags, command: string): ScopeSelector {
  const scope = scopeFromFlags(flags);
  if (!scope) throw new UsageError(`engram ${command} needs a scope: pass --user, --agent or --run.`);
  return scope;
}
