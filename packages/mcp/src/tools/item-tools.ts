import { MemoryNotFoundError, type MemoryType } from "@engram/core";
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { memoryLine, memoryOutputSchema, toMemoryOutput } from "./memory-output.js";
import {
  memoryIdSchema,
  registerMemoryTool,
  runIdShape,
  scopeOf,
  type ToolContext,
  typesSchema,
} from "./tool-context.js";

const readOnly = { readOnlyHint: true, idempotentHint: true } as const;

const historyEntrySchema = z.object({
  event: z.string().describe("ADD, UPDATE, DELETE, SUPERSEDE, INVALIDATE, ARCHIVE, RESTORE, MERGE, …"),
  previousValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actor: z.string(),
  createdAt: z.string(),
});

/** Registers `get_memory`, `list_memories` and `get_memory_history`. */
export function registerItemTools(server: McpServer, context: ToolContext): void {
  registerMemoryTool(
    server,
    context,
    "get_memory",
    {
      description:
        "Fetch one memory by id (from search_memories or list_memories), with its type, version and metadata.",
      inputSchema: z.strictObject({ id: memoryIdSchema, ...runIdShape(context.policy) }),
      outputSchema: memoryOutputSchema,
      annotations: { title: "Get a memory", ...readOnly },
    },
    async (input) => {
      const item = await context.memory.get(input.id, { ...scopeOf(context, input), actor: context.actor });
      if (!item) throw new MemoryNotFoundError({ memoryId: input.id, scoped: true });
      const output = toMemoryOutput(item);
      return {
        structured: output,
        text: `${memoryLine(output)}, version ${output.version}, ${output.state}`,
      };
    },
  );

  registerMemoryTool(
    server,
    context,
    "list_memories",
    {
      description:
        "List stored memories, newest first, one page at a time (pass nextCursor back as cursor for the next page). Use search_memories to find something specific.",
      inputSchema: z.strictObject({
        limit: z.number().int().min(1).max(100).optional().describe("Page size. Default 20."),
        cursor: z.string().min(1).max(1024).optional().describe("The nextCursor of the previous page."),
        types: typesSchema,
        ...runIdShape(context.policy),
      }),
      outputSchema: z.object({
        results: z.array(memoryOutputSchema),
        nextCursor: z.string().optional().describe("Present when there are more memories."),
      }),
      annotations: { title: "List memories", ...readOnly },
    },
    async (input) => {
      const page = await context.memory.getAll({
        ...scopeOf(context, input),
        limit: input.limit ?? 20,
        actor: context.actor,
        ...(input.cursor ? { cursor: input.cursor } : {}),
        ...(input.types ? { types: input.types as MemoryType[] } : {}),
      });
      const results = page.results.map(toMemoryOutput);
      const lines = results.map((item) => memoryLine(item));
      if (page.nextCursor) lines.push(`More: pass cursor ${JSON.stringify(page.nextCursor)}.`);
      return {
        structured: { results, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
        text: lines.length ? lines.join("\n") : "No memories stored in your scope.",
      };
    },
  );

  registerMemoryTool(
    server,
    context,
    "get_memory_history",
    {
      description:
        "Show how one memory changed over time, oldest first: when it was added, updated, superseded or deleted, and by whom.",
      inputSchema: z.strictObject({ id: memoryIdSchema, ...runIdShape(context.policy) }),
      outputSchema: z.object({ id: z.string(), entries: z.array(historyEntrySchema) }),
      annotations: { title: "Memory history", ...readOnly },
    },
    async (input) => {
      const history = await context.memory.history(input.id, {
        ...scopeOf(context, input),
        actor: context.actor,
      });
      if (history.length === 0) throw new MemoryNotFoundError({ memoryId: input.id, scoped: true });
      const entries = history.map(({ event, previousValue, newValue, actor, createdAt }) => ({
        event,
        previousValue,
        newValue,
        actor,
        createdAt,
      }));
      const text = entries
        .map(
          (entry) =>
            `${entry.createdAt} ${entry.event} by ${entry.actor}: ${JSON.stringify(entry.newValue ?? entry.previousValue)}`,
        )
        .join("\n");
      return { structured: { id: input.id, entries }, text };
    },
  );
}
