import { z } from "zod";

/** The four memory tools, by what they do. */
export type MemoryToolKind = "search" | "add" | "update" | "delete";

/** The name a framework shows the model for each memory tool. */
export type MemoryToolNames = Record<MemoryToolKind, string>;

/** The default tool names: searchMemories, addMemory, updateMemory and deleteMemory. */
export const defaultMemoryToolNames: Readonly<MemoryToolNames> = Object.freeze({
  search: "searchMemories",
  add: "addMemory",
  update: "updateMemory",
  delete: "deleteMemory",
});

/** Input of the search tool: a natural-language query and an optional result limit (1–50). */
export const searchMemoriesInputSchema = z.object({
  query: z.string().min(1).describe("What to look for, in natural language."),
  limit: z.number().int().min(1).max(50).optional().describe("How many memories to return at most."),
});

/** Input of the add tool: one fact, already phrased by the model. */
export const addMemoryInputSchema = z.object({
  memory: z.string().min(1).describe("The fact to remember, as a short self-contained sentence."),
});

/** Input of the update tool: the id of a memory and its corrected text. */
export const updateMemoryInputSchema = z.object({
  id: z.string().min(1).describe("The id of the memory to change."),
  memory: z.string().min(1).describe("The corrected text."),
});

/** Input of the delete tool: the id of the memory to delete. */
export const deleteMemoryInputSchema = z.object({
  id: z.string().min(1).describe("The id of the memory to delete."),
});

/** What a framework needs to describe one memory tool to a model (everything but `execute`). */
export interface MemoryToolDefinition<TInputSchema extends z.ZodObject> {
  /** The tool name the model calls. */
  name: string;
  /** What the tool does and when to use it, for the model. */
  description: string;
  /** A zod object schema of the tool's input (zod 4). */
  inputSchema: TInputSchema;
}

/** The definitions of all four memory tools, keyed by kind. */
export interface MemoryToolDefinitions {
  /** Finds stored memories relevant to a query. */
  search: MemoryToolDefinition<typeof searchMemoriesInputSchema>;
  /** Stores a new memory verbatim. */
  add: MemoryToolDefinition<typeof addMemoryInputSchema>;
  /** Replaces the text of a memory. */
  update: MemoryToolDefinition<typeof updateMemoryInputSchema>;
  /** Deletes a memory. */
  delete: MemoryToolDefinition<typeof deleteMemoryInputSchema>;
}

/**
 * Names, descriptions and input schemas of the memory tools, without a memory or scope: what an adapter needs
 * to declare the tools before it knows the scope of a call. Descriptions refer to the search tool by its name.
 * @example
 * const { search } = memoryToolDefinitions({ search: "search_memory" });
 */
export function memoryToolDefinitions(names: Partial<MemoryToolNames> = {}): MemoryToolDefinitions {
  const name = { ...defaultMemoryToolNames, ...names };
  return {
    search: {
      name: name.search,
      description:
        "Search long-term memory for facts about the user or earlier conversations. Returns the best matches first.",
      inputSchema: searchMemoriesInputSchema,
    },
    add: {
      name: name.add,
      description:
        "Save something worth remembering about the user for future conversations (one fact per call).",
      inputSchema: addMemoryInputSchema,
    },
    update: {
      name: name.update,
      description: `Correct a stored memory, e.g. when the user says something changed. Use an id returned by ${name.search}.`,
      inputSchema: updateMemoryInputSchema,
    },
    delete: {
      name: name.delete,
      description: `Delete a stored memory that is wrong or that the user asked to forget. Use an id returned by ${name.search}.`,
      inputSchema: deleteMemoryInputSchema,
    },
  };
}
