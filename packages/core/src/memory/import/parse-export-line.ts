import { z } from "zod";
import { EngramError, InvalidArgumentError } from "../../errors/index.js";
import { checkMetadata, checkScopeId, scopeFields } from "../../scope.js";
import type { HistoryEntry, MemoryItem, Scope } from "../../types.js";
import { checkDate } from "../../validate/check-date.js";
import { maxMemoryTextLength } from "../../validate/well-formed.js";
import { type MemoryExportLine, exportFormat, exportFormatVersion } from "./export-lines.js";

const text = z.string().min(1);
const scopeShape = { userId: text.optional(), agentId: text.optional(), runId: text.optional() };
const states = ["active", "pending", "superseded", "merged", "archived", "expired"] as const;
const events = [
  "ADD",
  "UPDATE",
  "DELETE",
  "SUPERSEDE",
  "INVALIDATE",
  "ARCHIVE",
  "RESTORE",
  "APPROVE",
  "FEEDBACK",
  "MERGE",
  "SUMMARIZE",
  "EXPIRE",
] as const;

const memorySchema = z.strictObject({
  ...scopeShape,
  id: text,
  version: z.number().int().min(1),
  memory: text.max(maxMemoryTextLength),
  type: text,
  hash: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: text,
  updatedAt: text,
  sources: z.array(
    z.strictObject({
      role: z.string().optional(),
      messageId: z.string().optional(),
      name: z.string().optional(),
      runId: z.string().optional(),
    }),
  ),
  validFrom: text,
  validTo: text.nullable(),
  state: z.enum(states),
  supersededBy: text.optional(),
  mergedInto: text.optional(),
  derivedFrom: z.array(text).optional(),
  slot: text.optional(),
  context: z.string().optional(),
  expiresAt: text.optional(),
  archivedAt: text.optional(),
  pending: z.literal(true).optional(),
  importance: z.number().min(0).max(1).optional(),
  accessCount: z.number().int().min(0).optional(),
  lastAccessedAt: text.optional(),
});

const historySchema = z.strictObject({
  ...scopeShape,
  id: text,
  memoryId: text,
  event: z.enum(events),
  previousValue: z.string().nullable(),
  newValue: z.string().nullable(),
  actor: text,
  createdAt: text,
  details: z.record(z.string(), z.unknown()).optional(),
  erased: z.literal(true).optional(),
});

const lineSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("header"),
    format: z.literal(exportFormat),
    version: z.literal(exportFormatVersion),
    scope: z.strictObject(scopeShape),
    exportedAt: text,
  }),
  z.strictObject({ kind: z.literal("memory"), memory: memorySchema }),
  z.strictObject({ kind: z.literal("history"), entry: historySchema }),
]);

/** Checks the scope fields and dates the schema cannot (the same rules as every other write). */
function checkScopeAndDates(
  value: Scope & Record<string, unknown>,
  at: string,
  dates: readonly string[],
): void {
  for (const field of scopeFields)
    if (value[field] !== undefined) checkScopeId(value[field], `${at}.${field}`);
  for (const field of dates) {
    const date = value[field];
    if (typeof date === "string") value[field] = checkDate(date, `${at}.${field}`);
  }
}

/**
 * Parses and checks one export line (a JSON string or an object) at `position` (1-based, for messages): its
 * shape, scope ids, dates and metadata. Throws InvalidArgumentError naming the line and field.
 */
export function parseExportLine(input: unknown, position: number): MemoryExportLine {
  try {
    return parseLine(input, position);
  } catch (cause) {
    if (EngramError.isInstance(cause)) throw cause;
    throw new InvalidArgumentError({
      argument: `data[line ${position}]`,
      message: `could not be read (${cause instanceof Error ? cause.message : "it threw"}); pass plain JSON objects or strings. Nothing of this batch was written.`,
      cause,
    });
  }
}

function parseLine(input: unknown, position: number): MemoryExportLine {
  const at = `data[line ${position}]`;
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new InvalidArgumentError({
        argument: at,
        message: `not JSON (${(cause as Error).message}); an export has one JSON object per line. Nothing of this batch was written.`,
        cause,
      });
    }
  }
  const parsed = lineSchema.safeParse(value);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue?.path.length ? `${at}.${issue.path.join(".")}` : at;
    throw new InvalidArgumentError({
      argument: where,
      message: `${issue?.message ?? "malformed"}; expected an export line written by memory.export() / engram export. Nothing of this batch was written.`,
    });
  }
  const line = parsed.data;
  if (line.kind === "header") {
    checkScopeAndDates(line.scope, `${at}.scope`, []);
    return line as MemoryExportLine;
  }
  if (line.kind === "memory") {
    const memory = line.memory as MemoryItem & Record<string, unknown>;
    const dates = [
      "createdAt",
      "updatedAt",
      "validFrom",
      "validTo",
      "expiresAt",
      "archivedAt",
      "lastAccessedAt",
    ];
    checkScopeAndDates(memory, `${at}.memory`, dates);
    memory.metadata = checkMetadata(memory.metadata, `${at}.memory.metadata`);
    return { kind: "memory", memory };
  }
  const entry = line.entry as HistoryEntry & Record<string, unknown>;
  checkScopeAndDates(entry, `${at}.entry`, ["createdAt"]);
  if (entry.details !== undefined) entry.details = checkMetadata(entry.details, `${at}.entry.details`);
  return { kind: "history", entry };
}
