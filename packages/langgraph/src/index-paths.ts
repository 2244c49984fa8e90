// Extracts the text to embed from a value, with LangGraph's index path syntax ("a.b", "arr[*].c", "arr[-1]",
// "{a,b.c}", "*", "$"). It follows InMemoryStore's extractor (libs/checkpoint/src/store/utils.ts), which the
// package does not export: its exported `getTextAtPath` is an older, string-only variant.

type Json = unknown;

/** Splits an index path into tokens: "a.b[*].c" → ["a", "b", "[*]", "c"]; "{a,b.c}" stays one token. */
export function tokenizeIndexPath(path: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let index = 0;
  while (index < path.length) {
    const char = path[index]!;
    if (char === "[" || char === "{") {
      if (current) tokens.push(current);
      current = "";
      const close = char === "[" ? "]" : "}";
      let depth = 1;
      let token = char;
      index += 1;
      while (index < path.length && depth > 0) {
        const next = path[index]!;
        if (next === char) depth += 1;
        else if (next === close) depth -= 1;
        token += next;
        index += 1;
      }
      tokens.push(token);
      continue;
    }
    if (char === ".") {
      if (current) tokens.push(current);
      current = "";
    } else current += char;
    index += 1;
  }
  if (current) tokens.push(current);
  return tokens;
}

function leafText(value: Json): string[] {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return [String(value)];
  if (value === null || value === undefined || typeof value !== "object") return [];
  return [JSON.stringify(value, null, 2)];
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null;
}

function pickFields(value: Json, token: string): string[] {
  if (!isObject(value)) return [];
  const texts: string[] = [];
  for (const field of token
    .slice(1, -1)
    .split(",")
    .map((part) => part.trim())) {
    let current: Json = value;
    for (const part of tokenizeIndexPath(field)) {
      current = isObject(current) && part in current ? current[part] : undefined;
      if (current === undefined) break;
    }
    if (current !== undefined && current !== null) texts.push(...leafText(current));
  }
  return texts;
}

function extract(value: Json, tokens: string[], position: number): string[] {
  if (position >= tokens.length) return leafText(value);
  const token = tokens[position]!;
  if (token.startsWith("[") && token.endsWith("]")) {
    if (!Array.isArray(value)) return [];
    const selector = token.slice(1, -1);
    if (selector === "*") return value.flatMap((element) => extract(element, tokens, position + 1));
    let index = Number.parseInt(selector, 10);
    if (Number.isNaN(index)) return [];
    if (index < 0) index += value.length;
    return index >= 0 && index < value.length ? extract(value[index], tokens, position + 1) : [];
  }
  if (token.startsWith("{") && token.endsWith("}")) return pickFields(value, token);
  if (token === "*") {
    const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
    return children.flatMap((child) => extract(child, tokens, position + 1));
  }
  return isObject(value) && token in value ? extract(value[token], tokens, position + 1) : [];
}

/** The texts found at an index path of a value; "$" is the whole value as pretty-printed JSON. */
export function textsAtPath(value: Json, path: string): string[] {
  if (!path || path === "$") return [JSON.stringify(value, null, 2)];
  return extract(value, tokenizeIndexPath(path), 0);
}

/** The text Engram embeds for a value: the texts at every index path, one per line (empty if none). */
export function indexText(value: Json, fields: readonly string[]): string {
  return fields
    .flatMap((field) => textsAtPath(value, field))
    .map((text) => text.trim())
    .filter(Boolean)
    .join("\n");
}
