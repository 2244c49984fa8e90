// Differential test: random operation sequences run against LangGraph's own InMemoryStore and the Engram
// store (over Engram's in-memory store and over real SQLite) must agree. Known InMemoryStore quirks are
// excluded explicitly: its prefix search is a string startsWith (["u1"] matches ["u10"]), and it keeps
// listing a namespace after its last item is deleted. Result order without a query is unspecified by
// BaseStore (InMemoryStore: insertion order; Engram: newest first), so those results compare as sets.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInMemoryStore, type MemoryStore } from "@engram/core";
import { createSqliteStore } from "@engram/core/sqlite";
import {
  InMemoryStore,
  type Item,
  type Operation,
  type SearchItem,
  type SearchOperation,
} from "@langchain/langgraph-checkpoint";
import { afterAll, describe, expect, it } from "vitest";
import { hasPrefix } from "../src/index.js";
import { seededRandom, testMemory, testStore } from "./helpers.js";

const firstLabels = ["u1", "u10", "u2"];
const secondLabels = ["a", "b", "ab"];
const thirdLabels = ["x", "y"];
const keys = ["k1", "k2", "k10", "k3"];
const words = ["tea", "coffee", "kyoto", "berlin", "sailing", "chess", "pizza", "ramen"];
const kinds = ["p", "q", "r"];

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function randomNamespace(random: Random): string[] {
  const namespace = [pick(random, firstLabels)];
  if (random() < 0.8) namespace.push(pick(random, secondLabels));
  if (random() < 0.3) namespace.push(pick(random, thirdLabels));
  return namespace;
}

function randomValue(random: Random): Record<string, unknown> {
  const value: Record<string, unknown> = { text: `${pick(random, words)} ${pick(random, words)}` };
  if (random() < 0.8) value.n = Math.floor(random() * 10);
  if (random() < 0.8) value.kind = pick(random, kinds);
  if (random() < 0.2) value.list = [pick(random, words), { deep: pick(random, kinds) }];
  return value;
}

function randomFilter(random: Random): Record<string, unknown> | undefined {
  const roll = random();
  if (roll < 0.4) return undefined;
  if (roll < 0.55) return { kind: pick(random, kinds) };
  if (roll < 0.65) return { n: { $gt: Math.floor(random() * 10) } };
  if (roll < 0.72) return { n: { $lte: Math.floor(random() * 10) }, kind: { $ne: pick(random, kinds) } };
  if (roll < 0.8) return { kind: { $in: [pick(random, kinds), pick(random, kinds)] } };
  if (roll < 0.88) return { kind: { $nin: [pick(random, kinds)] } };
  if (roll < 0.94) return { n: { $eq: Math.floor(random() * 10) } };
  return { n: { $gte: 2, $lt: 7 } };
}

function randomPrefix(random: Random): string[] {
  const length = Math.floor(random() * 3);
  return randomNamespace(random).slice(0, length);
}

function randomPath(random: Random, length: number): string[] {
  return Array.from({ length }, (_, index) =>
    random() < 0.25
      ? "*"
      : pick(random, index === 0 ? [...firstLabels, ...secondLabels] : [...secondLabels, ...thirdLabels]),
  );
}

function randomOperation(random: Random): Operation {
  const roll = random();
  if (roll < 0.35) {
    const index = random() < 0.15 ? false : random() < 0.3 ? ["text"] : undefined;
    return {
      namespace: randomNamespace(random),
      key: pick(random, keys),
      value: randomValue(random),
      ...(index !== undefined ? { index } : {}),
    };
  }
  if (roll < 0.45) return { namespace: randomNamespace(random), key: pick(random, keys), value: null };
  if (roll < 0.6) return { namespace: randomNamespace(random), key: pick(random, keys) };
  if (roll < 0.85) {
    const filter = randomFilter(random);
    const query = random() < 0.35 ? pick(random, words) : undefined;
    const paged = random() < 0.3;
    return {
      namespacePrefix: randomPrefix(random),
      limit: paged ? 1 + Math.floor(random() * 3) : 1000,
      offset: paged ? Math.floor(random() * 3) : 0,
      ...(filter ? { filter } : {}),
      ...(query ? { query } : {}),
    };
  }
  const matchConditions = [];
  if (random() < 0.5)
    matchConditions.push({
      matchType: "prefix" as const,
      path: randomPath(random, 1 + Math.floor(random() * 2)),
    });
  if (random() < 0.4)
    matchConditions.push({
      matchType: "suffix" as const,
      path: randomPath(random, 1 + Math.floor(random() * 2)),
    });
  return {
    matchConditions: matchConditions.length ? matchConditions : undefined,
    ...(random() < 0.3 ? { maxDepth: 1 + Math.floor(random() * 2) } : {}),
    limit: random() < 0.3 ? 1 + Math.floor(random() * 3) : 100,
    offset: random() < 0.3 ? Math.floor(random() * 2) : 0,
  };
}

