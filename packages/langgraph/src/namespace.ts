import { InvalidArgumentError, type Scope } from "@engram/core";

/** The scope fields a namespace label can fill. */
export type ScopeField = "userId" | "agentId" | "runId";

/** Which namespace label (by position) fills which Engram scope field, e.g. `{ userId: 0 }`. */
export type NamespaceScopeMapping = Partial<Record<ScopeField, number>>;

const scopeFieldNames: ScopeField[] = ["userId", "agentId", "runId"];

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message });
}

/**
 * Checks a namespace the way LangGraph's `put()` does (inside `batch()` too, where LangGraph skips it):
 * non-empty, every label a non-empty string without ".", and a root label other than "langgraph".
 */
export function validateNamespace(namespace: unknown, argument = "namespace"): string[] {
  if (!Array.isArray(namespace) || namespace.length === 0) {
    fail(
      argument,
      `expected a non-empty array of labels such as ["alice", "memories"], got ${JSON.stringify(namespace)}.`,
    );
  }
  for (const [index, label] of namespace.entries()) validateLabel(label, `${argument}[${index}]`);
  if (namespace[0] === "langgraph") {
    fail(
      `${argument}[0]`,
      'the root label "langgraph" is reserved by LangGraph; choose another first label.',
    );
  }
  return namespace as string[];
}

/** Checks one label of a namespace or namespace prefix. */
export function validateLabel(label: unknown, argument: string): string {
  if (typeof label !== "string") fail(argument, `namespace labels must be strings, got ${typeof label}.`);
  if (label === "") fail(argument, "namespace labels cannot be empty strings.");
  if (label.includes("."))
    fail(argument, `namespace labels cannot contain "." (got ${JSON.stringify(label)}).`);
  return label;
}

/** Checks a search prefix: an array of valid labels, possibly empty. */
export function validatePrefix(prefix: unknown, argument = "namespacePrefix"): string[] {
  if (!Array.isArray(prefix))
    fail(argument, `expected an array of labels (possibly empty), got ${JSON.stringify(prefix)}.`);
  for (const [index, label] of prefix.entries()) validateLabel(label, `${argument}[${index}]`);
  return prefix as string[];
}

/** The namespace as one string; unambiguous because labels cannot contain ".". */
export function namespacePath(namespace: readonly string[]): string {
  return namespace.join(".");
}

/** Every non-empty leading part of the namespace, as paths: ["a", "a.b", "a.b.c"]. */
export function namespacePrefixes(namespace: readonly string[]): string[] {
  return namespace.map((_, index) => namespacePath(namespace.slice(0, index + 1)));
}

/** True when `prefix` matches `namespace` label by label (so ["user1"] never matches ["user10"]). */
export function hasPrefix(namespace: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= namespace.length && prefix.every((label, index) => namespace[index] === label);
}

/** Orders namespaces label by label, by UTF-16 code units (shorter first on a tie). */
export function compareNamespaces(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const left = a[index]!;
    const right = b[index]!;
    if (left !== right) return left < right ? -1 : 1;
  }
  return a.length - b.length;
}

/** Checks a namespace-to-scope mapping: whole, non-negative label positions for known scope fields. */
export function checkScopeMapping(mapping: unknown): NamespaceScopeMapping {
  if (typeof mapping !== "object" || mapping === null || Array.isArray(mapping)) {
    fail(
      "options.namespaceScope",
      "expected an object such as { userId: 0 }, mapping scope fields to label positions.",
    );
  }
  for (const [field, position] of Object.entries(mapping)) {
    if (!scopeFieldNames.includes(field as ScopeField)) {
      fail(`options.namespaceScope.${field}`, "unknown scope field; use userId, agentId or runId.");
    }
    if (typeof position !== "number" || !Number.isInteger(position) || position < 0) {
      fail(
        `options.namespaceScope.${field}`,
        `expected a label position (0, 1, …), got ${JSON.stringify(position)}.`,
      );
    }
  }
  return mapping as NamespaceScopeMapping;
}

/**
 * The Engram scope of a namespace (or of a prefix): the fixed store scope plus each mapped label that the
 * namespace has. A prefix maps to a sub-scope of every namespace under it, so scope never hides a match.
 */
export function scopeOf(
  namespace: readonly string[],
  mapping: NamespaceScopeMapping,
  storeScope: Scope,
): Scope {
  const scope: Scope = { ...storeScope };
  for (const field of scopeFieldNames) {
    const position = mapping[field];
    if (position !== undefined && position < namespace.length) scope[field] = namespace[position];
  }
  return scope;
}
