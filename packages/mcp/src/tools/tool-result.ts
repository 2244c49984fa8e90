import {
  DuplicateMemoryError,
  type EngramError,
  InvalidArgumentError,
  MemoryNotFoundError,
  ModelTimeoutError,
  VersionConflictError,
  WriteRejectedError,
} from "@engram/core";
import type { CallToolResult } from "@modelcontextprotocol/server";

/** What a tool handler produces: the structured content (matching the output schema) and its text rendering. */
export interface ToolOutput<TStructured extends Record<string, unknown>> {
  /** The structured content. */
  structured: TStructured;
  /** The same content as text, for clients that only read text. */
  text: string;
}

/** A successful tool result: structured content plus one text block. */
export function toolResult<TStructured extends Record<string, unknown>>(
  output: ToolOutput<TStructured>,
): CallToolResult {
  return { content: [{ type: "text", text: output.text }], structuredContent: output.structured };
}

/** True for errors whose message is meant for the caller (bad input, not found, conflicts, refusals). */
function isCallerError(error: unknown): error is EngramError {
  return (
    InvalidArgumentError.isInstance(error) ||
    MemoryNotFoundError.isInstance(error) ||
    VersionConflictError.isInstance(error) ||
    DuplicateMemoryError.isInstance(error) ||
    WriteRejectedError.isInstance(error) ||
    ModelTimeoutError.isInstance(error)
  );
}

/**
 * A tool error result (`isError: true`): Engram's message for caller errors; a generic one for anything else,
 * which goes to `onInternalError` instead, so no path or store detail reaches the model.
 */
export function toolError(error: unknown, onInternalError?: (error: unknown) => void): CallToolResult {
  if (isCallerError(error)) return { isError: true, content: [{ type: "text", text: error.message }] };
  onInternalError?.(error);
  return {
    isError: true,
    content: [{ type: "text", text: "[engram] The memory server failed on this call; retry later." }],
  };
}
