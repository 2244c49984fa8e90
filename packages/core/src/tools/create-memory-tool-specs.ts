import type { z } from "zod";
import { InvalidArgumentError, WriteRejectedError } from "../errors/index.js";
import type { Memory } from "../memory/memory.js";
import type { AddSettings, SearchOptions, SearchSettings } from "../memory/memory-options.js";
import { asSelector, hasScope, pickScope } from "../scope.js";
import type { MemoryItem, ScopeSelector } from "../types.js";
import {
  type addMemoryInputSchema,
  type deleteMemoryInputSchema,
  type MemoryToolDefinition,
  type MemoryToolNames,
  memoryToolDefinitions,
  type searchMemoriesInputSchema,
  type updateMemoryInputSchema,
} from "./memory-tool-definitions.js";

/** Search options of the search tool (the scope comes from `scope`). */
export type MemoryToolSearchOptions = SearchSettings;

/** Add options of the add tool (the scope comes from `scope`). */
export type MemoryToolAddOptions = AddSettings;

/** What memory tool factories take besides the scope: the memory, the actor and the search and add options. */
export interface MemoryToolsBaseOptions {
  /** The Engram memory the tools read and change. */
  memory: Memory;
  /** Who is recorded in the memory history for changes made through the tools. @default the memory's own actor */
  actor?: string;
  /** Options for the search tool (the model may pass its own `limit`). @default { limit: 5 } */
  searchOptions?: MemoryToolSearchOptions;
  /** Options for the add tool. @default { infer: false } (the model already phrased the memory) */
  addOptions?: MemoryToolAddOptions;
}

/** Options of `createMemoryToolSpecs()`. */
export interface MemoryToolSpecsOptions extends MemoryToolsBaseOptions {
  /** The user, agent and/or run every tool call is confined to (at least one field). */
  scope: ScopeSelector;
  /** Tool names, e.g. snake_case ones; descriptions refer to the search tool by its name. @default defaultMemoryToolNames */
  names?: Partial<MemoryToolNames>;
  /** The function the user called, named in error messages (adapters pass their own). @default "createMemoryToolSpecs" */
  caller?: string;
  /** The argument the scope came from, named in error messages. @default "options.scope" */
  scopeArgument?: string;
}

/** A framework-free tool: what to show the model, and what to run for a validated input. */
export interface MemoryToolSpec<TInputSchema extends z.ZodObject, TOutput>
  extends MemoryToolDefinition<TInputSchema> {
  /** Runs the tool in the spec's scope; ids from other scopes reject with a `MemoryNotFoundError`. */
  execute(input: z.output<TInputSchema>): Promise<TOutput>;
}

/** One memory as the search tool returns it (a type alias, so it is a JSON value for frameworks that ask for one). */
export type MemoryToolSearchHit = {
  /** The memory id, for the update and delete tools. */
  id: string;
  /** The memory text. */
  memory: string;
  /** The memory type. */
  type: MemoryItem["type"];
  /** The relevance score; higher is better. */
  score: number;
  /** When the memory last changed (ISO string). */
  updatedAt: string;
};

/** Output of the search tool: the best matches first. */
export type MemoryToolSearchOutput = {
  /** The matching memories. */
  memories: MemoryToolSearchHit[];
};

/** Output of the add tool: what happened to each memory touched, and what was refused. */
export type MemoryToolAddOutput = {
  /** One entry per memory touched; `event` is "NONE" when the fact was already known. */
  results: Array<{ id: string; memory: string; event: "ADD" | "UPDATE" | "DELETE" | "NONE" }>;
  /** Present when nothing or not everything was saved: why (e.g. the application's write policy refused it). */
  notSaved?: string;
};

/** Output of the update tool: the memory after the change, or why it was not changed. */
export type MemoryToolUpdateOutput =
  | {
      /** The memory id. */
      id: string;
      /** The new text. */
      memory: string;
      /** When the memory changed (ISO string). */
      updatedAt: string;
    }
  | {
      /** The memory id. */
      id: string;
      /** Always false: the application refused the change. */
      updated: false;
      /** Why, to tell the user. */
      reason: string;
    };

/** Output of the delete tool. */
export type MemoryToolDeleteOutput = {
  /** The memory's id. */
  id: string;
  /** True when it was deleted; false when the application refused it (see reason). */
  deleted: boolean;
  /** Why the delete was refused. */
  reason?: string;
};

/** The four memory tool specs, keyed by kind. */
export interface MemoryToolSpecs {
  /** Finds stored memories relevant to a query. */
  search: MemoryToolSpec<typeof searchMemoriesInputSchema, MemoryToolSearchOutput>;
  /** Stores a new memory verbatim. */
  add: MemoryToolSpec<typeof addMemoryInputSchema, MemoryToolAddOutput>;
  /** Replaces the text of a memory. */
  update: MemoryToolSpec<typeof updateMemoryInputSchema, MemoryToolUpdateOutput>;
  /** Deletes a memory. */
  delete: MemoryToolSpec<typeof deleteMemoryInputSchema, MemoryToolDeleteOutput>;
}

