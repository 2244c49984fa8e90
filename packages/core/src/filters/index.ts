export type { FieldOperators, MemoryFilter } from "./filter-types.js";
export { builtInFilterFields, readFilterField } from "./filter-fields.js";
export { maxFilterDepth, maxFilterSize, validateFilter } from "./validate-filter.js";
export { matchesFilter, jsonEquals } from "./match-filter.js";
