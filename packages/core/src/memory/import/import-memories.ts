import { embedOptions, embedTexts } from "../../embedders/embed-texts.js";
import { EngramError, InvalidArgumentError } from "../../errors/index.js";
import { matchesScope, requireScope, sameScope, scopeFields, scopeOf } from "../../scope.js";
import type { HistoryEntry, MemoryItem, MemoryRecord, Scope } from "../../types.js";
import { checkKnownKeys, plainObjectKeys } from "../../validate/well-formed.js";
import { checkId } from "../by-id.js";
import { hashMemory } from "../hash-memory.js";
import { indexedText } from "../indexed-text.js";
import type { MemoryContext } from "../memory-context.js";
import type { MemoryExport } from "../memory-options.js";
import { checkLimit } from "../search-memories.js";
import { type ExportHeaderLine, type MemoryExportLine, exportLines } from "./export-lines.js";
import type { ImportData, ImportOptions, ImportResult } from "./import-options.js";
import { parseExportLine } from "./parse-export-line.js";

interface Plan {
  from: Scope;
  to: Scope;
}

const refuse = (argument: string, message: string) =>
  new InvalidArgumentError({ argument, message: `${message} Nothing of this batch was written.` });

const notData = (cause?: unknown) =>
  new InvalidArgumentError({
    argument: "data",
    message: `expected the result of memory.export(), or its lines (an iterable or async iterable of export lines or JSON strings)${cause instanceof Error ? `; reading it failed: ${cause.message}` : ""}.`,
    ...(cause === undefined ? {} : { cause }),
  });

/** The lines of any accepted input, one at a time; an input that cannot be read fails as bad data. */
async function* linesOf(data: ImportData, inMemory: boolean): AsyncGenerator<{ line: unknown }> {
  let iterator: Iterator<unknown> | AsyncIterator<unknown>;
  try {
    const source = inMemory && !(Symbol.iterator in data) ? exportLines(data as MemoryExport) : data;
    iterator =
      Symbol.asyncIterator in source
        ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
        : (source as Iterable<unknown>)[Symbol.iterator]();
  } catch (cause) {
    throw notData(cause);
  }
  for (;;) {
    let step: IteratorResult<unknown>;
    try {
      step = await iterator.next();
    } catch (cause) {
      throw EngramError.isInstance(cause) ? cause : notData(cause);
    }
    if (step.done) return;
    // Boxed: an async generator awaits what it yields, and a line must not be treated as a promise.
    yield { line: step.value };
  }
}

/** Whether the input is held in memory (checked whole before writing) or a stream (checked batch by batch). */
function isInMemory(data: unknown): boolean {
  try {
    if (data === null || typeof data !== "object") throw notData();
    if (Symbol.asyncIterator in data) return false;
    if (Symbol.iterator in data) return true;
    if (Array.isArray((data as { memories?: unknown }).memories)) return true;
  } catch (cause) {
    throw EngramError.isInstance(cause) ? cause : notData(cause);
  }
  throw notData();
}

/** The scope a record is written to: the export's scope fields replaced by the target's. */
function rescoped<T extends Scope>(value: T, plan: Plan, argument: string): T {
  if (!matchesScope(value, plan.from))
    throw refuse(
      argument,
      `belongs to ${JSON.stringify(scopeOf(value))}, outside the export's scope ${JSON.stringify(plan.from)}.`,
    );
  const copy = { ...value };
  for (const field of scopeFields) if (plan.from[field] !== undefined) delete copy[field];
  return Object.assign(copy, plan.to);
}

