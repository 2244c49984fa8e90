import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createHashingEmbedder } from "../embedders/hashing-embedder.js";
import { Memory } from "../memory/memory.js";
import { createSqliteStore } from "../sqlite/sqlite-store.js";
import type { MemoryStore } from "../store/memory-store.js";
import { createInMemoryStore } from "../store/in-memory-store.js";
import type { MemoryItem } from "../types.js";

const day = 24 * 60 * 60 * 1000;
// Paraphrases, contradictions, richer variants and episodes: what a year of chat leaves behind.
const vocabulary: [string, string][] = [
  ["Loves sushi", "preference"],
  ["Really loves sushi", "preference"],
  ["Loves sushi and ramen", "preference"],
  ["Does not like sushi", "preference"],
  ["Lives in Porto", "fact"],
  ["Lives in Porto, Portugal", "fact"],
  ["Used to live in Porto", "fact"],
  ["Works at Acme", "fact"],
  ["Works at Acme as a designer", "fact"],
  ["Plays the guitar", "fact"],
  ["Wants to play the guitar", "fact"],
  ["Went hiking with Sam", "episode"],
  ["Finished the quarterly report", "episode"],
  ["Had dinner at Luigi's", "episode"],
  ["Ran a 10k race", "episode"],
  ["Renew the passport", "task_state"],
];

type Step =
  | { kind: "add"; text: number; user: number }
  | { kind: "advance"; days: number }
  | { kind: "consolidate"; user: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      text: fc.nat(vocabulary.length - 1),
      user: fc.nat(1),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 40 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("consolidate" as const), user: fc.nat(1) }) },
);

const folder = mkdtempSync(join(tmpdir(), "engram-consolidation-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

const stores: [string, () => MemoryStore][] = [
  ["in-memory", () => createInMemoryStore()],
  ["sqlite", () => createSqliteStore({ path: join(folder, `p${files++}.db`) })],
];

function build(store: MemoryStore) {
  let now = Date.parse("2026-01-05T09:00:00.000Z");
  const memory = new Memory({
    store,
    embedder: createHashingEmbedder({ dimensions: 64 }),
    lifecycle: {
      ttl: { task_state: "14d" },
      consolidate: { summarize: { olderThan: "7d", period: "week" } },
    },
    _internal: { now: () => new Date(now) },
  });
  return { memory, advance: (ms: number) => (now += ms), now: () => now };
}

const users = [{ userId: "u0" }, { userId: "u1" }];

/** Every memory ever added is still stored, and if it left the active view, a link says where it went. */
async function checkReachable(memory: Memory, added: Map<string, number>) {
  for (const [id, owner] of added) {
    const item = await memory.get(id, users[owner]!);
    expect(item, `memory ${id} vanished`).not.toBeNull();
    const state = item!.state;
    if (state === "merged") expect(await memory.get(item!.mergedInto!, users[owner]!)).not.toBeNull();
    if (state === "superseded") expect(await memory.get(item!.supersededBy!, users[owner]!)).not.toBeNull();
    if (state === "archived") {
      const history = await memory.history(id, users[owner]!);
      const into = history.at(-1)!.details?.summarizedInto as string;
      const summary = await memory.get(into, users[owner]!);
      expect(summary!.derivedFrom).toContain(id);
    }
  }
}

/** A contradiction (sushi), a near-duplicate (Acme) and a week of episodes, all for one user. */
const coverAllSteps: Step[] = [0, 3, 7, 8, 11, 12].map((text) => ({ kind: "add", text, user: 0 }));

const ids = (items: MemoryItem[]) => items.map((item) => item.id).sort();

describe.each(stores)("consolidation properties (%s)", (_name, createStore) => {
  it("keeps every source reachable, is idempotent, and asOf before a run shows the view before it", async () => {
    const applied = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 5, maxLength: 40 }), async (steps) => {
        const store = createStore();
        const { memory, advance, now } = build(store);
        const added = new Map<string, number>();
        const consolidateAndCheck = async (scope: { userId: string }) => {
          const at = new Date(now()).toISOString();
          const before = ids((await memory.getAll({ ...scope, limit: 1000 })).results);
          advance(1000);
          const report = await memory.consolidate(scope);
          for (const done of report.steps) applied.set(done.op, (applied.get(done.op) ?? 0) + 1);
          expect(ids((await memory.getAll({ ...scope, asOf: at, limit: 1000 })).results)).toEqual(before);
          // Idempotent at the same clock.
          expect((await memory.consolidate({ ...scope, dryRun: true })).steps).toEqual([]);
          advance(1000);
        };
        try {
          for (const step of steps) {
            if (step.kind === "advance") advance(step.days * day);
            else if (step.kind === "add") {
              const [text, type] = vocabulary[step.text]!;
              const { results } = await memory.add(text, { ...users[step.user]!, type, infer: false });
              for (const result of results) added.set(result.id, step.user);
              advance(60_000);
            } else await consolidateAndCheck(users[step.user]!);
          }
          // Always end with a run per user, a month on, so every sequence is consolidated at least once.
          advance(30 * day);
          for (const scope of users) await consolidateAndCheck(scope);
          await checkReachable(memory, added);
        } finally {
          await store.close?.();
        }
      }),
      // Besides random sequences, one that is sure to need every kind of step (the random ones may not).
      { numRuns: 25, examples: [[coverAllSteps]] },
    );
    // The runs really consolidated: merges, contradictions and summaries all happened (EXPIRE needs memories older
    // than their TTL policy, which this Memory has from the start).
    for (const op of ["MERGE", "SUPERSEDE", "SUMMARIZE"]) expect(applied.get(op) ?? 0, op).toBeGreaterThan(0);
  }, 120_000);

  it("loses no write when adds, searches and consolidation run at once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(vocabulary.length - 1), { minLength: 4, maxLength: 16 }),
        async (picks) => {
          const store = createStore();
          const { memory, advance } = build(store);
          const user = users[0]!;
          try {
            for (const pick of picks.slice(0, 4)) {
              const [text, type] = vocabulary[pick]!;
              await memory.add(text, { ...user, type, infer: false });
            }
            advance(30 * day);
            const writes = picks.slice(4).map((pick) => {
              const [text, type] = vocabulary[pick]!;
              return memory.add(`${text} (again)`, { ...user, type, infer: false });
            });
            const [results] = await Promise.all([
              Promise.all(writes),
              memory.consolidate(user),
              memory.search("sushi", { ...user, limit: 5 }),
              memory.consolidate(user),
            ]);
            const added = new Map<string, number>();
            for (const result of results) for (const item of result.results) added.set(item.id, 0);
            await checkReachable(memory, added);
            advance(1000);
            await memory.consolidate(user);
            expect((await memory.consolidate({ ...user, dryRun: true })).steps).toEqual([]);
          } finally {
            await store.close?.();
          }
        },
      ),
      { numRuns: 10 },
    );
  }, 120_000);
});
