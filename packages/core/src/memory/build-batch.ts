import type { WriteBatch } from "../store/memory-store.js";
import { scopeOf } from "../scope.js";
import type { HistoryEntry, MemoryRecord, Metadata, Scope } from "../types.js";
import type { ApplySettings } from "./apply-operations.js";
import { hashMemory } from "./hash-memory.js";
import type { AddResultItem } from "./memory-options.js";
import type { MemoryContext } from "./memory-context.js";
import type {
  AddOperation,
  MemoryOperation,
  MergeOperation,
  SummarizeOperation,
  UpdateOperation,
} from "./memory-operation.js";
import { estimateImportance } from "../extraction/estimate-importance.js";
import { expiryOf } from "./lifecycle-options.js";
import { prefixOfKey, uniqueKeyOf } from "./unique-key.js";

function mergeMetadata(current: Metadata, changes: Metadata | undefined): Metadata {
  if (!changes) return current;
  const merged: Metadata = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** A record that stopped being current (valid until `until`, default now): no deduplication key, one version further. */
function retired(
  record: MemoryRecord,
  now: string,
  changes: Partial<MemoryRecord>,
  until: string = now,
): MemoryRecord {
  const { uniqueKey: _key, ...rest } = record;
  return { ...rest, ...changes, validTo: until, updatedAt: now, version: record.version + 1 };
}

/**
 * Until when a superseded record held: the new value's `validFrom` when that is back-dated after the old one's
 * own start ("moved to Porto last month" ends Lisbon last month), else the write's time.
 */
function heldUntil(old: MemoryRecord, successor: MemoryRecord, now: string): string {
  return successor.validFrom < now && successor.validFrom > old.validFrom ? successor.validFrom : now;
}

/**
 * When a new memory starts to hold: its `validFrom` (never after the write), unless that is back-dated to before the
 * start of a value it supersedes — then both would hold at once, so it starts with the write.
 */
function startOf(operation: AddOperation, now: string): string {
  const start = operation.validFrom !== undefined && operation.validFrom < now ? operation.validFrom : now;
  return (operation.supersedes ?? []).some((old) => old.validFrom >= start) ? now : start;
}

/** The sources of both lists, each once, in order. */
function unionSources(
  first: MemoryRecord["sources"],
  second: MemoryRecord["sources"],
): MemoryRecord["sources"] {
  const seen = new Set(first.map((source) => JSON.stringify(source)));
  const union = [...first];
  for (const source of second) {
    const key = JSON.stringify(source);
    if (!seen.has(key)) {
      seen.add(key);
      union.push(source);
    }
  }
  return union;
}

/** What `add()` reports for a memory it forgot or invalidated: DELETE, with the text it had. */
function removed(target: MemoryRecord): AddResultItem {
  return { id: target.id, memory: target.memory, event: "DELETE", previousMemory: target.memory };
}

/** The batch of a plan, what it reports, and the deduplication key each operation claims. */
export interface BuiltBatch {
  /** The store write. */
  batch: WriteBatch;
  /** What happened to each memory, in plan order. */
  results: AddResultItem[];
  /** The key each ADD or UPDATE claims. */
  keys: Map<MemoryOperation, string | undefined>;
}

/** Builds the version-conditioned store batch of a plan (no store access: it is rebuilt after a conflict). */
export function buildBatch(
  context: MemoryContext,
  scope: Scope,
  operations: MemoryOperation[],
  actor: string,
  vectors: Map<MemoryOperation, Float32Array>,
  settings: ApplySettings,
): BuiltBatch {
  const now = context.now().toISOString();
  const batch: WriteBatch = { upserts: [], deletes: [], history: [] };
  const erase: string[] = [];
  const results: AddResultItem[] = [];
  const keys = new Map<MemoryOperation, string | undefined>();
  const entry = (
    record: MemoryRecord,
    fields: Omit<HistoryEntry, "id" | "memoryId" | "actor" | "createdAt">,
  ) => {
    batch.history.push({
      id: context.generateId(),
      memoryId: record.id,
      actor,
      createdAt: now,
      ...scopeOf(record),
      ...fields,
    });
  };
  /** Retires a memory that another replaces; the entry names the other by id only (its text is in its own history). */
  const retire = (
    old: MemoryRecord,
    event: "SUPERSEDE" | "MERGE",
    link: { supersededBy: string } | { mergedInto: string },
    extra: Metadata = {},
    until: string = now,
  ) => {
    batch.upserts.push(retired(old, now, link, until));
    entry(old, { event, previousValue: old.memory, newValue: null, details: { ...link, ...extra } });
  };
  const add = (operation: AddOperation) => {
    const hash = hashMemory(operation.memory);
    const uniqueKey =
      settings.uniquePrefix === undefined ? undefined : uniqueKeyOf(settings.uniquePrefix, hash);
    keys.set(operation, uniqueKey);
    const expiresAt = expiryOf(
      context.lifecycle,
      operation.type,
      context.now(),
      // The caller's expiresAt on the add wins over the extractor's (e.g. an event's date).
      settings.expiresAt !== undefined ? settings.expiresAt : operation.expiresAt,
    );
    const record: MemoryRecord = {
      id: context.generateId(),
      version: 1,
      memory: operation.memory,
      type: operation.type,
      hash,
      metadata: operation.metadata,
      ...scopeOf(scope),
      createdAt: now,
      updatedAt: now,
      sources: operation.sources,
      validFrom: startOf(operation, now),
      validTo: null,
      embedding: vectors.get(operation)!,
      ...(uniqueKey !== undefined ? { uniqueKey } : {}),
      ...(operation.slot ? { slot: operation.slot } : {}),
      ...(operation.context ? { context: operation.context } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(operation.pending ? { pending: true as const } : {}),
      importance:
        settings.importance ?? operation.importance ?? estimateImportance(operation.memory, operation.type),
    };
    const superseded = operation.supersedes ?? [];
    batch.upserts.push(record);
    entry(record, {
      event: "ADD",
      previousValue: null,
      newValue: record.memory,
      ...(superseded.length ? { details: { supersedes: superseded.map((old) => old.id) } } : {}),
      ...(operation.pending ? { details: { pending: true } } : {}),
    });
    for (const old of superseded)
      retire(old, "SUPERSEDE", { supersededBy: record.id }, {}, heldUntil(old, record, now));
    results.push({
      id: record.id,
      memory: record.memory,
      event: "ADD",
      ...(superseded.length ? { superseded: superseded.map((old) => old.id) } : {}),
      ...(operation.pending ? { pending: true as const } : {}),
    });
  };
  const update = (operation: UpdateOperation) => {
    const { target } = operation;
    const memory = operation.memory ?? target.memory;
    const hash = hashMemory(memory);
    const { uniqueKey: oldKey, expiresAt: oldExpiry, archivedAt: oldArchive, pending, ...rest } = target;
    const expiresAt = operation.expiresAt === undefined ? oldExpiry : (operation.expiresAt ?? undefined);
    const archivedAt = operation.archived === undefined ? oldArchive : operation.archived ? now : undefined;
    const uniqueKey =
      oldKey === undefined || operation.unique === false ? undefined : uniqueKeyOf(prefixOfKey(oldKey), hash);
    keys.set(operation, uniqueKey);
    batch.upserts.push({
      ...rest,
      version: target.version + 1,
      memory,
      hash,
      type: operation.type ?? target.type,
      metadata: mergeMetadata(target.metadata, operation.metadata),
      sources: operation.sources ? [...target.sources, ...operation.sources] : target.sources,
      embedding: vectors.get(operation) ?? target.embedding,
      updatedAt: now,
      ...(uniqueKey !== undefined ? { uniqueKey } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(archivedAt !== undefined ? { archivedAt } : {}),
      ...(operation.importance !== undefined ? { importance: operation.importance } : {}),
      // Approval brings a held memory into reads from now; until then it stays held.
      ...(operation.approve ? { validFrom: now } : pending ? { pending } : {}),
    });
    const details: Metadata = {};
    if (operation.expiresAt !== undefined) details.expiresAt = operation.expiresAt;
    if (operation.importance !== undefined) details.importance = operation.importance;
    if (operation.feedback) {
      details.helpful = operation.feedback.helpful;
      if (operation.feedback.note !== undefined) details.note = operation.feedback.note;
    }
    if (operation.metadata) details.metadata = operation.metadata;
    if (operation.type && operation.type !== target.type) details.type = operation.type;
    if (operation.redact) {
      erase.push(target.id);
      details.redacted = true;
    }
    const changesText = operation.memory !== undefined && operation.memory !== target.memory;
    const event = operation.expire
      ? "EXPIRE"
      : operation.feedback
        ? "FEEDBACK"
        : operation.approve
          ? "APPROVE"
          : operation.archived === undefined
            ? "UPDATE"
            : operation.archived
              ? "ARCHIVE"
              : "RESTORE";
    entry(target, {
      event: changesText ? "UPDATE" : event,
      previousValue: operation.redact ? null : target.memory,
      newValue: memory,
      ...(Object.keys(details).length ? { details } : {}),
    });
    results.push({
      id: target.id,
      memory,
      event: "UPDATE",
      ...(operation.redact ? {} : { previousMemory: target.memory }),
    });
  };
  const merge = (operation: MergeOperation) => {
    const { target, merged } = operation;
    let sources = target.sources;
    let importance = target.importance;
    for (const duplicate of merged) {
      sources = unionSources(sources, duplicate.sources);
      if (
        duplicate.importance !== undefined &&
        (importance === undefined || duplicate.importance > importance)
      )
        importance = duplicate.importance;
    }
    const ids = merged.map((duplicate) => duplicate.id);
    batch.upserts.push({
      ...target,
      version: target.version + 1,
      sources,
      updatedAt: now,
      ...(importance !== undefined ? { importance } : {}),
    });
    entry(target, {
      event: "MERGE",
      previousValue: target.memory,
      newValue: target.memory,
      details: { merged: ids },
    });
    for (const duplicate of merged) {
      retire(duplicate, "MERGE", { mergedInto: target.id });
      results.push(removed(duplicate));
    }
    results.push({ id: target.id, memory: target.memory, event: "UPDATE", previousMemory: target.memory });
  };
  const summarize = (operation: SummarizeOperation) => {
    const expiresAt = expiryOf(context.lifecycle, operation.type, context.now(), undefined);
    let sources: MemoryRecord["sources"] = [];
    for (const from of operation.from) sources = unionSources(sources, from.sources);
    const record: MemoryRecord = {
      id: operation.id ?? context.generateId(),
      version: 1,
      memory: operation.memory,
      type: operation.type,
      hash: hashMemory(operation.memory),
      metadata: operation.metadata,
      ...scopeOf(scope),
      createdAt: now,
      updatedAt: now,
      sources,
      validFrom: now,
      validTo: null,
      embedding: vectors.get(operation)!,
      derivedFrom: operation.from.map((from) => from.id),
      ...(operation.context ? { context: operation.context } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      importance: operation.importance ?? estimateImportance(operation.memory, operation.type),
    };
    batch.upserts.push(record);
    entry(record, {
      event: "SUMMARIZE",
      previousValue: null,
      newValue: record.memory,
      details: { derivedFrom: record.derivedFrom! },
    });
    for (const from of operation.from) {
      // The source gives up its deduplication key: the same event told again later is a new event, not this one.
      const { archivedAt: _archived, uniqueKey: _key, ...rest } = from;
      batch.upserts.push({ ...rest, archivedAt: now, updatedAt: now, version: from.version + 1 });
      entry(from, {
        event: "ARCHIVE",
        previousValue: from.memory,
        newValue: from.memory,
        details: { summarizedInto: record.id },
      });
    }
    results.push({ id: record.id, memory: record.memory, event: "ADD" });
  };
  for (const operation of operations) {
    switch (operation.event) {
      case "MERGE":
        merge(operation);
        break;
      case "SUMMARIZE":
        summarize(operation);
        break;
      case "SUPERSEDE": {
        const { target, by } = operation;
        retire(
          target,
          "SUPERSEDE",
          { supersededBy: by.id },
          operation.reason ? { reason: operation.reason } : {},
        );
        results.push(removed(target));
        break;
      }
      case "ADD":
        add(operation);
        break;
      case "UPDATE":
        update(operation);
        break;
      case "DELETE": {
        const { target } = operation;
        batch.deletes.push({ id: target.id, version: target.version });
        erase.push(target.id);
        entry(target, {
          event: "DELETE",
          previousValue: null,
          newValue: null,
          ...(operation.reason ? { details: { reason: operation.reason } } : {}),
        });
        results.push(removed(target));
        break;
      }
      case "INVALIDATE": {
        const { target } = operation;
        batch.upserts.push(retired(target, now, {}));
        entry(target, { event: "INVALIDATE", previousValue: target.memory, newValue: null });
        results.push(removed(target));
        break;
      }
      case "NONE":
        results.push({
          id: operation.target.id,
          memory: operation.target.memory,
          event: "NONE",
          ...(operation.nearDuplicate ? { nearDuplicate: operation.nearDuplicate } : {}),
        });
        break;
    }
  }
  if (erase.length) batch.eraseHistory = erase;
  return { batch, results, keys };
}
