import { expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/index.js";
import { exportLines } from "../memory/import/export-lines.js";
import { Memory } from "../memory/memory.js";
import type { MemoryExport } from "../memory/memory-options.js";
import type { MemoryStore } from "../store/memory-store.js";
import { conformanceEmbedder } from "./conformance-context.js";

const open = (store: MemoryStore) => new Memory({ store, embedder: conformanceEmbedder });
const alice = { userId: "alice" };
const withoutTime = (data: MemoryExport) => ({ ...data, exportedAt: "" });

/** Fills alice's scope with current, superseded and forgotten memories, and another user's memory. */
async function seed(memory: Memory): Promise<MemoryExport> {
  await memory.add([{ role: "user", content: "I live in Lisbon" }], { ...alice, infer: true });
  await memory.add([{ role: "user", content: "I moved to Porto" }], { ...alice, infer: true });
  const [tea] = (await memory.add("Likes tea", { ...alice, runId: "r1", metadata: { topic: "drinks" } }))
    .results;
  await memory.update(tea!.id, { memory: "Likes green tea" }, alice);
  const [gone] = (await memory.add("Temporary", alice)).results;
  await memory.delete(gone!.id, alice);
  await memory.add("Bob plays chess", { userId: "bob" });
  return memory.export(alice);
}

/** `memory.import()`: the inverse of export, idempotent, checked before writing, never across scopes. */
export function importTests(getStore: () => MemoryStore): void {
  it("round-trips an export (ids, versions, validity, history) and a second import changes nothing", async () => {
    const memory = open(getStore());
    const exported = await seed(memory);
    await memory.reset();
    const first = await memory.import(exported);
    expect(first).toMatchObject({ imported: 3, skipped: 0, conflicts: [] });
    expect(first.historyImported).toBe(exported.history.length);
    expect(withoutTime(await memory.export(alice))).toEqual(withoutTime(exported));
    expect((await memory.getAll({ userId: "bob" })).results).toEqual([]);
    const second = await memory.import(exported);
    expect(second).toMatchObject({ imported: 0, skipped: 3, historyImported: 0 });
    expect(second.historySkipped).toBe(exported.history.length);
    const { results } = await memory.search("where does alice live", alice);
    expect(results[0]!.memory).toBe("Lives in Porto");
  });

  it("reads a stream of JSONL lines in batches and reports progress", async () => {
    const memory = open(getStore());
    const exported = await seed(memory);
    await memory.reset();
    async function* jsonl() {
      for (const line of exportLines(exported)) yield `${JSON.stringify(line)}\n`;
      yield "";
    }
    const progress: number[] = [];
    const result = await memory.import(jsonl(), {
      batchSize: 2,
      onProgress: (step) => progress.push(step.lines),
    });
    expect(result.imported).toBe(3);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(1 + exported.memories.length + exported.history.length);
    expect(withoutTime(await memory.export(alice))).toEqual(withoutTime(exported));
  });

  it("refuses malformed data and records outside the export's scope before writing anything", async () => {
    const memory = open(getStore());
    const exported = await seed(memory);
    await memory.reset();
    const lines = [...exportLines(exported)];
    const broken = [
      lines.slice(1), // no header
      [lines[0], ...lines.slice(1, 3), "{not json"],
      [lines[0], { kind: "memory", memory: { ...exported.memories[0]!, version: 0 } }],
      [lines[0], { kind: "memory", memory: { ...exported.memories[0]!, metadata: { userId: "x" } } }],
      [lines[0], { kind: "memory", memory: { ...exported.memories[0]!, userId: "mallory" } }],
      [lines[0], { kind: "history", entry: { ...exported.history[0]!, userId: "mallory" } }],
      [{ ...lines[0], version: 99 }],
      [lines[0], lines[1], lines[1]],
    ];
    for (const data of broken)
      await expect(memory.import(data as never), JSON.stringify(data).slice(0, 80)).rejects.toThrow(
        InvalidArgumentError,
      );
    await expect(memory.import(exported, { expectScope: { userId: "bob" } })).rejects.toThrow(/alice/);
    expect((await memory.export(alice)).memories).toEqual([]);
    expect((await memory.scopes?.().catch(() => ({ scopes: [] })))?.scopes ?? []).toEqual([]);
  });

  it("writes into another scope only with renameScope, and never over another scope's ids", async () => {
    const store = getStore();
    const memory = open(store);
    const exported = await seed(memory);
    await expect(memory.import(exported, { renameScope: { userId: "carol" } })).rejects.toThrow(
      /another scope/,
    );
    await memory.reset();
    await memory.import(exported, { renameScope: { userId: "carol" } });
    expect((await memory.export(alice)).memories).toEqual([]);
    const carol = await memory.export({ userId: "carol" });
    expect(carol.memories.map((item) => item.id).sort()).toEqual(
      exported.memories.map((item) => item.id).sort(),
    );
    expect(carol.memories.every((item) => item.userId === "carol")).toBe(true);
    expect(carol.memories.find((item) => item.runId)?.runId).toBe("r1");
  });
}
