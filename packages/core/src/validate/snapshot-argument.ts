import { InvalidArgumentError } from "../errors/index.js";

/** How deep and how large an argument may be. */
export interface SnapshotLimits {
  /** Most levels of nested objects and arrays. */
  maxDepth: number;
  /** Most objects, arrays and array items in total. */
  maxNodes: number;
  /** What the argument is, for messages ("an argument", "a filter"). */
  what?: string;
}

/** Limits of every argument of a public method. */
export const argumentLimits: SnapshotLimits = { maxDepth: 64, maxNodes: 200_000 };

function fail(argument: string, message: string, cause?: unknown): never {
  throw new InvalidArgumentError({ argument, message, ...(cause !== undefined ? { cause } : {}) });
}

function unreadable(argument: string, cause: unknown): never {
  const reason =
    cause instanceof Error ? cause.message : String(typeof cause === "symbol" ? "a symbol" : cause);
  return fail(
    argument,
    `could not be read (${reason.slice(0, 200)}); pass plain data, without getters that throw or proxies.`,
    cause,
  );
}

function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a "__proto__" key stays an own data property and never sets the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

interface Walk {
  limits: SnapshotLimits;
  nodes: number;
  ancestors: Set<object>;
}

function copy(value: unknown, argument: string, depth: number, walk: Walk): unknown {
  if (typeof value !== "object" || value === null) return value;
  const what = walk.limits.what ?? "an argument";
  if (++walk.nodes > walk.limits.maxNodes)
    fail(
      argument,
      `${what} may hold at most ${walk.limits.maxNodes} objects, arrays and items; pass less data.`,
    );
  if (depth >= walk.limits.maxDepth)
    fail(argument, `${what} may be nested at most ${walk.limits.maxDepth} levels deep; pass flatter data.`);
  if (walk.ancestors.has(value))
    fail(argument, "refers back to itself (a cycle); pass plain data without cycles.");
  let kind: "array" | "object" | "date" | "other";
  try {
    if (Array.isArray(value)) kind = "array";
    else {
      const prototype = Object.getPrototypeOf(value);
      kind =
        prototype === Object.prototype || prototype === null
          ? "object"
          : value instanceof Date
            ? "date"
            : "other";
    }
  } catch (cause) {
    return unreadable(argument, cause);
  }
  if (kind === "other") return value; // class instances (an AbortSignal, a RegExp, a store) are passed as they are
  if (kind === "date") {
    try {
      return new Date(Date.prototype.getTime.call(value));
    } catch (cause) {
      return unreadable(argument, cause);
    }
  }
  walk.ancestors.add(value);
  try {
    if (kind === "array") return copyArray(value as unknown[], argument, depth, walk);
    return copyObject(value as Record<string, unknown>, argument, depth, walk);
  } finally {
    walk.ancestors.delete(value);
  }
}

function copyArray(value: unknown[], argument: string, depth: number, walk: Walk): unknown[] {
  let length: number;
  try {
    length = value.length;
  } catch (cause) {
    return unreadable(argument, cause);
  }
  if (length > walk.limits.maxNodes - walk.nodes)
    fail(
      argument,
      `an array of ${length} items is too large here; pass at most ${walk.limits.maxNodes} items.`,
    );
  const result: unknown[] = [];
  for (let index = 0; index < length; index++) {
    const here = `${argument}[${index}]`;
    let item: unknown;
    try {
      item = value[index];
    } catch (cause) {
      return unreadable(here, cause);
    }
    walk.nodes++;
    result.push(copy(item, here, depth + 1, walk));
  }
  return result;
}

function copyObject(value: Record<string, unknown>, argument: string, depth: number, walk: Walk): object {
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch (cause) {
    return unreadable(argument, cause);
  }
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const here = `${argument}.${key}`;
    let inner: unknown;
    try {
      inner = value[key];
    } catch (cause) {
      return unreadable(here, cause);
    }
    defineOwn(result, key, copy(inner, here, depth + 1, walk));
  }
  return result;
}

/**
 * Reads an argument once, as plain data: plain objects and arrays are copied (own enumerable string keys, each
 * read exactly once), Dates are copied, and functions and class instances are kept as they are. A getter or
 * proxy trap that throws, a cycle, or an argument deeper or larger than the limits becomes an
 * InvalidArgumentError, so validation and use afterwards see the same values and no caller code runs again.
 */
export function snapshotArgument<T>(value: T, argument: string, limits: SnapshotLimits = argumentLimits): T {
  return copy(value, argument, 0, { limits, nodes: 0, ancestors: new Set() }) as T;
}
