import { InvalidArgumentError } from "@engram/core";
import type { MatchCondition, Operation } from "@langchain/langgraph-checkpoint";
import { checkValue } from "./item-codec.js";
import { validateLabel, validateNamespace, validatePrefix } from "./namespace.js";
import type { ListNamespacesRequest, SearchRequest } from "./read-operations.js";
import type { PutRequest } from "./write-operations.js";

/** One operation of a batch, classified and validated. */
export type CheckedOperation =
  | { kind: "get"; namespace: string[]; key: string }
  | { kind: "search"; request: SearchRequest }
  | { kind: "put"; request: PutRequest }
  | { kind: "listNamespaces"; request: ListNamespacesRequest };

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message });
}

function count(value: unknown, argument: string, fallback: number, minimum = 0): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    fail(argument, `expected a whole number of at least ${minimum}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

function checkKey(key: unknown, argument: string): string {
  if (typeof key !== "string" || key === "")
    fail(argument, `expected a non-empty string key, got ${JSON.stringify(key)}.`);
  return key;
}

function checkIndex(index: unknown, argument: string): false | string[] | undefined {
  if (index === undefined || index === null || index === false) return index === false ? false : undefined;
  if (!Array.isArray(index) || index.some((path) => typeof path !== "string" || path === "")) {
    fail(argument, 'expected false or an array of index paths such as ["text", "tags[*]"].');
  }
  return index as string[];
}

function checkConditions(conditions: unknown, argument: string): MatchCondition[] {
  if (conditions === undefined || conditions === null) return [];
  if (!Array.isArray(conditions)) fail(argument, "expected an array of { matchType, path } conditions.");
  return conditions.map((condition: MatchCondition, index) => {
    const here = `${argument}[${index}]`;
    if (condition?.matchType !== "prefix" && condition?.matchType !== "suffix") {
      fail(`${here}.matchType`, 'expected "prefix" or "suffix".');
    }
    if (!Array.isArray(condition.path))
      fail(`${here}.path`, 'expected an array of labels ("*" matches any label).');
    for (const [position, label] of condition.path.entries())
      validateLabel(label, `${here}.path[${position}]`);
    return { matchType: condition.matchType, path: [...condition.path] };
  });
}

/** Classifies an operation as LangGraph's stores do and validates it; throws a clear error on bad input. */
export function checkOperation(operation: Operation, position: number): CheckedOperation {
  const at = `operations[${position}]`;
  if (typeof operation !== "object" || operation === null)
    fail(at, "expected a get, search, put or listNamespaces operation.");
  if ("namespacePrefix" in operation) {
    const request: SearchRequest = {
      prefix: validatePrefix(operation.namespacePrefix, `${at}.namespacePrefix`),
      limit: count(operation.limit, `${at}.limit`, 10),
      offset: count(operation.offset, `${at}.offset`, 0),
    };
    if (operation.filter !== undefined && operation.filter !== null) request.filter = operation.filter;
    if (operation.query !== undefined && operation.query !== null) {
      if (typeof operation.query !== "string") fail(`${at}.query`, "expected a string.");
      if (operation.query.trim()) request.query = operation.query;
    }
    return { kind: "search", request };
  }
  if ("value" in operation) {
    const namespace = validateNamespace(operation.namespace, `${at}.namespace`);
    const key = checkKey(operation.key, `${at}.key`);
    const index = checkIndex(operation.index, `${at}.index`);
    const value = operation.value === null ? null : checkValue(operation.value, `${at}.value`);
    return { kind: "put", request: { namespace, key, value, ...(index !== undefined ? { index } : {}) } };
  }
  if ("matchConditions" in operation || "maxDepth" in operation) {
    const request: ListNamespacesRequest = {
      conditions: checkConditions(operation.matchConditions, `${at}.matchConditions`),
      limit: count(operation.limit, `${at}.limit`, 100),
      offset: count(operation.offset, `${at}.offset`, 0),
    };
    if (operation.maxDepth !== undefined && operation.maxDepth !== null) {
      request.maxDepth = count(operation.maxDepth, `${at}.maxDepth`, 0, 1);
    }
    return { kind: "listNamespaces", request };
  }
  if ("namespace" in operation && "key" in operation) {
    return {
      kind: "get",
      namespace: validateNamespace(operation.namespace, `${at}.namespace`),
      key: checkKey(operation.key, `${at}.key`),
    };
  }
  return fail(at, "expected a get, search, put or listNamespaces operation.");
}
