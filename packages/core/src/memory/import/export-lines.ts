import type { HistoryEntry, MemoryItem, Scope } from "../../types.js";
import type { MemoryExport } from "../memory-options.js";

/** The `format` of an Engram export header line. */
export const exportFormat = "engram-export";
/** The version of the export line format this code writes and reads. */
export const exportFormatVersion = 1;

/** The first line of an export: what it is and which scope it holds. */
export interface ExportHeaderLine {
  /** The line kind. */
  kind: "header";
  /** Always "engram-export". */
  format: typeof exportFormat;
  /** The line format version. */
  version: typeof exportFormatVersion;
  /** The scope exported. */
  scope: Scope;
  /** When the export was made (ISO 8601). */
  exportedAt: string;
}

/** One line of an export (JSONL: one JSON object per line, the header first). */
export type MemoryExportLine =
  | ExportHeaderLine
  | { kind: "memory"; memory: MemoryItem }
  | { kind: "history"; entry: HistoryEntry };

/** An export as lines, header first, for JSONL files and streams (`memory.import()` reads them back). */
export function* exportLines(data: MemoryExport): Generator<MemoryExportLine> {
  yield {
    kind: "header",
    format: exportFormat,
    version: exportFormatVersion,
    scope: { ...data.scope },
    exportedAt: data.exportedAt,
  };
  for (const memory of data.memories) yield { kind: "memory", memory };
  for (const entry of data.history) yield { kind: "history", entry };
}