/** Removes InMemoryStore's empty namespaces (its "namespace outlives its items" quirk). */
function dropEmptyNamespaces(oracle: InMemoryStore): void {
  const data = (oracle as unknown as { data: Map<string, Map<string, unknown>> }).data;
  for (const [namespace, items] of data) if (items.size === 0) data.delete(namespace);
}

type Shape = Pick<Item, "namespace" | "key" | "value">;
const shape = (item: Item | null | undefined) =>
  item && { namespace: item.namespace, key: item.key, value: item.value };
const id = (item: Shape) => JSON.stringify([item.namespace, item.key]);
const sortedShapes = (items: Item[]) => items.map(shape).sort((a, b) => (id(a!) < id(b!) ? -1 : 1));

/** All the oracle's items under a prefix (label-wise) that pass the filter. */
async function oracleCandidates(oracle: InMemoryStore, operation: SearchOperation): Promise<Item[]> {
  const [all] = await oracle.batch([
    { namespacePrefix: operation.namespacePrefix, filter: operation.filter, limit: 100_000, offset: 0 },
  ]);
  return all!.filter((item) => hasPrefix(item.namespace, operation.namespacePrefix));
}

function compareSearch(
  operation: SearchOperation,
  candidates: Item[],
  ours: SearchItem[],
  where: string,
): void {
  const limit = operation.limit ?? 10;
  const offset = operation.offset ?? 0;
  const candidateIds = new Set(candidates.map(id));
  expect(ours.length, where).toBeLessThanOrEqual(limit);
  for (const item of ours) expect(candidateIds.has(id(item)), `${where}: unexpected ${id(item)}`).toBe(true);
  expect(new Set(ours.map(id)).size, where).toBe(ours.length);
  if (operation.query) {
    const scores = ours.filter((item) => item.score !== undefined).map((item) => item.score!);
    expect(scores, where).toEqual([...scores].sort((a, b) => b - a));
    return;
  }
  if (offset === 0 && limit >= candidates.length) {
    expect(sortedShapes(ours), where).toEqual(sortedShapes(candidates));
  } else {
    expect(ours.length, where).toBe(Math.max(0, Math.min(limit, candidates.length - offset)));
  }
}

async function runSequence(seed: number, engramStore: () => MemoryStore, steps: number): Promise<void> {
  const random = seededRandom(seed);
  const oracle = new InMemoryStore();
  const store = testStore({}, testMemory(engramStore()));
  for (let step = 0; step < steps; step += 1) {
    const batch = Array.from({ length: random() < 0.7 ? 1 : 2 + Math.floor(random() * 3) }, () =>
      randomOperation(random),
    );
    // Reads inside a batch see the state before its puts, in both stores. InMemoryStore returns live item
    // objects that its later puts mutate, so its reads are taken (and copied) before the batch runs.
    const reads = batch.filter((operation) => !("value" in operation));
    const readResults = structuredClone(await oracle.batch(reads)) as unknown[];
    const expected = batch.map((operation) => ("value" in operation ? undefined : readResults.shift()));
    const candidates = await Promise.all(
      batch.map((operation) =>
        "namespacePrefix" in operation ? oracleCandidates(oracle, operation) : undefined,
      ),
    );
    await oracle.batch(batch);
    const actual = await store.batch(batch);
    dropEmptyNamespaces(oracle);
    for (const [position, operation] of batch.entries()) {
      const where = `seed ${seed}, step ${step}, op ${position}: ${JSON.stringify(operation)} in ${JSON.stringify(batch)}`;
      if ("namespacePrefix" in operation)
        compareSearch(operation, candidates[position]!, actual[position] as unknown as SearchItem[], where);
      else if (!("namespace" in operation)) expect(actual[position], where).toEqual(expected[position]);
      else if (!("value" in operation))
        expect(shape(actual[position] as unknown as Item | null), where).toEqual(
          shape(expected[position] as Item | null),
        );
    }
  }
  // The final states agree item for item.
  const everything = await store.search([], { limit: 100_000 });
  const oracleAll = await oracle.search([], { limit: 100_000 });
  expect(everything.length).toBeGreaterThan(0);
  expect(sortedShapes(everything)).toEqual(sortedShapes(oracleAll));
  expect(await store.listNamespaces({ limit: 1000 })).toEqual(await oracle.listNamespaces({ limit: 1000 }));
}

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

const backends: Array<[string, () => MemoryStore]> = [
  ["Engram's in-memory store", () => createInMemoryStore()],
  [
    "SQLite",
    () => {
      const directory = mkdtempSync(path.join(tmpdir(), "engram-langgraph-"));
      directories.push(directory);
      return createSqliteStore({ path: path.join(directory, "memory.db"), durability: "normal" });
    },
  ],
];

describe.each(backends)("EngramStore vs InMemoryStore over %s", (_name, engramStore) => {
  it.each([1, 2, 3, 4])("agrees on a random sequence (seed %i)", async (seed) => {
    await runSequence(seed, engramStore, 150);
  });
});
