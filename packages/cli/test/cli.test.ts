import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, createWorkspace, startServe, type Workspace } from "./run-cli.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected field by field
type Json = any;

let workspace: Workspace;
let teaId: string;

beforeAll(async () => {
  workspace = await createWorkspace();
});
afterAll(async () => {
  await workspace.remove();
});

describe("engram against a temporary SQLite store", { timeout: 60_000 }, () => {
  it("adds, lists, searches with explanations and shows the history timeline", async () => {
    const added = await workspace.json<Json>([
      "add",
      "I like green tea",
      "--user",
      "alice",
      "--metadata",
      '{"topic":"drinks"}',
    ]);
    expect(added.results[0]).toMatchObject({ event: "ADD", memory: "I like green tea" });
    teaId = added.results[0].id;
    await workspace.json(["add", "I live in Lisbon", "--user", "alice", "--infer"]);
    await workspace.json(["add", "I moved to Porto", "--user", "alice", "--infer"]);
    await workspace.json(["add", "Bob plays chess", "--user", "bob", "--agent", "coach"]);

    const listed = await workspace.json<Json>(["list", "--user", "alice"]);
    expect(listed.results.map((item: Json) => item.memory).sort()).toEqual([
      "I like green tea",
      "Lives in Porto",
    ]);
    const human = await workspace.run(["list", "--user", "alice"]);
    expect(human.stdout).toContain(`${teaId}  active  fact  I like green tea`);
    expect(human.stdout).not.toContain("\u001b["); // no colour when stdout is not a terminal

    const found = await workspace.json<Json>(["search", "green tea", "--user", "alice"]);
    expect(found.results[0]).toMatchObject({ id: teaId });
    expect(found.results[0].explanation.matchedTerms).toContain("tea");
    const searched = await workspace.run(["search", "green tea", "--user", "alice"]);
    expect(searched.stdout).toMatch(/vector=\d\.\d{3} keyword=\d\.\d{3} relevance=/);

    const porto = listed.results.find((item: Json) => item.memory === "Lives in Porto");
    const shown = await workspace.run(["show", porto.id]);
    expect(shown.stdout).toContain("Lives in Porto");
    expect(shown.stdout).toMatch(/history\n\s+\S+\s+ADD/);
    const lisbon = (
      await workspace.json<Json>(["list", "--user", "alice", "--include", "superseded"])
    ).results.find((item: Json) => item.memory === "Lives in Lisbon");
    const timeline = await workspace.json<Json>(["show", lisbon.id, "--user", "alice"]);
    expect(timeline.history.map((entry: Json) => entry.event)).toEqual(["ADD", "SUPERSEDE"]);
    expect((await workspace.run(["show", lisbon.id, "--user", "bob"])).code).toBe(1);
  });

  it("exports JSONL, refuses forget without --yes off a terminal, forgets, and imports the export back", async () => {
    const exported = await workspace.run(["export", "--user", "alice"]);
    expect(exported.code).toBe(0);
    const lines = exported.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({
      kind: "header",
      format: "engram-export",
      version: 1,
      scope: { userId: "alice" },
    });
    expect(lines.filter((line) => line.kind === "memory")).toHaveLength(3);
    const file = path.join(workspace.dir, "alice.jsonl");
    await writeFile(file, exported.stdout);

    const refused = await workspace.run(["forget", "--user", "alice"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--yes");
    expect((await workspace.json<Json>(["list", "--user", "alice"])).results).toHaveLength(2);
    const forgotten = await workspace.json<Json>(["forget", "--user", "alice", "--yes"]);
    expect(forgotten.deleted).toBe(3);
    expect((await workspace.json<Json>(["list", "--user", "alice"])).results).toEqual([]);

    const imported = await workspace.json<Json>(["import", file]);
    expect(imported).toMatchObject({ imported: 3, skipped: 0 });
    expect(
      (await workspace.json<Json>(["list", "--user", "alice"])).results.map((item: Json) => item.id),
    ).toContain(teaId);
    const again = await workspace.run(["import", "-"], { input: await readFile(file, "utf8") });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Imported 0 memories");
    const bad = await workspace.run(["import", "-"], { input: "not json\n" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("not JSON");
    const wrongUser = await workspace.run(["import", file, "--expect-user", "bob"]);
    expect(wrongUser.code).toBe(1);
  });

  it("lists scopes, reports stats and re-embeds", async () => {
    const { scopes } = await workspace.json<Json>(["scopes"]);
    expect(scopes).toEqual([
      expect.objectContaining({
        userId: "alice",
        counts: expect.objectContaining({ active: 2, superseded: 1 }),
      }),
      expect.objectContaining({
        userId: "bob",
        agentId: "coach",
        counts: expect.objectContaining({ total: 1 }),
      }),
    ]);
    expect((await workspace.json<Json>(["scopes", "--user", "bob"])).scopes).toHaveLength(1);
    const stats = await workspace.json<Json>(["stats"]);
    expect(stats).toMatchObject({
      scopes: 2,
      states: { total: 4, active: 3, superseded: 1 },
      types: { fact: 4 },
    });
    expect(stats.store.bytes).toBeGreaterThan(0);
    expect(stats.embedder).toMatchObject({ dimensions: 256 });
    expect(await workspace.json<Json>(["reembed"])).toEqual({ reembedded: 4 });
  });

  it("doctor says OK for a sound setup and FAIL with a fix and a non-zero exit for a broken config", async () => {
    const sound = await workspace.json<Json>(["doctor"]);
    expect(sound.ok).toBe(true);
    expect(sound.checks.map((check: Json) => check.name)).toEqual(
      expect.arrayContaining([
        "node",
        "config",
        "better-sqlite3",
        "store",
        "embedder",
        "embedder matches store",
      ]),
    );
    await writeFile(path.join(workspace.dir, "broken.json"), '{"port": "not a number"}');
    const broken = await workspace.run(["doctor", "--config", "broken.json"]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/FAIL config/);
    expect(broken.stdout).toContain("fix:");
  });

  it("refuses unknown options and missing scopes as usage errors (exit 2)", async () => {
    const unknown = await workspace.run(["list", "--user", "alice", "--frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--frobnicate");
    const noScope = await workspace.run(["search", "tea"]);
    expect(noScope.code).toBe(2);
    expect(noScope.stderr).toContain("--user");
    const mcpStore = await workspace.run(["mcp", "--user", "alice", "--store", "x.db"]);
    expect(mcpStore.code).toBe(2);
    expect(mcpStore.stderr).toContain("--tenant");
    const mcpNoUser = await workspace.run(["mcp"]);
    expect(mcpNoUser.code).toBe(1);
    expect(mcpNoUser.stderr).toMatch(/user/iu);
  });

  it("serves MCP on stdio to the SDK's own client, confined to --user", async () => {
    const own = await createWorkspace();
    const client = new Client({ name: "engram-cli-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cliPath, "mcp", "--user", "mcp-alice"],
        cwd: own.dir,
        env: { PATH: process.env.PATH ?? "", HOME: own.dir, NO_COLOR: "1" },
        stderr: "pipe",
      }),
    );
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining(["add_memory", "search_memories"]),
      );
      const added = await client.callTool({
        name: "add_memory",
        arguments: { text: "Prefers window seats.", infer: false, wait: true },
      });
      expect(added.isError).toBeFalsy();
      const found = await client.callTool({ name: "search_memories", arguments: { query: "window seats" } });
      const results = (found.structuredContent as { results: Array<{ memory: string; userId: string }> })
        .results;
      expect(results[0]).toMatchObject({ memory: "Prefers window seats.", userId: "mcp-alice" });
      const other = await client.callTool({ name: "list_memories", arguments: { userId: "bob" } });
      expect(other.isError).toBe(true);
    } finally {
      await client.close();
    }
    // The same store seen by the CLI: the memory is alice's.
    const listed = await own.json<{ results: Array<{ memory: string }> }>(["list", "--user", "mcp-alice"]);
    expect(listed.results.map((item) => item.memory)).toContain("Prefers window seats.");
    await own.remove();
  });

  it("serves the HTTP API on a free port and exits cleanly on SIGTERM", async () => {
    const server = startServe(workspace, { ENGRAM_API_KEYS: "default:test-key-000000000000000000" });
    const url = await server.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(`${url}/v1/scopes`, {
      headers: { authorization: "Bearer test-key-000000000000000000" },
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as Json).scopes.map((scope: Json) => scope.userId)).toEqual([
      "alice",
      "bob",
    ]);
    const stopped = await server.stop();
    expect(stopped.code).toBe(0);
  });
});
