import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, errorText, ok } from "./mcp-clients.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

interface WriteStatus {
  writeId: string;
  status: string;
  results?: Array<{ id: string; memory: string; event: string }>;
}

describe("engram-mcp over stdio (a real child process)", () => {
  let dir: string;
  let configPath: string;
  const clients: Client[] = [];

  /** Spawns the bin from its sources with tsx, as an MCP client would spawn `engram-mcp`. */
  const spawnServer = async (args: string[], stderr: string[] = []) => {
    const client = new Client({ name: "engram-test", version: "1.0.0" });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", path.join(packageDir, "src/bin.ts"), "--config", configPath, ...args],
      cwd: packageDir,
      env: { PATH: process.env.PATH ?? "", ENGRAM_DIR: path.join(dir, "unused") },
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
    clients.push(client);
    await client.connect(transport);
    return client;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "engram-mcp-stdio-"));
    configPath = path.join(dir, "engram.config.json");
    writeFileSync(configPath, JSON.stringify({ dataDir: path.join(dir, "data"), embedder: "hashing" }));
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the tools in the configured scope, which no argument can change", async () => {
    const alice = await spawnServer(["--user-id", "alice"]);
    const { tools } = await alice.listTools();
    expect(tools.map((tool) => tool.name)).toContain("add_memory");
    expect(tools.find((tool) => tool.name === "search_memories")?.annotations?.readOnlyHint).toBe(true);

    const stored = await ok<WriteStatus>(alice, "add_memory", {
      text: "Alice drinks oat milk.",
      infer: false,
      wait: true,
    });
    expect(stored.status).toBe("done");
    const id = stored.results?.[0]?.id as string;
    const found = await ok<{ results: Array<{ id: string; userId: string }> }>(alice, "search_memories", {
      query: "oat milk",
    });
    expect(found.results[0]).toMatchObject({ id, userId: "alice" });
    const switched = await call(alice, "list_memories", { userId: "bob" });
    expect(switched.isError).toBe(true);
    await alice.close();

    // Another process on the same store, configured for bob and allowed to narrow to a run: alice stays hidden.
    const bob = await spawnServer(["--user-id", "bob", "--allow-run-id"]);
    const bobTools = (await bob.listTools()).tools;
    expect(
      Object.keys(bobTools.find((tool) => tool.name === "add_memory")?.inputSchema.properties ?? {}),
    ).toContain("runId");
    expect(errorText(await call(bob, "get_memory", { id }))).toContain("No memory with id");
    const inRun = await ok<WriteStatus>(bob, "add_memory", {
      text: "Bob is planning a trip to Oslo.",
      infer: false,
      wait: true,
      runId: "trip-1",
    });
    const bobId = inRun.results?.[0]?.id as string;
    expect(await ok(bob, "get_memory", { id: bobId })).toMatchObject({ userId: "bob", runId: "trip-1" });
    const otherRun = await ok<{ results: unknown[] }>(bob, "list_memories", { runId: "trip-2" });
    expect(otherRun.results).toEqual([]);
  });

  it("refuses to start without a user or agent, and says why on stderr", async () => {
    const stderr: string[] = [];
    await expect(spawnServer([], stderr)).rejects.toThrow();
    expect(stderr.join("")).toContain("needs a userId or agentId");
  });
});
