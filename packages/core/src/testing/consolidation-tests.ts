import { expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/index.js";
import type { Memory } from "../memory/memory.js";
import type { MemoryOptions } from "../memory/memory-options.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { MemoryItem } from "../types.js";
import { clockedMemory, makeRecord } from "./conformance-context.js";

const day = 24 * 60 * 60 * 1000;
const start = Date.parse("2026-03-02T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** A Memory over the store with a clock the test moves. */
const clocked = (store: MemoryStore, options: Partial<MemoryOptions> = {}) =>
  clockedMemory(store, options, start);

const texts = (items: MemoryItem[]) => items.map((item) => item.memory).sort();

async function addAll(
  memory: Memory,
  scope: { userId: string },
  entries: [string, string?][],
  advance: () => void,
) {
  const ids: string[] = [];
  for (const [text, type] of entries) {
    const { results } = await memory.add(text, { ...scope, infer: false, ...(type ? { type } : {}) });
    ids.push(results[0]!.id);
    advance();
  }
  return ids;
}

/** Consolidation: MERGE, SUPERSEDE, SUMMARIZE, EXPIRE and ARCHIVE on every store, non-destructive and idempotent. */
export function consolidationTests(getStore: () => MemoryStore): void {
  it("merges near-duplicates into the memory that says the most, keeps them reachable, and asOf shows the view before", async () => {
    const { memory, advance, now } = clocked(getStore());
    const user = { userId: "merge" };
    const [sushi, richer, ramen, noMeat, meat, wish] = await addAll(
      memory,
      user,
      [
        ["Loves sushi", "preference"],
        ["Really loves sushi from Tokyo", "preference"],
        ["Loves sushi and ramen", "preference"],
        ["Does not eat meat"],
        ["Eats meat"],
        ["Wants to visit Japan"],
      ],
      () => advance(day),
    );
    await memory.add("Visited Japan", { ...user, infer: false });
    const before = iso(now());
    advance(day);
    const plan = await memory.consolidate({ ...user, dryRun: true });
    const ops = plan.steps.map((step) => [step.op, step.targetId, [...step.memoryIds].sort()]);
    // "Loves sushi" is in both richer memories; it goes into the first by richness (equal terms: the longer text).
    expect(ops).toContainEqual(["MERGE", richer, [sushi]]);
    // The opposite statement that came later replaces the earlier one.
    expect(ops).toContainEqual(["SUPERSEDE", meat, [noMeat]]);
    // A wish is never folded into a fact, nor ramen into Tokyo.
    expect(plan.steps.flatMap((step) => step.memoryIds)).not.toContain(wish);
    expect(plan.steps.flatMap((step) => step.memoryIds)).not.toContain(ramen);
    expect(plan.steps.every((step) => step.status === "planned" && step.by === "rules")).toBe(true);
    expect(texts((await memory.getAll(user)).results)).toHaveLength(7); // a dry run changes nothing

    const report = await memory.consolidate(user);
    expect(report.steps.map((step) => step.id)).toEqual(plan.steps.map((step) => step.id)); // deterministic
    expect(report.applied).toBe(plan.steps.length);
    const active = texts((await memory.getAll(user)).results);
    expect(active).not.toContain("Loves sushi");
    expect(active).not.toContain("Does not eat meat");
    expect(active).toEqual(
      [
        "Eats meat",
        "Loves sushi and ramen",
        "Really loves sushi from Tokyo",
        "Visited Japan",
        "Wants to visit Japan",
      ].sort(),
    );
    const merged = await memory.get(sushi!, user);
    expect(merged).toMatchObject({ state: "merged", mergedInto: richer });
    expect((await memory.get(noMeat!, user))!).toMatchObject({ state: "superseded", supersededBy: meat });
    const kept = await memory.get(richer!, user);
    expect(kept!.sources.length).toBeGreaterThanOrEqual(1);
    expect((await memory.history(sushi!, user)).at(-1)).toMatchObject({
      event: "MERGE",
      actor: "consolidation",
      details: { mergedInto: richer },
    });
    expect((await memory.history(richer!, user)).at(-1)).toMatchObject({
      event: "MERGE",
      details: { merged: [sushi] },
    });
    expect(texts((await memory.getAll({ ...user, include: ["merged"] })).results)).toContain("Loves sushi");
    // The view before the run is still there.
    expect(texts((await memory.getAll({ ...user, asOf: before })).results)).toHaveLength(7);
    // Idempotent: nothing left to do.
    expect((await memory.consolidate(user)).steps).toEqual([]);
  });

  it("condenses a past month's episodes into one summary derived from them; the episodes are archived and still searchable", async () => {
    const { memory, advance, now } = clocked(getStore());
    const user = { userId: "summary" };
    const march = await addAll(
      memory,
      user,
      [
        ["Went hiking with Sam on Mount Tam", "episode"],
        ["Finished the quarterly report", "episode"],
        ["Had dinner at Luigi's with Ana", "episode"],
      ],
      () => advance(3 * day),
    );
    const [fact] = await addAll(memory, user, [["Speaks Portuguese"]], () => undefined);
    advance(45 * day); // mid April: March ended more than 30 days ago? Not yet.
    expect((await memory.consolidate({ ...user, dryRun: true })).steps).toEqual([]);
    advance(20 * day); // early May
    const [april] = await addAll(memory, user, [["Ran a 10k race", "episode"]], () => undefined);
    const before = iso(now());
    advance(day);
    const report = await memory.consolidate(user);
    expect(report.steps).toHaveLength(1);
    const [step] = report.steps;
    expect(step).toMatchObject({ op: "SUMMARIZE", status: "applied", by: "rules" });
    expect([...step!.memoryIds].sort()).toEqual([...march].sort());
    const summary = await memory.get(step!.targetId!, user);
    expect(summary).toMatchObject({
      type: "summary",
      state: "active",
      metadata: { period: "2026-03", condensed: 3 },
    });
    expect(summary!.memory).toBe(
      "In March 2026: went hiking with Sam on Mount Tam; finished the quarterly report; had dinner at Luigi's with Ana.",
    );
    expect([...summary!.derivedFrom!].sort()).toEqual([...march].sort());
    for (const id of march) {
      const episode = await memory.get(id, user);
      expect(episode!.state).toBe("archived");
      expect((await memory.history(id, user)).at(-1)).toMatchObject({
        event: "ARCHIVE",
        details: { summarizedInto: summary!.id },
      });
    }
    expect((await memory.history(summary!.id, user))[0]).toMatchObject({ event: "SUMMARIZE" });
    const active = texts((await memory.getAll(user)).results);
    expect(active).toEqual([summary!.memory, "Ran a 10k race", "Speaks Portuguese"].sort());
    expect(active).not.toContain(undefined);
    // A detail of an episode still finds the summary.
    const found = await memory.search("Luigi's dinner", { ...user, limit: 3 });
    expect(found.results.map((item) => item.id)).toContain(summary!.id);
    // asOf before the run: the episodes, no summary.
    const past = (await memory.getAll({ ...user, asOf: before })).results.map((item) => item.id).sort();
    expect(past).toEqual([...march, fact!, april!].sort());
    expect((await memory.consolidate(user)).steps).toEqual([]);

    // Forgetting an episode forgets the summary that repeats it; the other episodes come back, to be summarised anew.
    await memory.delete(march[2]!, user);
    expect(await memory.get(summary!.id, user)).toBeNull();
    expect((await memory.get(march[0]!, user))!.state).toBe("active");
    const exported = JSON.stringify(await memory.export(user));
    expect(exported).not.toContain("Luigi");
    const resummarised = await memory.consolidate(user);
    expect(resummarised.steps.map((next) => next.memory)).toEqual([
      "In March 2026: went hiking with Sam on Mount Tam; finished the quarterly report.",
    ]);
  });

  it("retires memories that a newer one contradicts: several values of one slot, and a feedback correction", async () => {
    const store = getStore();
    const { memory, advance, now } = clocked(store);
    const user = { userId: "slots" };
    // Two current homes, as two writers that missed each other would leave them.
    const lisbon = makeRecord("Lives in Lisbon", user, { slot: "location", validFrom: iso(now() - 2 * day) });
    const porto = makeRecord("Lives in Porto", user, { slot: "location", validFrom: iso(now() - day) });
    await store.write({ upserts: [lisbon, porto], deletes: [], history: [] });
    const [job] = (await memory.add("Works at Acme", { ...user, infer: false })).results;
    advance(day);
    const { correctionId } = await memory.feedback(
      job!.id,
      { helpful: false, correction: "Works at Globex since June" },
      user,
    );
    advance(day);
    const report = await memory.consolidate(user);
    const ops = report.steps.map((step) => [step.op, step.targetId, step.memoryIds]);
    expect(ops).toContainEqual(["SUPERSEDE", porto.id, [lisbon.id]]);
    expect(ops).toContainEqual(["SUPERSEDE", correctionId, [job!.id]]);
    expect(texts((await memory.getAll(user)).results)).toEqual([
      "Lives in Porto",
      "Works at Globex since June",
    ]);
    expect((await memory.get(job!.id, user))!).toMatchObject({
      state: "superseded",
      supersededBy: correctionId,
    });
    expect((await memory.consolidate(user)).steps).toEqual([]);
  });

  it("applies a TTL policy to memories written before it, never expiring them in the past", async () => {
    const store = getStore();
    const first = clocked(store);
    const user = { userId: "ttl" };
    const [old] = (
      await first.memory.add("Renew the passport", { ...user, type: "task_state", infer: false })
    ).results;
    const later = clocked(store, { lifecycle: { ttl: { task_state: "7d" } } });
    later.advance(10 * day);
    const [fresh] = (
      await later.memory.add("Book the dentist", { ...user, type: "task_state", infer: false })
    ).results;
    const report = await later.memory.consolidate(user);
    expect(report.steps).toEqual([
      expect.objectContaining({
        op: "EXPIRE",
        memoryIds: [old!.id],
        expiresAt: iso(later.now()),
        status: "applied",
      }),
    ]);
    expect((await later.memory.get(old!.id, user))!.state).toBe("expired");
    expect((await later.memory.get(fresh!.id, user))!.state).toBe("active");
    expect((await later.memory.history(old!.id, user)).at(-1)).toMatchObject({ event: "EXPIRE" });
    // Before the run it was active.
    expect(
      (await later.memory.getAll({ ...user, asOf: iso(later.now() - 1) })).results.map((item) => item.id),
    ).toContain(old!.id);
  });

  it("resumes from a cursor, applies only accepted steps, and leaves refused steps to the write guards", async () => {
    const { memory, advance } = clocked(getStore(), {
      extraction: {
        beforeWrite: (candidate) => !(candidate.event === "DELETE" && candidate.memory.includes("tea")),
      },
    });
    const user = { userId: "cursor" };
    await addAll(
      memory,
      user,
      [
        ["Likes tea"],
        ["Likes green tea"],
        ["Plays chess"],
        ["Plays chess online"],
        ["Reads novels"],
        ["Reads novels at night"],
      ],
      () => advance(day),
    );
    const plan = await memory.consolidate({ ...user, dryRun: true });
    expect(plan.steps.map((step) => step.op)).toEqual(["MERGE", "MERGE", "MERGE"]);
    const first = await memory.consolidate({ ...user, maxSteps: 1 });
    expect(first.done).toBe(false);
    expect(first.steps.filter((step) => step.status !== "planned")).toHaveLength(1);
    const rest = await memory.consolidate({ ...user, cursor: first.cursor! });
    expect(rest.done).toBe(true);
    // The tea merge is refused by beforeWrite (it never applies); the others are applied once each.
    const statuses = [...first.steps, ...rest.steps].filter((step) => step.status !== "planned");
    expect(statuses.map((step) => step.status).sort()).toEqual(["applied", "applied", "refused"]);
    expect(texts((await memory.getAll(user)).results)).toEqual(
      ["Likes green tea", "Likes tea", "Plays chess online", "Reads novels at night"].sort(),
    );
    // `only` applies just the accepted steps of a plan: here none remain but the refused one.
    const again = await memory.consolidate({ ...user, dryRun: true });
    expect(again.steps).toHaveLength(1);
    const accepted = await memory.consolidate({ ...user, only: [] });
    expect(accepted.steps).toEqual([]);
  });

  it("refuses bad options with a clear error and changes nothing", async () => {
    const { memory } = clocked(getStore());
    const user = { userId: "bad" };
    await memory.add("Loves sushi", { ...user, infer: false });
    // Stored as two memories for consolidation to find (add itself would report the second as a near-duplicate).
    await memory.add("Really loves sushi", { ...user, infer: false, deduplicate: "exact" });
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ mergeAll: true }, /mergeAll/u],
      [{ cursor: "nope" }, /options\.cursor/u],
      [{ maxSteps: 0 }, /options\.maxSteps/u],
      [{ since: "yesterday" }, /options\.since/u],
      [{ summarize: { period: "year" } }, /options\.summarize\.period/u],
      [{ only: "merge-1" }, /options\.only/u],
      [{ useModel: true }, /useModel.*llm/u],
    ];
    for (const [options, message] of bad) {
      const call = memory.consolidate({ ...user, ...options } as never);
      await expect(call).rejects.toThrow(InvalidArgumentError);
      await expect(memory.consolidate({ ...user, ...options } as never)).rejects.toThrow(message);
    }
    await expect(memory.consolidate({} as never)).rejects.toThrow(InvalidArgumentError);
    expect((await memory.getAll(user)).results).toHaveLength(2);
    expect(() =>
      clocked(getStore(), { lifecycle: { consolidate: { summarize: { minMemories: 1 } } } }),
    ).toThrow(/lifecycle\.consolidate\.summarize\.minMemories/u);
  });
}
