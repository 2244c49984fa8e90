import { createMemoryToolSpecs, type MemoryToolsBaseOptions, type ScopeSelector } from "@engram/core";
import { tool } from "@llamaindex/core/tools";

/** Options of `engramTools()`: the memory, and the scope (userId, agentId, runId) every tool call is confined to. */
export type EngramToolsOptions = ScopeSelector & EngramToolsSettings;

/** What `engramTools()` takes besides the scope. */
export interface EngramToolsSettings extends MemoryToolsBaseOptions {
  /** Who is recorded in the memory history for changes made through the tools. @default "llamaindex-tool" */
  actor?: string;
}

/**
 * Creates LlamaIndex tools that let an agent search, add, update and delete memories itself. Every tool is
 * confined to the scope given here; ids from other scopes are reported as not found.
 * @example
 * const assistant = agent({ llm, tools: engramTools({ memory, userId: "alice" }) });
 */
export function engramTools(options: EngramToolsOptions) {
  const specs = createMemoryToolSpecs({
    ...options,
    // The scope fields sit directly on this function's options; core picks and checks them.
    scope: options,
    actor: options?.actor ?? "llamaindex-tool",
    caller: "engramTools",
    scopeArgument: "options",
  });
  return [
    tool({
      name: specs.search.name,
      description: specs.search.description,
      parameters: specs.search.inputSchema,
      execute: (input) => specs.search.execute(input),
    }),
    tool({
      name: specs.add.name,
      description: specs.add.description,
      parameters: specs.add.inputSchema,
      execute: (input) => specs.add.execute(input),
    }),
    tool({
      name: specs.update.name,
      description: specs.update.description,
      parameters: specs.update.inputSchema,
      execute: (input) => specs.update.execute(input),
    }),
    tool({
      name: specs.delete.name,
      description: specs.delete.description,
      parameters: specs.delete.inputSchema,
      execute: (input) => specs.delete.execute(input),
    }),
  ];
}