/** Checks a batch against the store and writes what it does not hold yet, atomically. */
async function writeBatch(
  context: MemoryContext,
  lines: MemoryExportLine[],
  plan: Plan,
  result: ImportResult,
) {
  const items: MemoryItem[] = [];
  const entries: HistoryEntry[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (line.kind === "header") throw refuse("data", "a second header line: import one export at a time.");
    const value = line.kind === "memory" ? line.memory : line.entry;
    const id = checkId(value.id, `data.${line.kind}.id`);
    if (seen.has(`${line.kind}:${id}`)) throw refuse(`data.${line.kind}.id`, `"${id}" appears twice.`);
    seen.add(`${line.kind}:${id}`);
    if (line.kind === "memory") items.push(rescoped(line.memory, plan, `data.memory(${id})`));
    else entries.push(rescoped(line.entry, plan, `data.history(${id})`));
  }
  const stored = new Map(
    (
      await context.store.get(
        items.map((item) => item.id),
        null,
      )
    ).map((record) => [record.id, record]),
  );
  const fresh: MemoryItem[] = [];
  for (const item of items) {
    const existing = stored.get(item.id);
    if (!existing) fresh.push(item);
    else if (!sameScope(scopeOf(existing), scopeOf(item)))
      throw refuse(
        `data.memory(${item.id})`,
        "this id belongs to another scope in the store; import into another store.",
      );
    else if (existing.version >= item.version) result.skipped += 1;
    else result.conflicts.push(item.id);
  }
  const held = new Map<string, HistoryEntry>();
  for (const memoryId of new Set(entries.map((entry) => entry.memoryId)))
    for (const entry of (await context.store.history({ scope: null, memoryId })).entries)
      held.set(entry.id, entry);
  // In the data's order: history reads back oldest first, as it was exported.
  const newEntries: HistoryEntry[] = [];
  for (const entry of entries) {
    const existing = held.get(entry.id);
    if (!existing) newEntries.push(entry);
    else if (!sameScope(scopeOf(existing), scopeOf(entry)))
      throw refuse(`data.history(${entry.id})`, "this history id belongs to another scope in the store.");
    else result.historySkipped += 1;
  }
  const vectors = await embedTexts(context.embedder, fresh.map(indexedText), embedOptions(context));
  const upserts: MemoryRecord[] = fresh.map((item, index) => {
    const { state: _state, ...rest } = item;
    return { ...rest, hash: hashMemory(item.memory), embedding: vectors[index]! };
  });
  if (upserts.length || newEntries.length)
    await context.store.write({
      upserts,
      deletes: [],
      history: newEntries,
      restored: upserts.map((record) => record.id),
    });
  result.imported += upserts.length;
  result.historyImported += newEntries.length;
}

/** Checks the options and the header line; returns the scope plan. */
function planImport(header: MemoryExportLine | undefined, options: ImportOptions): Plan {
  if (header?.kind !== "header")
    throw refuse(
      "data",
      'the first line must be the export header ({ kind: "header", format: "engram-export", … }).',
    );
  const from = requireScope((header as ExportHeaderLine).scope, "import", "data.header.scope");
  for (const [name, scope] of Object.entries({
    expectScope: options.expectScope,
    renameScope: options.renameScope,
  }))
    if (scope !== undefined) checkKnownKeys(scope, scopeFields, `options.${name}`);
  if (options.expectScope !== undefined) {
    const expected = requireScope(options.expectScope, "import", "options.expectScope");
    if (!sameScope(expected, from))
      throw refuse(
        "options.expectScope",
        `the data holds ${JSON.stringify(from)}, not ${JSON.stringify(expected)}.`,
      );
  }
  const to =
    options.renameScope === undefined
      ? from
      : requireScope(options.renameScope, "import", "options.renameScope");
  return { from, to };
}

/**
 * Implements `memory.import()`: reads an export (object, lines or a stream of lines), checks every line, and
 * writes the memories (ids, versions, validity, sources and metadata kept; embeddings made by this Memory's
 * embedder) and history entries the store does not hold yet. Atomic per batch; a data set held in memory (an
 * export object or an array) is checked whole before the first write.
 */
export async function importMemories(
  context: MemoryContext,
  data: ImportData,
  options: ImportOptions,
): Promise<ImportResult> {
  plainObjectKeys(options, "options", "an options object such as { batchSize: 500 }");
  checkKnownKeys(options, ["expectScope", "renameScope", "batchSize", "onProgress"], "options");
  const batchSize = checkLimit(options.batchSize, "options.batchSize", 500);
  if (options.onProgress !== undefined && typeof options.onProgress !== "function")
    throw new InvalidArgumentError({ argument: "options.onProgress", message: "expected a function." });
  const inMemory = isInMemory(data);
  const lines = linesOf(data, inMemory);
  const result: ImportResult = {
    imported: 0,
    skipped: 0,
    conflicts: [],
    historyImported: 0,
    historySkipped: 0,
  };
  let plan: Plan | undefined;
  let position = 0;
  let batch: MemoryExportLine[] = [];
  const checked: MemoryExportLine[][] = [];
  const flush = async () => {
    if (inMemory) checked.push(batch);
    else await writeBatch(context, batch, plan!, result);
    batch = [];
    if (!inMemory) report();
  };
  const report = () =>
    options.onProgress?.({
      lines: position,
      imported: result.imported,
      skipped: result.skipped + result.historySkipped,
    });
  for await (const { line: raw } of lines) {
    if (typeof raw === "string" && raw.trim() === "") continue;
    position += 1;
    const line = parseExportLine(raw, position);
    if (!plan) {
      plan = planImport(line, options);
      continue;
    }
    batch.push(line);
    if (batch.length >= batchSize) await flush();
  }
  if (!plan) throw refuse("data", "it is empty: expected an export header line and its records.");
  if (batch.length) await flush();
  for (const lines of checked) {
    await writeBatch(context, lines, plan, result);
    report();
  }
  return result;
}
