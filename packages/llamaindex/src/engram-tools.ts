import { InvalidArgumentError, type Memory as EngramMemory, type Scope } from "@engram/core";
import { tool } from "@llamaindex/core/tools";
import { z } from "zod";
import { type BlockAddOptions, type BlockSearchOptions, checkScope } from "./engram-memory-block.js";

/** Options of `engramTools()`: the memory, and the scope every tool call is confined to. */
export interface EngramToolsOptions extends Scope {
  /** The Engram memory the tools read and change. */
  memory: EngramMemory;
  /** Options for `searchMemories` (the model may lower `limit`). @default { limit: 5 } */
  searchOptions?: BlockSearchOptions;
  /** Options for `addMemory`. @default { infer: false } (the model already phrased the memory) */
  addOptions?: BlockAddOptions;
  /** Who is recorded in the memory history for changes made through the tools. @default "llamaindex-tool" */
  actor?: string;
}

const searchParameters = z.object({
  query: z.string().min(1).describe("What to look for, in natural language."),
  limit: z.number().int().min(1).max(50).optional().describe("How many memories to return at most."),
});
const addParameters = z.object({
  memory: z.string().min(1).describe("The fact to remember, as a short self-contained sentence."),
});
const updateParameters = z.object({
  id: z.string().min(1).describe("The id of the memory to change."),
  memory: z.string().min(1).describe("The corrected text."),
});
const deleteParameters = z.object({ id: z.string().min(1).describe("The id of the memory to delete.") });

interface ToolContext {
  memory: EngramMemory;
  scope: Scope;
  actor: string;
  options: EngramToolsOptions;
}

function searchMemoriesTool({ memory, scope, options }: ToolContext) {
  return tool({
    name: "searchMemories",
    description:
      "Search long-term memory for facts about the user or earlier conversations. Returns the best matches first.",
    parameters: searchParameters,
    execute: async ({ query, limit }) => {
      const { results } = await memory.search(query, {
        limit: 5,
        ...options.searchOptions,
        ...(limit ? { limit } : {}),
        ...scope,
      });
      return {
        memories: results.map((item) => ({
          id: item.id,
          memory: item.memory,
          type: item.type,
          score: item.score,
          updatedAt: item.updatedAt,
        })),
      };
    },
  });
}

function addMemoryTool({ memory, scope, actor, options }: ToolContext) {
  return tool({
    name: "addMemory",
    description:
      "Save something worth remembering about the user for future conversations (one fact per call).",
    parameters: addParameters,
    execute: async ({ memory: text }) => {
      const { results } = await memory.add(text, { infer: false, actor, ...options.addOptions, ...scope });
      return { results: results.map((item) => ({ id: item.id, memory: item.memory, event: item.event })) };
    },
  });
}

function updateMemoryTool({ memory, scope, actor }: ToolContext) {
  return tool({
    name: "updateMemory",
    description:
      "Correct a stored memory, e.g. when the user says something changed. Use an id returned by searchMemories.",
    parameters: updateParameters,
    execute: async ({ id, memory: text }) => {
      const item = await memory.update(id, { memory: text }, { ...scope, actor });
      return { id: item.id, memory: item.memory, updatedAt: item.updatedAt };
    },
  });
}

function deleteMemoryTool({ memory, scope, actor }: ToolContext) {
  return tool({
    name: "deleteMemory",
    description:
      "Delete a stored memory that is wrong or that the user asked to forget. Use an id returned by searchMemories.",
    parameters: deleteParameters,
    execute: async ({ id }) => memory.delete(id, { ...scope, actor }),
  });
}

/**
 * Creates LlamaIndex tools that let an agent search, add, update and delete memories itself. Every tool is
 * confined to the scope given here; ids from other scopes are reported as not found.
 * @example
 * const assistant = agent({ llm, tools: engramTools({ memory, userId: "alice" }) });
 */
export function engramTools(options: EngramToolsOptions) {
  if (typeof options?.memory?.search !== "function") {
    throw new InvalidArgumentError({
      argument: "options.memory",
      message: "pass the Engram memory: engramTools({ memory, userId }).",
    });
  }
  const context: ToolContext = {
    memory: options.memory,
    scope: checkScope(options, "options"),
    actor: options.actor ?? "llamaindex-tool",
    options,
  };
  return [
    searchMemoriesTool(context),
    addMemoryTool(context),
    updateMemoryTool(context),
    deleteMemoryTool(context),
  ];
}
