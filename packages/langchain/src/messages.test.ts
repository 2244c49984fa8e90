import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Every bare module specifier imported, statically or dynamically, by a file and the local files it imports. */
function bareImports(file: URL, seen = new Set<string>()): Set<string> {
  const found = new Set<string>();
  if (seen.has(file.href)) return found;
  seen.add(file.href);
  const source = readFileSync(fileURLToPath(file), "utf8");
  for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
    if (!specifier) continue;
    if (!specifier.startsWith(".")) found.add(specifier);
    else
      for (const nested of bareImports(new URL(specifier.replace(/\.js$/, ".ts"), file), seen))
        found.add(nested);
  }
  return found;
}

describe("the @engram/langchain/messages entry", () => {
  it("imports only @engram/core and @langchain/core, never `langchain`", () => {
    const imports = [...bareImports(new URL("./messages.ts", import.meta.url))].sort();
    expect(imports).toEqual(["@engram/core", "@langchain/core/messages"]);
  });

  it("exports the same converters as the main entry", async () => {
    const [messages, main] = await Promise.all([import("./messages.js"), import("./index.js")]);
    expect(Object.keys(messages).sort()).toEqual(["lastTurn", "toChatMessages", "toolCallEvents"]);
    expect(messages.toChatMessages).toBe(main.toChatMessages);
    expect(messages.lastTurn).toBe(main.lastTurn);
    expect(messages.toolCallEvents).toBe(main.toolCallEvents);
  });
});
