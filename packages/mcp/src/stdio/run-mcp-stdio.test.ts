import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { createHashingEmbedder, type Embedder, Memory } from "@engram/core";
import { createSqliteStore } from "@engram/core/sqlite";
import { Client } from "@modelcontextprotocol/client";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { afterEach, describe, expect, it } from "vitest";
import { runMcpStdio } from "./run-mcp-stdio.js";

/** The hashing embedder, held up on texts containing "slow" until `release()`. */
function gatedEmbedder() {
  const inner = createHashingEmbedder();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const embedder: Embedder = {
    specificationVersion: "v1",
    name: inner.name,
    dimensions: inner.dimensions,
    async embed(texts) {
      if (texts.some((text) => text.includes("slow"))) await gate;
      return inner.embed(texts);
    },
  };
  return { embedder, release };
}

describe("runMcpStdio", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("serves until stdin closes, then finishes background writes before closing the store", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "engram-mcp-run-"));
    dirs.push(dataDir);
    const { embedder, release } = gatedEmbedder();
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    let finished = false;
    const running = runMcpStdio({
      env: {},
      userId: "alice",
      dataDir,
      memory: { embedder },
      stdin: toServer,
      stdout: fromServer,
    }).then(() => {
      finished = true;
    });
    // The server transport is symmetric: newline-delimited JSON-RPC over two streams, here on the client side.
    const client = new Client({ name: "engram-test", version: "1.0.0" });
    await client.connect(new StdioServerTransport(fromServer, toServer));
    const accepted = (await client.callTool({
      name: "add_memory",
      arguments: { text: "Alice takes the slow train on Sundays.", infer: false },
    })) as { structuredContent: { status: string } };
    expect(accepted.structuredContent.status).toBe("pending");

    toServer.end();
    for (let tick = 0; tick < 20; tick += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    release();
    await running;

    const store = createSqliteStore({ path: path.join(dataDir, "tenants", "default", "memory.db") });
    const memory = new Memory({ store, embedder: createHashingEmbedder() });
    const { results } = await memory.getAll({ userId: "alice" });
    expect(results.map((item) => item.memory)).toEqual(["Alice takes the slow train on Sundays."]);
    await memory.close();
    await store.close?.();
  });

  it("refuses a configuration without a user or agent before serving", async () => {
    await expect(
      runMcpStdio({ env: {}, stdin: new PassThrough(), stdout: new PassThrough() }),
    ).rejects.toThrow(/needs a userId or agentId/);
    await expect(
      runMcpStdio({
        env: { ENGRAM_MCP_USER_ID: "alice", ENGRAM_MCP_READ_ONLY: "yes" },
        stdin: new PassThrough(),
      }),
    ).rejects.toThrow(/ENGRAM_MCP_READ_ONLY/);
  });
});
