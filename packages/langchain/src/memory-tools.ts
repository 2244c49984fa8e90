import { type Memory, MemoryNotFoundError } from "@engram/core";
import { type ToolRuntime, tool } from "langchain";
import { z } from "zod";
import { defaultScope, resolveTurnScope, type ScopeResolver } from "./resolve-scope.js";

/** The memory tools an agent can be given. */
export type MemoryToolName = "search" | "save" | "update" | "delete";

/** Options of `createMemoryTools()`. */
export interface MemoryToolsOptions {
  /** The Engram memory the tools read and write. */
  memory: Memory;
  /** Reads the scope from the tool runtime. @default userId/agentId/runId from `context`, runId falling back to `configurable.thread_id` */
  scope?: ScopeResolver;
  /** Which tools to create. @default ["search", "save", "update", "delete"] */
  include?: MemoryToolName[];
  /** Search, update and delete across all runs (threads) of the user, not only the current one. @default true */
  searchAcrossRuns?: boolean;
  /** How many memories `search_memory` returns at most. @default 10 */
  searchLimit?: number;
}

function scopeOf(options: MemoryToolsOptions, runtime: ToolRuntime) {
  return resolveTurnScope(options.scope ?? defaultScope, runtime, options.searchAcrossRuns ?? true);
}

function notFound(error: unknown, id: string): string {
  if (MemoryNotFoundError.isInstance(error))
    return `No memory with id ${id} belongs to this user; search first to get valid ids.`;
  throw error;
}

function searchTool(options: MemoryToolsOptions) {
  return tool(
    async ({ query }, runtime: ToolRuntime) => {
      const { results } = await options.memory.search(query, {
        ...scopeOf(options, runtime).search,
        limit: options.searchLimit ?? 10,
      });
      if (results.length === 0) return "No memories found.";
      return results.map((item) => `[${item.id}] ${item.memory}`).join("\n");
    },
    {
      name: "search_memory",
      description: "Search long-term memory about the user. Returns one memory per line as [id] text.",
      schema: z.object({ query: z.string().describe("What to look for, in natural language.") }),
    },
  );
}

function saveTool(options: MemoryToolsOptions) {
  return tool(
    async ({ memory }, runtime: ToolRuntime) => {
      const { results } = await options.memory.add(memory, {
        ...scopeOf(options, runtime).write,
        infer: false,
      });
      const [result] = results;
      if (!result) return "Nothing was saved (the text was empty).";
      return result.event === "NONE" ? `Already remembered as [${result.id}].` : `Saved as [${result.id}].`;
    },
    {
      name: "save_memory",
      description:
        "Save one fact about the user to long-term memory, written as a short standalone sentence.",
      schema: z.object({
        memory: z.string().describe('The fact to remember, e.g. "Is allergic to peanuts".'),
      }),
    },
  );
}

function updateTool(options: MemoryToolsOptions) {
  return tool(
    async ({ id, memory }, runtime: ToolRuntime) => {
      try {
        await options.memory.update(id, { memory }, scopeOf(options, runtime).search);
        return `Updated [${id}].`;
      } catch (error) {
        return notFound(error, id);
      }
    },
    {
      name: "update_memory",
      description: "Replace the text of a memory (use an id from search_memory) when a fact has changed.",
      schema: z.object({
        id: z.string().describe("The memory id."),
        memory: z.string().describe("The new text."),
      }),
    },
  );
}

function deleteTool(options: MemoryToolsOptions) {
  return tool(
    async ({ id }, runtime: ToolRuntime) => {
      try {
        await options.memory.delete(id, scopeOf(options, runtime).search);
        return `Deleted [${id}].`;
      } catch (error) {
        return notFound(error, id);
      }
    },
    {
      name: "delete_memory",
      description:
        "Delete a memory (use an id from search_memory) that is wrong or that the user wants forgotten.",
      schema: z.object({ id: z.string().describe("The memory id.") }),
    },
  );
}

const factories = { search: searchTool, save: saveTool, update: updateTool, delete: deleteTool };

/**
 * Creates memory tools (search_memory, save_memory, update_memory, delete_memory) for models that manage
 * memory themselves. The scope comes from the runtime context on every call, never from `runtime.store`.
 * @example
 * const agent = createAgent({ model, tools: createMemoryTools({ memory }) });
 * await agent.invoke(input, { context: { userId: "alice" } });
 */
export function createMemoryTools(options: MemoryToolsOptions) {
  const include = options.include ?? ["search", "save", "update", "delete"];
  return include.map((name) => factories[name](options));
}
