import type { JsonValue } from "../types.js";

/** Comparison operators accepted on a single field. */
export interface FieldOperators {
  /** Equal to. */
  $eq?: JsonValue;
  /** Not equal to (also true when the field is missing). */
  $ne?: JsonValue;
  /** Greater than (numbers, or strings such as ISO dates). */
  $gt?: string | number;
  /** Greater than or equal. */
  $gte?: string | number;
  /** Less than. */
  $lt?: string | number;
  /** Less than or equal. */
  $lte?: string | number;
  /** Equal to one of the values. */
  $in?: JsonValue[];
  /** Equal to none of the values (also true when the field is missing). */
  $nin?: JsonValue[];
  /** The field is present (true) or absent (false). */
  $exists?: boolean;
  /** The string contains the substring (case-sensitive), or the array contains the value. */
  $contains?: JsonValue;
}

/** A filter: field conditions plus `$and`, `$or` and `$not`. Plain values mean equality. */
export type MemoryFilter = {
  /** All sub-filters hold. */
  $and?: MemoryFilter[];
  /** At least one sub-filter holds. */
  $or?: MemoryFilter[];
  /** The sub-filter does not hold. */
  $not?: MemoryFilter;
} & { [field: string]: JsonValue | FieldOperators | MemoryFilter[] | MemoryFilter | undefined };
