import { createMemoryToolSpecs, type Memory, MemoryNotFoundError, memoryToolDefinitions } from "@engram/core";
import { type ToolRuntime, tool } from "langchain";
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

/** LangChain's tool names; core's descriptions refer to the search tool by its name. */
const names = {
  search: "search_memory",
  add: "save_memory",
  update: "update_memory",
  delete: "delete_memory",
};
const definitions = memoryToolDefinitions(names);

/** Core's tool specs for one call, confined to the scope the runtime names (writes: the full scope). */
function specsFor(options: MemoryToolsOptions, runtime: ToolRuntime, which: "write" | "search") {
  const scope = resolveTurnScope(options.scope ?? defaultScope, runtime, options.searchAcrossRuns ?? true);
  return createMemoryToolSpecs({
    memory: options.memory,
    scope: scope[which],
    searchOptions: { limit: options.searchLimit ?? 10 },
    names,
    caller: "createMemoryTools",
  });
}

function notFound(error: unknown, id: string): string {
  if (MemoryNotFoundError.isInstance(error))
    return `No memory with id ${id} belongs to this user; search first to get valid ids.`;
  throw error;
}

function searchTool(options: MemoryToolsOptions) {
  const { name, description, inputSchema } = definitions.search;
  return tool(
    async ({ query }, runtime: ToolRuntime) => {
      const { memories } = await specsFor(options, runtime, "search").search.execute({ query });
      if (memories.length === 0) return "No memories found.";
      return memories.map((item) => `[${item.id}] ${item.memory}`).join("\n");
    },
    {
      name,
      description: `${description} One memory per line as [id] text.`,
      // The searchLimit option, not the model, decides how many memories come back.
      schema: inputSchema.omit({ limit: true }),
    },
  );
}

function saveTool(options: MemoryToolsOptions) {
  const { name, description, inputSchema } = definitions.add;
  return tool(
    async ({ memory }, runtime: ToolRuntime) => {
      const { results, notSaved } = await specsFor(options, runtime, "write").add.execute({ memory });
      const [result] = results;
      // A refused write is reported as such (the spec's notSaved says why), never as an empty text.
      if (!result) return notSaved ?? "Nothing was saved: the text held nothing to remember.";
      const saved =
        result.event === "NONE" ? `Already remembered as [${result.id}].` : `Saved as [${result.id}].`;
      return notSaved ? `${saved} ${notSaved}` : saved;
    },
    { name, description, schema: inputSchema },
  );
}

function updateTool(options: MemoryToolsOptions) {
  const { name, description, inputSchema } = definitions.update;
  return tool(
    async ({ id, memory }, runtime: ToolRuntime) => {
      try {
        const output = await specsFor(options, runtime, "search").update.execute({ id, memory });
        return "updated" in output ? `Not updated [${id}]: ${output.reason}` : `Updated [${id}].`;
      } catch (error) {
        return notFound(error, id);
      }
    },
    { name, description, schema: inputSchema },
  );
}

function deleteTool(options: MemoryToolsOptions) {
  const { name, description, inputSchema } = definitions.delete;
  return tool(
    async ({ id }, runtime: ToolRuntime) => {
      try {
        const output = await specsFor(options, runtime, "search").delete.execute({ id });
        return output.deleted ? `Deleted [${id}].` : `Not deleted [${id}]: ${output.reason}`;
      } catch (error) {
        return notFound(error, id);
      }
    },
    { name, description, schema: inputSchema },
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
