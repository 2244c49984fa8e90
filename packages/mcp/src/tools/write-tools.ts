import {
  type AddOptions,
  checkMetadata,
  InvalidArgumentError,
  maxMemoryTextLength,
  maxMessageLength,
  type MemoryType,
  type Metadata,
  normalizeMessages,
  type UpdateInput,
} from "@engram/core";
import type { McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { WriteStatus } from "../writes/write-status.js";
import { memoryLine, memoryOutputSchema, toMemoryOutput } from "./memory-output.js";
import {
  memoryIdSchema,
  memoryTypeSchema,
  registerMemoryTool,
  runIdShape,
  scopeOf,
  type ToolContext,
} from "./tool-context.js";

/** A background write's status, as `add_memory` and `get_write_status` return it. */
export const writeStatusSchema = z.object({
  writeId: z.string().describe("Pass to get_write_status to learn the outcome."),
  status: z.enum(["pending", "done", "failed"]),
  submittedAt: z.string(),
  finishedAt: z.string().optional(),
  results: z
    .array(
      z.object({ id: z.string(), memory: z.string(), event: z.enum(["ADD", "UPDATE", "DELETE", "NONE"]) }),
    )
    .optional()
    .describe("What the write did: ADD stored, UPDATE changed, DELETE invalidated, NONE already known."),
  notSaved: z.string().optional(),
  error: z.string().optional().describe("Why the write failed."),
});

const metadataSchema = z
  .record(z.string(), z.unknown())
  .optional()
  .describe("JSON metadata stored with the memory (scope keys such as userId are refused).");

const expectedVersionSchema = z
  .number()
  .int()
  .min(1)
  .optional()
  .describe("Refuse the change unless the memory is still at this version (from get_memory).");

/** The status as a sentence for the model. */
export function describeWrite(status: WriteStatus): string {
  if (status.status === "pending") {
    return `Write ${status.writeId} accepted; it runs in the background. Call get_write_status with this id (and waitMs) to learn what was stored.`;
  }
  if (status.status === "failed") return `Write ${status.writeId} failed: ${status.error}`;
  const lines = (status.results ?? []).map(
    (item) => `${item.event} ${JSON.stringify(item.memory)} (id ${item.id})`,
  );
  if (status.notSaved) lines.push(status.notSaved);
  return [`Write ${status.writeId} done.`, ...lines].join("\n");
}

function registerAddMemory(server: McpServer, context: ToolContext): void {
  registerMemoryTool(
    server,
    context,
    "add_memory",
    {
      description: `Remember something for future conversations: a fact, preference or event about the user, in their words or yours. Returns at once with a writeId while the memory is extracted and stored in the background (related memories are updated or superseded, duplicates skipped); pass wait: true to wait for the outcome (at most ${Math.round(context.maxWaitMs / 1000)} s), or call get_write_status later. One topic per call.`,
      inputSchema: z.strictObject({
        text: z
          .string()
          .min(1)
          .max(maxMessageLength)
          .describe('What to remember, e.g. "The user is vegetarian."'),
        infer: z
          .boolean()
          .optional()
          .describe(
            `true: extract the facts worth keeping from the text; false: store the text verbatim as one memory (at most ${maxMemoryTextLength} characters). Default ${context.infer}.`,
          ),
        type: memoryTypeSchema
          .optional()
          .describe("The memory type when stored verbatim, e.g. preference. Default fact."),
        metadata: metadataSchema,
        wait: z
          .boolean()
          .optional()
          .describe("Wait for the write to finish before answering. Default false."),
        ...runIdShape(context.policy),
      }),
      outputSchema: writeStatusSchema,
      annotations: {
        title: "Add a memory",
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
      },
    },
    async (input) => {
      const scope = scopeOf(context, input);
      const infer = input.infer ?? context.infer;
      // Bad input is refused now, not reported later as a failed write.
      normalizeMessages(input.text, infer ? maxMessageLength : maxMemoryTextLength);
      checkMetadata(input.metadata);
      const options: AddOptions = {
        ...scope,
        infer,
        actor: context.actor,
        ...(input.type !== undefined ? { type: input.type as MemoryType } : {}),
        ...(input.metadata !== undefined ? { metadata: input.metadata as Metadata } : {}),
      };
      const accepted = context.writes.submit(scope, () => context.memory.add(input.text, options));
      const [status = accepted] = input.wait
        ? await context.writes.statuses(scope, [accepted.writeId], context.maxWaitMs)
        : [accepted];
      return { structured: status, text: describeWrite(status) };
    },
  );

  registerMemoryTool(
    server,
    context,
    "get_write_status",
    {
      description:
        "Check on memories added in the background: pending, done (with what was stored) or failed (with why). Give the writeIds from add_memory, or none for your most recent writes; waitMs waits for pending ones to finish.",
      inputSchema: z.strictObject({
        writeIds: z
          .array(z.string().min(1).max(128))
          .min(1)
          .max(100)
          .optional()
          .describe("Ids from add_memory."),
        waitMs: z
          .number()
          .int()
          .min(0)
          .max(context.maxWaitMs)
          .optional()
          .describe("Wait up to this many milliseconds for pending writes to finish. Default 0."),
        ...runIdShape(context.policy),
      }),
      outputSchema: z.object({ writes: z.array(writeStatusSchema) }),
      annotations: { title: "Background write status", readOnlyHint: true, idempotentHint: true },
    },
    async (input) => {
      const writes = await context.writes.statuses(
        scopeOf(context, input),
        input.writeIds,
        input.waitMs ?? 0,
      );
      return {
        structured: { writes },
        text: writes.length ? writes.map(describeWrite).join("\n") : "No recent writes in your scope.",
      };
    },
  );
}

function registerChangeTools(server: McpServer, context: ToolContext): void {
  registerMemoryTool(
    server,
    context,
    "update_memory",
    {
      description:
        "Correct a stored memory by id (from search_memories), e.g. when the user says something changed: new text, type or metadata. The old text stays in get_memory_history.",
      inputSchema: z.strictObject({
        id: memoryIdSchema,
        memory: z.string().min(1).max(maxMemoryTextLength).optional().describe("The corrected text."),
        type: memoryTypeSchema.optional().describe("A new memory type."),
        metadata: metadataSchema.describe("Metadata keys to set (null removes a key)."),
        expectedVersion: expectedVersionSchema,
        ...runIdShape(context.policy),
      }),
      outputSchema: memoryOutputSchema,
      annotations: {
        title: "Update a memory",
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
      },
    },
    async (input) => {
      const changes: UpdateInput = {
        ...(input.memory !== undefined ? { memory: input.memory } : {}),
        ...(input.type !== undefined ? { type: input.type as MemoryType } : {}),
        ...(input.metadata !== undefined ? { metadata: input.metadata as Metadata } : {}),
      };
      if (Object.keys(changes).length === 0) {
        throw new InvalidArgumentError({
          argument: "memory",
          message: "nothing to change: pass memory (the new text), type or metadata.",
        });
      }
      const item = await context.memory.update(input.id, changes, {
        ...scopeOf(context, input),
        actor: context.actor,
        ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
      });
      const output = toMemoryOutput(item);
      return { structured: output, text: `Updated ${memoryLine(output)}, now version ${output.version}.` };
    },
  );

  registerMemoryTool(
    server,
    context,
    "delete_memory",
    {
      description:
        "Forget one memory by id, when it is wrong or the user asks to forget it. Its text is erased; history keeps only that it was deleted.",
      inputSchema: z.strictObject({
        id: memoryIdSchema,
        expectedVersion: expectedVersionSchema,
        ...runIdShape(context.policy),
      }),
      outputSchema: z.object({ id: z.string(), deleted: z.literal(true) }),
      annotations: {
        title: "Delete a memory",
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
      },
    },
    async (input) => {
      const result = await context.memory.delete(input.id, {
        ...scopeOf(context, input),
        actor: context.actor,
        ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
      });
      return { structured: result, text: `Deleted memory ${result.id}.` };
    },
  );
}

/** Registers the write tools: `add_memory`, `get_write_status`, `update_memory` and `delete_memory`. */
export function registerWriteTools(server: McpServer, context: ToolContext): void {
  registerAddMemory(server, context);
  registerChangeTools(server, context);
}
