import { createMemoryToolSpecs, type MemoryToolsBaseOptions, type ScopeSelector } from "@engram/core";
import { tool } from "ai";

/** Options of `engramTools()`: the memory, and the scope (userId, agentId, runId) every tool call is confined to. */
export type EngramToolsOptions = ScopeSelector & EngramToolsSettings;

/** What `engramTools()` takes besides the scope. */
export interface EngramToolsSettings extends MemoryToolsBaseOptions {
  /** Who is recorded in the memory history for changes made through the tools. @default "ai-sdk-tool" */
  actor?: string;
}

/**
 * Creates AI SDK tools that let a model search, add, update and delete memories itself. Every tool is
 * confined to the scope given here; ids from other scopes are reported as not found.
 * @example
 * const tools = engramTools({ memory, userId: "alice" });
 * await generateText({ model, tools, stopWhen: stepCountIs(5), prompt: "Remember that I moved to Lisbon" });
 */
export function engramTools(options: EngramToolsOptions) {
  const specs = createMemoryToolSpecs({
    ...options,
    // The scope fields sit directly on this function's options; core picks and checks them.
    scope: options,
    actor: options?.actor ?? "ai-sdk-tool",
    caller: "engramTools",
    scopeArgument: "options",
  });
  return {
    /** Finds stored memories relevant to a query. */
    searchMemories: tool({
      description: specs.search.description,
      inputSchema: specs.search.inputSchema,
      execute: (input) => specs.search.execute(input),
    }),
    /** Stores a new memory. */
    addMemory: tool({
      description: specs.add.description,
      inputSchema: specs.add.inputSchema,
      execute: (input) => specs.add.execute(input),
    }),
    /** Replaces the text of a memory. */
    updateMemory: tool({
      description: specs.update.description,
      inputSchema: specs.update.inputSchema,
      execute: (input) => specs.update.execute(input),
    }),
    /** Deletes a memory. */
    deleteMemory: tool({
      description: specs.delete.description,
      inputSchema: specs.delete.inputSchema,
      execute: (input) => specs.delete.execute(input),
    }),
  };
}

/** The tools returned by `engramTools()`. */
export type EngramTools = ReturnType<typeof engramTools>;
