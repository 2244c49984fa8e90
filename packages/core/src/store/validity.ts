import type { MemoryItem } from "../types.js";
import type { ValidityOptions } from "./memory-store.js";

/** True when the memory counts under the validity options (current at `asOf`, default now). */
export function isValid(
  item: Pick<MemoryItem, "validFrom" | "validTo">,
  options: ValidityOptions,
  now: string,
): boolean {
  if (options.includeInvalid) return true;
  const at = options.asOf ?? now;
  return item.validFrom <= at && (item.validTo === null || at < item.validTo);
}
