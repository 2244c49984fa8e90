import { maxScopeIdLength, type Memory, type ScopeSelector } from "@engram/core";
import type { CallToolResult, McpServer, ToolAnnotations } from "@modelcontextprotocol/server";
import { z } from "zod";
import { callScope, type ScopePolicy } from "../scope/mcp-scope.js";
import type { WriteTracker } from "../writes/write-tracker.js";
import { type ToolOutput, toolError, toolResult } from "./tool-result.js";

/** What every tool needs: the memory, the scope policy, the background writes and the defaults. */
export interface ToolContext {
  /** The Engram memory the tools read and change. */
  memory: Memory;
  /** The configured scope and whether the model may narrow it to a run. */
  policy: ScopePolicy;
  /** The background writes of this memory. */
  writes: WriteTracker;
  /** Who is recorded in history for the tools' writes. */
  actor: string;
  /** Whether `add_memory` extracts facts when the model does not say. */
  infer: boolean;
  /** The longest a client may wait for writes, in ms. */
  maxWaitMs: number;
  /** Told about unexpected errors (the model only gets a generic message). */
  onError: (error: unknown) => void;
}

/** The optional `runId` argument, present only when the configuration lets the model narrow to one run. */
export function runIdShape(policy: ScopePolicy) {
  return policy.allowRunId
    ? {
        runId: z
          .string()
          .min(1)
          .max(maxScopeIdLength)
          .optional()
          .describe(
            "Confine this call to one run or conversation (it can only narrow your scope, never widen it).",
          ),
      }
    : {};
}

/** A memory id argument. */
export const memoryIdSchema = z
  .string()
  .min(1)
  .max(256)
  .describe("The id of a memory, as returned by another tool.");

/** A memory type name, as core accepts it. */
export const memoryTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,63}$/, "a lowercase type name such as fact, preference or task_state");

/** Memory types to keep, e.g. ["preference"]. */
export const typesSchema = z
  .array(memoryTypeSchema)
  .min(1)
  .max(16)
  .optional()
  .describe('Only memories of these types, e.g. ["preference", "fact"].');

/** The scope of a call whose arguments may carry a runId. */
export function scopeOf(context: ToolContext, input: object): ScopeSelector {
  const { runId } = input as { runId?: string };
  return callScope(context.policy, runId);
}

/** The configuration of one tool, as `registerTool` takes it (zod object schemas). */
export interface ToolConfig<TInput extends z.ZodObject, TOutput extends z.ZodObject> {
  /** What the tool does and when to use it: a prompt for the model. */
  description: string;
  /** A strict object schema: unknown arguments (e.g. a userId) are refused, not ignored. */
  inputSchema: TInput;
  /** The structured content's schema. */
  outputSchema: TOutput;
  /** Read-only, destructive and idempotent hints. */
  annotations: ToolAnnotations;
}

/** Registers a tool whose handler returns structured content and text; thrown errors become tool errors. */
export function registerMemoryTool<TInput extends z.ZodObject, TOutput extends z.ZodObject>(
  server: McpServer,
  context: ToolContext,
  name: string,
  config: ToolConfig<TInput, TOutput>,
  handler: (input: z.output<TInput>) => Promise<ToolOutput<z.output<TOutput>>>,
): void {
  const run = async (input: z.output<TInput>): Promise<CallToolResult> => {
    try {
      return toolResult(await handler(input));
    } catch (error) {
      return toolError(error, context.onError);
    }
  };
  // The SDK's overloads do not narrow generic zod objects; the schemas and handler types above do.
  (server.registerTool as (name: string, config: unknown, cb: typeof run) => unknown)(
    name,
    { ...config, annotations: { openWorldHint: false, ...config.annotations } },
    run,
  );
}
