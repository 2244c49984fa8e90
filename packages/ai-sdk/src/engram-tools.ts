import { InvalidArgumentError, type Memory, type Scope, hasScope, pickScope } from "@engram/core";
import { tool } from "ai";
import { z } from "zod";
import type { MiddlewareAddOptions, MiddlewareSearchOptions } from "./middleware-options.js";

/** Options of `engramTools()`: the memory, and the scope every tool call is confined to. */
export interface EngramToolsOptions extends Scope {
  /** The Engram memory the tools read and change. */
  memory: Memory;
  /** Options for `searchMemories` (the model may lower `limit`). @default { limit: 5 } */
  searchOptions?: MiddlewareSearchOptions;
  /** Options for `addMemory`. @default { infer: false } (the model already phrased the memory) */
  addOptions?: MiddlewareAddOptions;
  /** Who is recorded in the memory history for changes made through the tools. @default "ai-sdk-tool" */
  actor?: string;
}

function checkedScope(options: EngramToolsOptions): Scope {
  if (typeof options !== "object" || options === null || typeof options.memory?.search !== "function") {
    throw new InvalidArgumentError({
      argument: "options.memory",
      message: "pass the Engram memory: engramTools({ memory, userId }).",
    });
  }
  const scope = pickScope(options as unknown as Record<string, unknown>, "options");
  if (!hasScope(scope)) {
    throw new InvalidArgumentError({
      argument: "options",
      message:
        'engramTools() needs a scope so the model can only touch one user\'s memories: pass userId, agentId or runId, e.g. engramTools({ memory, userId: "alice" }).',
    });
  }
  return scope;
}

interface ToolContext {
  memory: Memory;
  scope: Scope;
  actor: string;
  options: EngramToolsOptions;
}

function searchMemoriesTool({ memory, scope, options }: ToolContext) {
  return tool({
    description:
      "Search long-term memory for facts about the user or earlier conversations. Returns the best matches first.",
    inputSchema: z.object({
      query: z.string().min(1).describe("What to look for, in natural language."),
      limit: z.number().int().min(1).max(50).optional().describe("How many memories to return at most."),
    }),
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
    description:
      "Save something worth remembering about the user for future conversations (one fact per call).",
    inputSchema: z.object({
      memory: z.string().min(1).describe("The fact to remember, as a short self-contained sentence."),
    }),
    execute: async ({ memory: text }) => {
      const { results } = await memory.add(text, { infer: false, actor, ...options.addOptions, ...scope });
      return { results: results.map((item) => ({ id: item.id, memory: item.memory, event: item.event })) };
    },
  });
}

function updateMemoryTool({ memory, scope, actor }: ToolContext) {
  return tool({
    description:
      "Correct a stored memory, e.g. when the user says something changed. Use an id returned by searchMemories.",
    inputSchema: z.object({
      id: z.string().min(1).describe("The id of the memory to change."),
      memory: z.string().min(1).describe("The corrected text."),
    }),
    execute: async ({ id, memory: text }) => {
      const item = await memory.update(id, { memory: text }, { ...scope, actor });
      return { id: item.id, memory: item.memory, updatedAt: item.updatedAt };
    },
  });
}

function deleteMemoryTool({ memory, scope, actor }: ToolContext) {
  return tool({
    description:
      "Delete a stored memory that is wrong or that the user asked to forget. Use an id returned by searchMemories.",
    inputSchema: z.object({ id: z.string().min(1).describe("The id of the memory to delete.") }),
    execute: async ({ id }) => memory.delete(id, { ...scope, actor }),
  });
}

/**
 * Creates AI SDK tools that let a model search, add, update and delete memories itself. Every tool is
 * confined to the scope given here; ids from other scopes are reported as not found.
 * @example
 * const tools = engramTools({ memory, userId: "alice" });
 * await generateText({ model, tools, stopWhen: stepCountIs(5), prompt: "Remember that I moved to Lisbon" });
 */
export function engramTools(options: EngramToolsOptions) {
  const context: ToolContext = {
    memory: options?.memory,
    scope: checkedScope(options),
    actor: options.actor ?? "ai-sdk-tool",
    options,
  };
  return {
    /** Finds stored memories relevant to a query. */
    searchMemories: searchMemoriesTool(context),
    /** Stores a new memory. */
    addMemory: addMemoryTool(context),
    /** Replaces the text of a memory. */
    updateMemory: updateMemoryTool(context),
    /** Deletes a memory. */
    deleteMemory: deleteMemoryTool(context),
  };
}

/** The tools returned by `engramTools()`. */
export type EngramTools = ReturnType<typeof engramTools>;
