import { EngramError } from "./engram-error.js";

/** One memory whose stored version was not the one a write expected. */
export interface VersionConflict {
  /** The memory id. */
  memoryId: string;
  /** The version the write expected (0: it expected the id not to exist yet). */
  expectedVersion: number;
  /** The version stored now, or null when the memory no longer exists. */
  currentVersion: number | null;
}

/** A write expected a version that is no longer current: someone else changed or removed the memory first. */
export class VersionConflictError extends EngramError {
  /** Every conflicting memory of the write (nothing of the write was applied). */
  readonly conflicts: VersionConflict[];
  /** The first conflicting memory's id. */
  readonly memoryId: string;
  /** The first conflicting memory's current version (null: it no longer exists). */
  readonly currentVersion: number | null;

  constructor({ conflicts, cause }: { conflicts: VersionConflict[]; cause?: unknown }) {
    const [first] = conflicts;
    const where = first
      ? first.currentVersion === null
        ? `memory "${first.memoryId}" no longer exists`
        : `memory "${first.memoryId}" is at version ${first.currentVersion}, not ${first.expectedVersion}`
      : "a memory changed";
    super({
      message: `Write conflict: ${where}${conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : ""}; nothing was changed. Read the memory again (memory.get) and retry with its current version.`,
      cause,
    });
    this.name = "VersionConflictError";
    this.conflicts = conflicts;
    this.memoryId = first?.memoryId ?? "";
    this.currentVersion = first?.currentVersion ?? null;
  }

  /** True when `error` is a VersionConflictError from any copy of the package. */
  static override isInstance(error: unknown): error is VersionConflictError {
    return EngramError.isInstance(error) && error.name === "VersionConflictError";
  }
}
