import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHashingEmbedder } from "@engram/core";
import { MockChatModel } from "@engram/core/testing";
import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMcpHttp, runMcpHttp } from "../src/index.js";
import { call, errorText, httpClient, ok } from "./mcp-clients.js";

const keys = {
  alice: "alice-key-0000000000",
  bob: "bob-key-000000000000",
  open: "open-key-00000000000",
  aliceReader: "alice-reader-0000000",
  broken: "broken-key-000000000",
};

interface WriteStatus {
  writeId: string;
  status: string;
  results?: Array<{ id: string; memory: string; event: string }>;
  error?: string;
}

describe("MCP over stateless Streamable HTTP on @engram/server", () => {
  let dataDir: string;
  let running: RunningMcpHttp;
  let url: string;
  const clients: Client[] = [];
  const client = async (key: string, headers: Record<string, string> = {}) => {
    const connected = await httpClient(url, { authorization: `Bearer ${key}`, ...headers });
    clients.push(connected);
    return connected;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "engram-mcp-http-"));
    running = await runMcpHttp({
      env: {},
      port: 0,
      mcp: { onError: () => {} },
      server: {
        dataDir,
        logger: false,
        keys: [
          { key: keys.alice, tenant: "acme", userId: "alice" },
          { key: keys.bob, tenant: "acme", userId: "bob" },
          { key: keys.open, tenant: "acme" },
          { key: keys.aliceReader, tenant: "acme", userId: "alice", readOnly: true },
          { key: keys.broken, tenant: "broken", userId: "carol" },
        ],
        memory: (tenant) => ({
          embedder: createHashingEmbedder(),
          // The broken tenant's extraction model always fails: its background writes must report it.
          ...(tenant.id === "broken"
            ? { llm: new MockChatModel({ generate: () => Promise.reject(new Error("model is down")) }) }
            : {}),
        }),
      },
    });
    url = running.url;
  });

  afterAll(async () => {
    await Promise.all(clients.map((connected) => connected.close()));
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("lists the tools with input and output schemas and annotations", async () => {
    const { tools } = await (await client(keys.alice)).listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual([
      "add_memory",
      "build_context",
      "delete_memory",
      "get_memory",
      "get_memory_history",
      "get_write_status",
      "list_memories",
      "search_memories",
      "update_memory",
    ]);
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(40);
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.inputSchema.additionalProperties).toBe(false);
    }
    expect(byName.get("search_memories")?.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.get("delete_memory")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(byName.get("add_memory")?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    // Without allowRunId the model cannot even name a run, let alone a user.
    expect(Object.keys(byName.get("search_memories")?.inputSchema.properties ?? {})).not.toContain("runId");
  });

  it("adds in the background, waits, searches with explanations, gets, updates, shows history and deletes", async () => {
    const alice = await client(keys.alice);
    const accepted = await ok<WriteStatus>(alice, "add_memory", {
      text: "Alice is allergic to peanuts.",
      infer: false,
    });
    expect(accepted.status).toBe("pending");
    const { writes } = await ok<{ writes: WriteStatus[] }>(alice, "get_write_status", {
      writeIds: [accepted.writeId],
      waitMs: 10_000,
    });
    expect(writes[0]).toMatchObject({ writeId: accepted.writeId, status: "done" });
    const id = writes[0]?.results?.[0]?.id as string;
    expect(writes[0]?.results?.[0]).toMatchObject({ event: "ADD", memory: "Alice is allergic to peanuts." });

    const waited = await ok<WriteStatus>(alice, "add_memory", {
      text: "Alice lives in Lisbon.",
      infer: false,
      wait: true,
    });
    expect(waited.status).toBe("done");

    const found = await ok<{ results: Array<{ id: string; explanation?: { matchedTerms: string[] } }> }>(
      alice,
      "search_memories",
      { query: "peanuts allergy" },
    );
    expect(found.results[0]?.id).toBe(id);
    expect(found.results[0]?.explanation?.matchedTerms).toContain("peanut");

    expect(await ok(alice, "get_memory", { id })).toMatchObject({ id, userId: "alice", version: 1 });
    const updated = await ok(alice, "update_memory", {
      id,
      memory: "Alice is allergic to peanuts and cashews.",
    });
    expect(updated).toMatchObject({ memory: "Alice is allergic to peanuts and cashews.", version: 2 });
    const history = await ok<{ entries: Array<{ event: string }> }>(alice, "get_memory_history", { id });
    expect(history.entries.map((entry) => entry.event)).toEqual(["ADD", "UPDATE"]);

    const context = await ok<{ text: string; ids: string[] }>(alice, "build_context", {
      query: "what can Alice eat",
    });
    expect(context.ids).toContain(id);
    expect(context.text).toContain("cashews");

    expect(await ok(alice, "delete_memory", { id })).toEqual({ id, deleted: true });
    const gone = await call(alice, "get_memory", { id });
    expect(gone.isError).toBe(true);
    expect(errorText(gone)).toContain("No memory with id");
  });

  it("serves the same tenant as the REST API", async () => {
    const stored = await ok<WriteStatus>(await client(keys.alice), "add_memory", {
      text: "Alice plays the cello.",
      infer: false,
      wait: true,
    });
    const response = await fetch(
      `${running.listening.url}/v1/memories/${stored.results?.[0]?.id}?userId=alice`,
      {
        headers: { authorization: `Bearer ${keys.alice}` },
      },
    );
    expect(await response.json()).toMatchObject({ memory: "Alice plays the cello.", userId: "alice" });
  });

  it("answers HTTP-level mistakes before any tool runs", async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
        body,
      });
    expect((await post({}, "{}")).status).toBe(401);
    const broken = await post({ authorization: `Bearer ${keys.alice}` }, "{not json");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32700 } });
    // Stateless: there is no session to open a stream on or to delete.
    const stream = await fetch(url, {
      headers: { authorization: `Bearer ${keys.alice}`, accept: "text/event-stream" },
    });
    expect(stream.status).toBe(405);
    await stream.body?.cancel();
  });

  it("extracts in the background by default", async () => {
    const alice = await client(keys.alice);
    const accepted = await ok<WriteStatus>(alice, "add_memory", {
      text: "I prefer window seats on flights.",
    });
    expect(accepted.status).toBe("pending");
    const { writes } = await ok<{ writes: WriteStatus[] }>(alice, "get_write_status", { waitMs: 10_000 });
    const mine = writes.find((write) => write.writeId === accepted.writeId);
    expect(mine?.status).toBe("done");
    expect(mine?.results?.length).toBeGreaterThan(0);
  });

  it("keeps a key pinned to one user out of another user's memories", async () => {
    const alice = await client(keys.alice);
    const bob = await client(keys.bob);
    const stored = await ok<WriteStatus>(alice, "add_memory", {
      text: "Alice's PIN hint is her cat.",
      infer: false,
      wait: true,
    });
    const id = stored.results?.[0]?.id as string;

    expect(errorText(await call(bob, "get_memory", { id }))).toContain("No memory with id");
    expect((await call(bob, "delete_memory", { id })).isError).toBe(true);
    expect((await call(bob, "update_memory", { id, memory: "hacked" })).isError).toBe(true);
    const searched = await ok<{ results: Array<{ id: string }> }>(bob, "search_memories", {
      query: "PIN hint cat",
    });
    expect(searched.results.map((item) => item.id)).not.toContain(id);
    // Bob cannot read Alice's write statuses either.
    expect((await call(bob, "get_write_status", { writeIds: [stored.writeId] })).isError).toBe(true);

    // A tool argument cannot switch the user: unknown arguments are refused by the schema.
    const switched = await call(bob, "search_memories", { query: "PIN hint cat", userId: "alice" });
    expect(switched.isError).toBe(true);
    expect(errorText(switched)).toMatch(/userId|unrecognized/i);
    expect(await ok(alice, "get_memory", { id })).toMatchObject({ memory: "Alice's PIN hint is her cat." });
  });

  it("makes a key without a pinned user name it with a header, and refuses headers that contradict a pin", async () => {
    await expect(client(keys.open)).rejects.toThrow(/x-engram-user-id/i);
    await expect(client(keys.alice, { "x-engram-user-id": "bob" })).rejects.toThrow(/pinned/i);
    const stored = await ok<WriteStatus>(await client(keys.alice), "add_memory", {
      text: "Alice collects stamps.",
      infer: false,
      wait: true,
    });
    const viaHeader = await client(keys.open, { "x-engram-user-id": "alice" });
    expect(await ok(viaHeader, "get_memory", { id: stored.results?.[0]?.id })).toMatchObject({
      userId: "alice",
    });
    await expect(client(keys.open, { "x-engram-user-id": "a".repeat(300) })).rejects.toThrow(/at most 256/);
  });

  it("gives a read-only key only the read tools", async () => {
    const reader = await client(keys.aliceReader);
    const names = (await reader.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain("search_memories");
    expect(names).not.toContain("add_memory");
    expect(names).not.toContain("delete_memory");
    await expect(reader.callTool({ name: "add_memory", arguments: { text: "x" } })).rejects.toThrow(
      /add_memory/,
    );
  });

  it("reports a failed background write in its status", async () => {
    const carol = await client(keys.broken);
    const accepted = await ok<WriteStatus>(carol, "add_memory", { text: "I moved to Porto last month." });
    expect(accepted.status).toBe("pending");
    const { writes } = await ok<{ writes: WriteStatus[] }>(carol, "get_write_status", {
      writeIds: [accepted.writeId],
      waitMs: 10_000,
    });
    expect(writes[0]?.status).toBe("failed");
    expect(writes[0]?.error).toContain("model is down");
  });

  it("refuses malformed arguments with a tool error and changes nothing", async () => {
    const bob = await client(keys.bob);
    for (const [name, args] of [
      ["search_memories", { query: "" }],
      ["search_memories", { query: "x", limit: "ten" }],
      ["add_memory", { text: 42 }],
      ["update_memory", { id: "x" }],
      ["get_write_status", { waitMs: 10_000_000 }],
      ["add_memory", { text: "Bob likes jazz.", metadata: { userId: "alice" } }],
      ["add_memory", { text: "Bob likes jazz.", infer: false, type: "Not A Type" }],
      ["add_memory", { text: "x".repeat(40_000), infer: false }],
    ] as const) {
      const result = await call(bob, name, args);
      expect(result.isError, `${name} ${Object.keys(args).join(",")}`).toBe(true);
      expect(errorText(result).length).toBeGreaterThan(10);
    }
    const listed = await ok<{ results: unknown[] }>(bob, "list_memories", {});
    expect(listed.results).toEqual([]);
    expect(await ok(bob, "get_write_status", {})).toEqual({ writes: [] });
  });
});