function checkedScope(options: MemoryToolSpecsOptions): ScopeSelector {
  const caller = options?.caller ?? "createMemoryToolSpecs";
  if (typeof options?.memory?.search !== "function") {
    throw new InvalidArgumentError({
      argument: "options.memory",
      message: `pass the Engram memory (a Memory from @engram/core) to ${caller}().`,
    });
  }
  const argument = options.scopeArgument ?? "options.scope";
  const { scope } = options;
  const picked = pickScope(
    typeof scope === "object" && scope !== null ? (scope as Record<string, unknown>) : undefined,
    argument,
  );
  if (!hasScope(picked)) {
    throw new InvalidArgumentError({
      argument,
      message: `${caller}() needs a scope so the model can only touch one user's memories: pass the scope (userId, agentId or runId), e.g. { userId: "alice" }, and never share one scope between users.`,
    });
  }
  return asSelector(picked);
}

/** What every spec's `execute` needs: the memory, the checked scope and the actor fields to pass. */
interface SpecContext {
  memory: Memory;
  scope: ScopeSelector;
  by: { actor?: string };
  options: MemoryToolSpecsOptions;
}

function searchExecute({ memory, scope, options }: SpecContext): MemoryToolSpecs["search"]["execute"] {
  return async ({ query, limit }) => {
    const { results } = await memory.search(query, {
      limit: 5,
      ...options.searchOptions,
      ...(limit ? { limit } : {}),
      ...scope,
    } as SearchOptions);
    return {
      memories: results.map((item) => ({
        id: item.id,
        memory: item.memory,
        type: item.type,
        score: item.score,
        updatedAt: item.updatedAt,
      })),
    };
  };
}

function addExecute({ memory, scope, by, options }: SpecContext): MemoryToolSpecs["add"]["execute"] {
  return async ({ memory: text }) => {
    const { results, skipped } = await memory.add(text, {
      infer: false,
      ...by,
      ...options.addOptions,
      ...scope,
    });
    const output: MemoryToolAddOutput = {
      results: results.map((item) => ({ id: item.id, memory: item.memory, event: item.event })),
    };
    const refused = skipped?.filter((skip) => skip.reason === "vetoed" || skip.reason === "policy") ?? [];
    if (refused.length) {
      output.notSaved = `${refused.length === 1 ? "The memory was" : `${refused.length} memories were`} not saved: the application's write policy refused it (${refused.map((skip) => skip.detail).join(" ")}).`;
    } else if (!results.length) {
      output.notSaved = "Nothing was saved: the text held nothing to remember.";
    }
    return output;
  };
}

/** The tool answer for a refused write: the model is told the truth, not that the write happened. */
function refusal(error: unknown): string | undefined {
  return WriteRejectedError.isInstance(error)
    ? `The application refused this change (${error.reason}); tell the user it was not made.`
    : undefined;
}

function updateExecute({ memory, scope, by }: SpecContext): MemoryToolSpecs["update"]["execute"] {
  return async ({ id, memory: text }) => {
    try {
      const item = await memory.update(id, { memory: text }, { ...scope, ...by });
      return { id: item.id, memory: item.memory, updatedAt: item.updatedAt };
    } catch (error) {
      const reason = refusal(error);
      if (reason === undefined) throw error;
      return { id, updated: false, reason };
    }
  };
}

function deleteExecute({ memory, scope, by }: SpecContext): MemoryToolSpecs["delete"]["execute"] {
  return async ({ id }) => {
    try {
      return await memory.delete(id, { ...scope, ...by });
    } catch (error) {
      const reason = refusal(error);
      if (reason === undefined) throw error;
      return { id, deleted: false, reason };
    }
  };
}

/**
 * Creates framework-free specs of four memory tools (search, add, update, delete) confined to one scope:
 * searches only see the scope's memories, and ids from other scopes are reported as not found
 * (`MemoryNotFoundError`). Adapters turn each spec into their framework's tool.
 * @example
 * const { search } = createMemoryToolSpecs({ memory, scope: { userId: "alice" } });
 * const searchTool = tool({ description: search.description, inputSchema: search.inputSchema, execute: search.execute });
 */
export function createMemoryToolSpecs(options: MemoryToolSpecsOptions): MemoryToolSpecs {
  const scope = checkedScope(options);
  const { actor } = options;
  const context: SpecContext = {
    memory: options.memory,
    scope,
    by: actor === undefined ? {} : { actor },
    options,
  };
  const definitions = memoryToolDefinitions(options.names);
  return {
    search: { ...definitions.search, execute: searchExecute(context) },
    add: { ...definitions.add, execute: addExecute(context) },
    update: { ...definitions.update, execute: updateExecute(context) },
    delete: { ...definitions.delete, execute: deleteExecute(context) },
  };
}
