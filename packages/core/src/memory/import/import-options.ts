import type { ScopeSelector } from "../../types.js";
import type { MemoryExport } from "../memory-options.js";
import type { MemoryExportLine } from "./export-lines.js";

/** What `memory.import()` reads: an export object, or its lines (objects or JSON strings), also as a stream. */
export type ImportData =
  | MemoryExport
  | Iterable<MemoryExportLine | string>
  | AsyncIterable<MemoryExportLine | string>;

/** How far an import has come, reported after every batch. */
export interface ImportProgress {
  /** Lines read so far (header included). */
  lines: number;
  /** Memories written so far. */
  imported: number;
  /** Memories and history entries found already stored so far. */
  skipped: number;
}

/** Options of `memory.import()`. */
export interface ImportOptions {
  /** Refuse the import unless the data's scope is exactly this one (a guard against importing the wrong file). */
  expectScope?: ScopeSelector;
  /**
   * Write the data into this scope instead of its own: the fields the export's scope names are replaced by these
   * in every memory and history entry. Ids are kept, so an id another scope holds still refuses the batch.
   */
  renameScope?: ScopeSelector;
  /** Lines written per atomic batch (a stream is checked and written batch by batch). @default 500 */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: ImportProgress) => void;
}

/** The result of `memory.import()`. */
export interface ImportResult {
  /** Memories written. */
  imported: number;
  /** Memories already stored at the same or a later version (left as they are). */
  skipped: number;
  /** Ids of memories stored at an earlier version than the data's (left as they are: import never overwrites). */
  conflicts: string[];
  /** History entries written. */
  historyImported: number;
  /** History entries already stored. */
  historySkipped: number;
}
