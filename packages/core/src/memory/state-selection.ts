import { InvalidArgumentError } from "../errors/index.js";
import { isValid, memoryState } from "../store/validity.js";
import type { MemoryRecord, MemoryState } from "../types.js";

/** The states a read may opt in to besides `active` (which every read includes). */
export const optionalStates: readonly MemoryState[] = [
  "pending",
  "superseded",
  "merged",
  "archived",
  "expired",
];

/** Checks a read's `include` option: absent, or a list of states from `optionalStates`. */
export function checkInclude(value: unknown, argument = "options.include"): MemoryState[] | undefined {
  if (value === undefined) return undefined;
  const valid = ["active", ...optionalStates];
  if (!Array.isArray(value) || value.some((state) => typeof state !== "string" || !valid.includes(state))) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a list of memory states to include besides active ones, from ${optionalStates.join(", ")}; e.g. ["archived"].`,
    });
  }
  return value.length ? (value as MemoryState[]) : undefined;
}

/**
 * True when a record belongs to a read at `at` that opts in to `include`: it is active then, or it existed then
 * and is in one of the included states.
 */
export function inSelection(record: MemoryRecord, include: readonly MemoryState[], at: string): boolean {
  if (isValid(record, { asOf: at }, at)) return true;
  const state = memoryState(record, at);
  return (state === "pending" || record.validFrom <= at) && include.includes(state);
}
