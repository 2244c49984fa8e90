import { expect, it } from "vitest";
import { InvalidArgumentError, WriteRejectedError } from "../errors/index.js";
import { Memory } from "../memory/memory.js";
import type { MemoryOptions } from "../memory/memory-options.js";
import type { MaintainReport } from "../memory/maintain.js";
import { scheduleMaintenance } from "../memory/schedule-maintenance.js";
import type { MemoryStore } from "../store/memory-store.js";
import { clockedMemory, conformanceEmbedder, listAll, makeRecord, queryFor } from "./conformance-context.js";

const day = 24 * 60 * 60 * 1000;
const start = Date.parse("2026-03-01T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** A Memory over the store with a clock the test moves. */
const clocked = (store: MemoryStore, options: Partial<MemoryOptions> = {}) =>
  clockedMemory(store, options, start);

const texts = async (memory: Memory, options: Parameters<Memory["getAll"]>[0]) =>
  (await memory.getAll(options)).results.map((item) => item.memory).sort();

/** Lifecycle: expiry, archive and the states reads derive from them, in the store and through the API. */
export function lifecycleTests(getStore: () => MemoryStore): void {
  it("keeps expiresAt and archivedAt, and leaves them out of default reads from that instant (asOf included)", async () => {
    const store = getStore();
    const user = { userId: "life" };
    const expiring = makeRecord("Parcel arrives Friday", user, {
      validFrom: iso(start),
      expiresAt: iso(start + 2 * day),
    });
    const archived = makeRecord("Old hobby: chess", user, {
      validFrom: iso(start),
      archivedAt: iso(start + day),
    });
    const plain = makeRecord("Lives in Oslo", user, { validFrom: iso(start) });
    await store.write({ upserts: [expiring, archived, plain], deletes: [], history: [] });
    const [stored] = await store.get([expiring.id], null);
    expect(stored!.expiresAt).toBe(expiring.expiresAt);
    expect((await store.get([archived.id], null))[0]!.archivedAt).toBe(archived.archivedAt);
    const ids = async (asOf: number) =>
      (await store.list({ scope: user, limit: 10, asOf: iso(asOf) })).records
        .map((record) => record.id)
        .sort();
    expect(await ids(start + day / 2)).toEqual([expiring.id, archived.id, plain.id].sort());
    expect(await ids(start + day)).toEqual([expiring.id, plain.id].sort()); // archived at exactly this instant
    expect(await ids(start + 2 * day)).toEqual([plain.id]); // expired at exactly this instant
    expect((await store.list({ scope: user, limit: 10, includeInvalid: true })).records).toHaveLength(3);
    const found = await store.search({
      ...queryFor("Parcel arrives Friday", user),
      asOf: iso(start + 3 * day),
    });
    expect(found.map((candidate) => candidate.record.id)).not.toContain(expiring.id);
    const before = await store.search({ ...queryFor("Parcel arrives Friday", user), asOf: iso(start + day) });
    expect(before.map((candidate) => candidate.record.id)).toContain(expiring.id);
    expect(
      (await listAll(store, user, true)).find((record) => record.id === plain.id)?.expiresAt,
    ).toBeUndefined();
  });

  it("expires memories by expiresAt or the type's TTL the moment the clock passes it, with no job running", async () => {
    const { memory, advance, now } = clocked(getStore(), { lifecycle: { ttl: { episode: "7d" } } });
    const user = { userId: "ttl" };
    const [episode] = (await memory.add("Had a call with the bank", { ...user, type: "episode" })).results;
    const [note] = (await memory.add("Parcel arrives Friday", { ...user, expiresAt: new Date(now() + day) }))
      .results;
    const [forever] = (await memory.add("Has a cat", { ...user, type: "episode", expiresAt: null })).results;
    expect((await memory.get(episode!.id, user))!.expiresAt).toBe(iso(start + 7 * day));
    expect((await memory.get(forever!.id, user))!.expiresAt).toBeUndefined();
    advance(day - 1);
    expect(await texts(memory, user)).toEqual([
      "Had a call with the bank",
      "Has a cat",
      "Parcel arrives Friday",
    ]);
    advance(1);
    expect(await texts(memory, user)).toEqual(["Had a call with the bank", "Has a cat"]);
    expect((await memory.search("parcel Friday", user)).results.map((item) => item.id)).not.toContain(
      note!.id,
    );
    // Still readable by id, and on request, with its state; the past view keeps it.
    expect((await memory.get(note!.id, user))!.state).toBe("expired");
    const listed = (await memory.getAll({ ...user, include: ["expired"] })).results;
    expect(listed.find((item) => item.id === note!.id)?.state).toBe("expired");
    expect((await memory.search("parcel Friday", { ...user, include: ["expired"] })).results[0]!.id).toBe(
      note!.id,
    );
    expect(await texts(memory, { ...user, asOf: new Date(start + day / 2) })).toContain(
      "Parcel arrives Friday",
    );
    advance(6 * day);
    expect(await texts(memory, user)).toEqual(["Has a cat"]);
    // A new expiry brings it back; null clears it.
    await memory.update(episode!.id, { expiresAt: null }, user);
    const renewed = await memory.get(episode!.id, user);
    expect([renewed!.state, renewed!.expiresAt, renewed!.version]).toEqual(["active", undefined, 2]);
  });

  it("purgeExpired is the only path from expired to forgotten, and leaves content-free entries", async () => {
    const { memory, advance } = clocked(getStore(), { lifecycle: { ttl: { episode: "1d" } } });
    const user = { userId: "purge" };
    const [old] = (await memory.add("Booked table at Nopa", { ...user, type: "episode" })).results;
    advance(2 * day);
    const [recent] = (await memory.add("Booked flight to Rome", { ...user, type: "episode" })).results;
    await memory.add("Vegetarian", user);
    advance(day);
    expect(await texts(memory, user)).toEqual(["Vegetarian"]);
    expect(await memory.purgeExpired({ ...user, olderThan: "36h" })).toEqual({ purged: 1 });
    expect(await memory.get(old!.id, user)).toBeNull();
    expect((await memory.get(recent!.id, user))!.state).toBe("expired");
    const history = await memory.history(old!.id, user);
    expect(history.map((entry) => [entry.event, entry.newValue, entry.previousValue])).toEqual([
      ["ADD", null, null],
      ["DELETE", null, null],
    ]);
    expect(history[1]!.details).toEqual({ reason: "expired" });
    expect(JSON.stringify(await memory.export(user))).not.toContain("Nopa");
    expect(await memory.purgeExpired({ anyScope: true })).toEqual({ purged: 1 });
    expect(await texts(memory, { ...user, include: ["expired"] })).toEqual(["Vegetarian"]);
  });

  it("telling an expired or archived fact again brings that memory back instead of reporting it known", async () => {
    const { memory, advance } = clocked(getStore(), { lifecycle: { ttl: { fact: "10d" } } });
    const user = { userId: "again" };
    const [gym] = (await memory.add("Goes to the gym on Mondays", user)).results;
    advance(11 * day);
    expect(await texts(memory, user)).toEqual([]);
    const again = await memory.add("Goes to the gym on Mondays", user);
    expect(again.results).toEqual([expect.objectContaining({ id: gym!.id, event: "UPDATE" })]);
    const renewed = await memory.get(gym!.id, user);
    expect([renewed!.state, renewed!.expiresAt]).toEqual(["active", iso(start + 21 * day)]);
    await memory.archive(gym!.id, user);
    const restored = await memory.add("Goes to the gym on Mondays", user);
    expect(restored.results[0]).toMatchObject({ id: gym!.id, event: "UPDATE" });
    expect((await memory.get(gym!.id, user))!.state).toBe("active");
    expect((await memory.getAll(user)).results).toHaveLength(1);
  });

  it("archive and restore: versioned, in history, out of default reads, found with include archived", async () => {
    const { memory, advance } = clocked(getStore());
    const user = { userId: "arch" };
    const [chess] = (await memory.add("Plays chess on weekends", user)).results;
    advance(1000);
    const archived = await memory.archive(chess!.id, user);
    expect([archived.state, archived.version, archived.archivedAt]).toEqual([
      "archived",
      2,
      iso(start + 1000),
    ]);
    expect(await memory.archive(chess!.id, user)).toMatchObject({ version: 2 }); // already archived: no change
    expect((await memory.search("chess weekends", user)).results).toEqual([]);
    expect(
      (await memory.search("chess weekends", { ...user, include: ["archived"] })).results[0],
    ).toMatchObject({
      id: chess!.id,
      state: "archived",
    });
    const block = await memory.buildContext("chess weekends", { ...user, tokenBudget: 200 });
    expect(block.ids).toEqual([]);
    expect(
      (await memory.buildContext("chess weekends", { ...user, tokenBudget: 200, include: ["archived"] })).ids,
    ).toEqual([chess!.id]);
    expect(await texts(memory, { ...user, asOf: new Date(start + 500) })).toEqual([
      "Plays chess on weekends",
    ]);
    advance(1000);
    const restored = await memory.restore(chess!.id, user);
    expect([restored.state, restored.version, restored.archivedAt]).toEqual(["active", 3, undefined]);
    expect((await memory.history(chess!.id, user)).map((entry) => entry.event)).toEqual([
      "ADD",
      "ARCHIVE",
      "RESTORE",
    ]);
    expect((await memory.search("chess weekends", user)).results[0]!.id).toBe(chess!.id);
    await expect(memory.archive(chess!.id, { userId: "someone-else" })).rejects.toThrow(/No memory/u);
  });

  it("archive is a guarded write, and lifecycle input is checked before anything changes", async () => {
    const store = getStore();
    const scope = { userId: "guard", agentId: "reader" };
    const { memory } = clocked(store, { extraction: { agentPolicies: { reader: { events: ["ADD"] } } } });
    const [item] = (await memory.add("Likes jazz", scope)).results;
    await expect(memory.archive(item!.id, scope)).rejects.toThrow(WriteRejectedError);
    expect((await memory.get(item!.id, scope))!.state).toBe("active");
    await expect(memory.add("x", { ...scope, expiresAt: "next tuesday" })).rejects.toThrow(
      /options\.expiresAt/u,
    );
    await expect(memory.update(item!.id, { expiresAt: 5 as never }, scope)).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(memory.getAll({ ...scope, include: ["deleted" as never] })).rejects.toThrow(
      /options\.include/u,
    );
    await expect(memory.purgeExpired({ ...scope, olderThan: "soon" })).rejects.toThrow(/options\.olderThan/u);
    expect(() => clocked(store, { lifecycle: { ttl: { episode: "forever" } } })).toThrow(
      /lifecycle\.ttl\.episode/u,
    );
    expect(() => clocked(store, { lifecycle: { tll: {} } as never })).toThrow(/did you mean ttl/u);
    expect((await memory.getAll(scope)).results.map((entry) => entry.version)).toEqual([1]);
  });

  it("review before remembering: held memories are out of every read until approved; rejected ones are forgotten", async () => {
    const store = getStore();
    const seen: string[] = [];
    const { memory, advance } = clocked(store, {
      extraction: {
        beforeWrite: (candidate) => {
          seen.push(candidate.event);
          return /diagnos/iu.test(candidate.memory) ? "pending" : undefined;
        },
      },
    });
    const user = { userId: "review" };
    const added = await memory.add("Was diagnosed with asthma", user);
    const [held] = added.results;
    expect(held).toMatchObject({ event: "ADD", pending: true });
    await memory.add("Likes hiking", user);
    const [other] = (await memory.add("Diagnosed with hay fever", user)).results;
    // Out of every read: search, getAll, buildContext, get by id.
    expect(await texts(memory, user)).toEqual(["Likes hiking"]);
    expect((await memory.search("asthma diagnosed", user)).results.map((item) => item.memory)).not.toContain(
      "Was diagnosed with asthma",
    );
    expect((await memory.buildContext("asthma", { ...user, tokenBudget: 200 })).ids).not.toContain(held!.id);
    expect(await memory.get(held!.id, user)).toBeNull();
    expect((await memory.get(held!.id, { ...user, include: ["pending"] }))!.state).toBe("pending");
    expect((await memory.listPending(user)).results.map((item) => item.memory).sort()).toEqual([
      "Diagnosed with hay fever",
      "Was diagnosed with asthma",
    ]);
    // Telling it again while it waits stores nothing new.
    expect((await memory.add("Was diagnosed with asthma", user)).results[0]).toMatchObject({
      id: held!.id,
      event: "NONE",
    });
    advance(1000);
    const approved = await memory.approve(held!.id, user);
    expect([approved.state, approved.version]).toEqual(["active", 2]);
    expect((await memory.search("asthma diagnosed", user)).results[0]!.id).toBe(held!.id);
    // The past view before approval does not know it.
    expect(await texts(memory, { ...user, asOf: new Date(start + 500) })).toEqual(["Likes hiking"]);
    expect((await memory.history(held!.id, user)).map((entry) => entry.event)).toEqual(["ADD", "APPROVE"]);
    await expect(memory.approve(held!.id, user)).rejects.toThrow(/not waiting for review/u);
    // A change the hook would hold cannot wait for review: it is not made.
    await expect(
      memory.update(held!.id, { memory: "Was diagnosed with asthma in 2019" }, user),
    ).rejects.toThrow(WriteRejectedError);
    expect((await memory.get(held!.id, user))!.version).toBe(2);
    expect(await memory.reject(other!.id, user)).toEqual({ id: other!.id, deleted: true });
    expect(await memory.get(other!.id, { ...user, include: ["pending"] })).toBeNull();
    expect((await memory.history(other!.id, user)).at(-1)).toMatchObject({
      event: "DELETE",
      details: { reason: "rejected" },
    });
    expect((await memory.listPending(user)).results).toEqual([]);
    expect(seen).toContain("ADD");
  });

  it("an agent policy with review holds that agent's new memories; other agents write directly", async () => {
    const { memory } = clocked(getStore(), { extraction: { agentPolicies: { intern: { review: true } } } });
    const intern = { userId: "team", agentId: "intern" };
    const [draft] = (await memory.add("Client prefers email", intern)).results;
    expect(draft!.pending).toBe(true);
    expect(
      (await memory.add("Client is in Lisbon", { userId: "team", agentId: "lead" })).results[0]!.pending,
    ).toBeUndefined();
    expect(await texts(memory, { userId: "team" })).toEqual(["Client is in Lisbon"]);
    expect((await memory.listPending({ userId: "team" })).results.map((item) => item.id)).toEqual([
      draft!.id,
    ]);
    await memory.approve(draft!.id, { userId: "team" });
    expect(await texts(memory, { userId: "team" })).toEqual(["Client is in Lisbon", "Client prefers email"]);
    expect(() =>
      clocked(getStore(), { extraction: { agentPolicies: { x: { review: "yes" as never } } } }),
    ).toThrow(/agentPolicies\.x\.review/u);
  });

  it("importance: given by the caller, estimated offline otherwise, and weighed in search only when asked", async () => {
    const store = getStore();
    const { memory } = clocked(store);
    const user = { userId: "imp" };
    const facts = await memory.add(
      [
        {
          role: "user",
          content: "Please remember that my daughter Ana was born on May 3, 2019. I had a coffee today.",
        },
      ],
      { ...user, infer: true },
    );
    const byText = new Map(facts.results.map((item) => [item.memory, item.id]));
    const items = await Promise.all([...byText.values()].map((id) => memory.get(id, user)));
    const importance = new Map(items.map((item) => [item!.memory, item!.importance]));
    const [birthday] = [...importance.entries()].filter(([text]) => /born|birthday|daughter/iu.test(text));
    expect(birthday, JSON.stringify([...importance])).toBeDefined();
    expect(birthday![1]).toBeGreaterThanOrEqual(0.9);
    const [given] = (await memory.add("Parking spot is B12", { ...user, importance: 0.2 })).results;
    expect((await memory.get(given!.id, user))!.importance).toBe(0.2);
    const [other] = (await memory.add("Parking spot is C7 at work", { ...user, importance: 0.9 })).results;
    // Off by default: importance does not change scores; with a weight it does, and explain shows it.
    const plain = await memory.search("parking spot", { ...user, explain: true });
    const low = plain.results.find((item) => item.id === given!.id)!;
    expect(low.explanation).toMatchObject({ importance: 0.2, importanceFactor: 1 });
    const weighted = new Memory({
      store,
      embedder: conformanceEmbedder,
      retrieval: { importanceWeight: 0.5 },
    });
    const ranked = await weighted.search("parking spot", { ...user, explain: true });
    const lowWeighted = ranked.results.find((item) => item.id === given!.id)!;
    expect(lowWeighted.explanation).toMatchObject({ importance: 0.2, importanceFactor: 0.6 });
    expect(lowWeighted.explanation!.weights.importance).toBe(0.5);
    expect(ranked.results.findIndex((item) => item.id === other!.id)).toBeLessThan(
      ranked.results.findIndex((item) => item.id === given!.id),
    );
    await memory.update(given!.id, { importance: 1 }, user);
    expect((await memory.get(given!.id, user))!.importance).toBe(1);
    await expect(memory.add("x y", { ...user, importance: 2 })).rejects.toThrow(/options\.importance/u);
    expect(
      () => new Memory({ store, embedder: conformanceEmbedder, retrieval: { importanceWeight: -1 } }),
    ).toThrow(/retrieval\.importanceWeight/u);
  });

  it("feedback: in history with its note, moves importance, stores a correction; erased with the memory", async () => {
    const { memory } = clocked(getStore());
    const user = { userId: "fb" };
    const [city] = (await memory.add("Lives in Lisbon", { ...user, importance: 0.5 })).results;
    const up = await memory.feedback(city!.id, { helpful: true }, user);
    expect([up.memory.importance, up.memory.version]).toEqual([0.6, 2]);
    const down = await memory.feedback(
      city!.id,
      { helpful: false, note: "moved last year", correction: "Lives in Porto since 2025" },
      user,
    );
    expect(down.memory.importance).toBe(0.4);
    expect(down.correctionId).toBeDefined();
    const correction = await memory.get(down.correctionId!, user);
    expect(correction).toMatchObject({
      memory: "Lives in Porto since 2025",
      type: "feedback",
      metadata: { about: city!.id },
    });
    const history = await memory.history(city!.id, user);
    expect(history.map((entry) => entry.event)).toEqual(["ADD", "FEEDBACK", "FEEDBACK"]);
    expect(history[2]!.details).toMatchObject({ helpful: false, note: "moved last year", importance: 0.4 });
    await memory.delete(city!.id, user);
    expect(JSON.stringify(await memory.history(city!.id, user))).not.toContain("moved last year");
    await expect(memory.feedback(down.correctionId!, { helpful: "yes" } as never, user)).rejects.toThrow(
      /helpful: true \| false/u,
    );
    await expect(
      memory.feedback(down.correctionId!, { helpful: true, rating: 5 } as never, user),
    ).rejects.toThrow(/feedback\.rating/u);
  });

  it("feedback is a guarded write", async () => {
    const scope = { userId: "fbg", agentId: "viewer" };
    const { memory } = clocked(getStore(), {
      extraction: { agentPolicies: { viewer: { events: ["ADD"] } } },
    });
    const [item] = (await memory.add("Prefers tea", scope)).results;
    await expect(memory.feedback(item!.id, { helpful: false }, scope)).rejects.toThrow(WriteRejectedError);
    expect((await memory.get(item!.id, scope))!.version).toBe(1);
  });

  it("addEvent records what agents do as episodes with their own source role, under the episode TTL", async () => {
    const { memory } = clocked(getStore(), { lifecycle: { ttl: { episode: "30d" } } });
    const user = { userId: "events", agentId: "concierge" };
    const call = {
      kind: "tool" as const,
      name: "book_table",
      input: { at: "Nopa", people: 2 },
      output: "booked 19:30",
    };
    const [first] = (await memory.addEvent(call, user)).results;
    const [again] = (await memory.addEvent(call, user)).results;
    const [done] = (
      await memory.addEvent(
        { kind: "event", name: "task-finished", text: "Finished planning the Rome trip" },
        user,
      )
    ).results;
    expect(first!.id).not.toBe(again!.id); // events repeat: each one is kept
    const stored = await memory.get(first!.id, user);
    expect(stored).toMatchObject({
      memory: 'Called book_table with {"at":"Nopa","people":2} → booked 19:30',
      type: "episode",
      sources: [{ role: "tool", name: "book_table" }],
      metadata: { event: "book_table" },
      expiresAt: iso(start + 30 * day),
    });
    expect(await memory.get(done!.id, user)).toMatchObject({
      sources: [{ role: "event", name: "task-finished" }],
    });
    expect((await memory.search("table booking Nopa", user)).results[0]!.id).toBeDefined();
    await expect(memory.addEvent({ kind: "thought", name: "x" } as never, user)).rejects.toThrow(
      /kind: "tool" \| "event"/u,
    );
    await expect(memory.addEvent({ kind: "tool", name: "" }, user)).rejects.toThrow(/event\.name/u);
    await expect(memory.addEvent(call, {} as never)).rejects.toThrow(InvalidArgumentError);
  });

  it("access tracking counts reads off the read path, and access decay ranks often-read memories higher, within bounds", async () => {
    const store = getStore();
    if (!store.touch) {
      // A store that cannot count reads says so instead of silently not decaying.
      const { memory } = clocked(store, { lifecycle: { trackAccess: true } });
      await expect(memory.search("x", { userId: "u" })).rejects.toThrow(/cannot count reads/u);
      return;
    }
    const lifecycle = { trackAccess: { flushEveryMs: 0 } };
    const { memory, advance, now } = clocked(store, { lifecycle });
    const user = { userId: "reads" };
    const [read] = (await memory.add("Favourite cafe is Zeit on Main street", user)).results;
    const [unread] = (await memory.add("Favourite cafe was Lume on Main street", user)).results;
    advance(60 * day);
    for (let index = 0; index < 4; index++) await memory.get(read!.id, user);
    await memory.search("Zeit cafe", { ...user, limit: 1 });
    // Read through the store, which counts nothing: four gets and one search.
    const [counted] = await store.get([read!.id], null);
    expect(counted!.accessCount).toBe(5);
    expect(counted!.lastAccessedAt).toBe(iso(now()));
    expect((await store.get([unread!.id], null))[0]!.accessCount).toBeUndefined(); // never read (store.get counts nothing)
    // Counting is not a change: no new version, no history entry.
    expect(counted!.version).toBe(1);
    expect(await memory.history(read!.id, user)).toHaveLength(1);
    const decaying = new Memory({
      store,
      embedder: conformanceEmbedder,
      lifecycle,
      retrieval: { accessDecay: { halfLifeDays: 30, floor: 0.5, ceiling: 1.2 } },
      _internal: { now: () => new Date(now()) },
    });
    const found = await decaying.search("favourite cafe on Main street", { ...user, explain: true });
    const factor = (id: string) => found.results.find((item) => item.id === id)!.explanation!.access;
    expect(factor(read!.id)).toBeGreaterThan(factor(unread!.id));
    expect(factor(unread!.id)).toBeGreaterThanOrEqual(0.5);
    expect(factor(read!.id)).toBeLessThanOrEqual(1.2);
    expect(found.results[0]!.id).toBe(read!.id);
    await decaying.close();
    expect(
      () =>
        new Memory({
          store,
          embedder: conformanceEmbedder,
          retrieval: { accessDecay: { halfLifeDays: 30 } },
        }),
    ).toThrow(/lifecycle\.trackAccess/u);
    expect(() => clocked(store, { lifecycle: { trackAccess: { flushEveryMs: -1 } } })).toThrow(
      /flushEveryMs/u,
    );
  });

  it("maintain() archives what nobody read for long and purges old expired memories; dryRun only plans", async () => {
    const store = getStore();
    const tracked = Boolean(store.touch);
    const { memory, advance } = clocked(store, {
      lifecycle: {
        ttl: { task_state: "7d" },
        archive: [{ unaccessedFor: "90d", types: ["episode"] }],
        purgeExpiredAfter: "30d",
        // Archiving and purging only: consolidation (which would summarise the old episodes) is tested on its own.
        consolidate: false,
        ...(tracked ? { trackAccess: { flushEveryMs: 0 } } : {}),
      },
    });
    const user = { userId: "maint" };
    const [trip] = (await memory.add("Visited Kyoto in spring", { ...user, type: "episode" })).results;
    const [walk] = (await memory.add("Walked along the Kamo river", { ...user, type: "episode" })).results;
    const [fact] = (await memory.add("Speaks Japanese", user)).results;
    const [task] = (await memory.add("Renew the passport", { ...user, type: "task_state" })).results;
    advance(60 * day);
    if (tracked)
      await memory.get(walk!.id, user); // read: it stays
    else await memory.update(walk!.id, { memory: "Walked along the Kamo river at night" }, user); // changed: it stays
    advance(40 * day);
    const plan = await memory.maintain({ ...user, dryRun: true });
    expect(plan).toMatchObject({ archived: [trip!.id], purged: 1, refused: 0, dryRun: true });
    expect(plan.consolidation.steps.map((step) => [step.op, step.status])).toEqual([["ARCHIVE", "planned"]]);
    // Checked through the store: a read through the Memory would count as an access and save it from archival.
    expect((await store.get([trip!.id], null))[0]!.archivedAt).toBeUndefined();
    const progress: number[] = [];
    const report = await memory.maintain({
      ...user,
      onProgress: (step) => progress.push(step.archived.length),
    });
    expect(report).toMatchObject({ archived: [trip!.id], purged: 1, refused: 0, dryRun: false });
    expect(progress.length).toBeGreaterThan(0);
    expect((await memory.get(trip!.id, user))!.state).toBe("archived");
    expect((await memory.history(trip!.id, user)).at(-1)).toMatchObject({
      event: "ARCHIVE",
      actor: "maintenance",
    });
    expect(await memory.get(task!.id, user)).toBeNull(); // expired 93 days ago: forgotten
    expect((await memory.get(fact!.id, user))!.state).toBe("active"); // not an episode
    expect((await memory.get(walk!.id, user))!.state).toBe("active");
    // Idempotent: a second run finds nothing to do.
    const again = await memory.maintain(user);
    expect(again).toMatchObject({ archived: [], purged: 0, refused: 0, dryRun: false });
    expect(again.consolidation.steps).toEqual([]);
    await expect(memory.maintain({ ...user, archive: [{ unaccessedFor: "a while" }] })).rejects.toThrow(
      /options\.archive\[0\]\.unaccessedFor/u,
    );
  });

  it("scheduleMaintenance runs maintain() on a timer over the given scopes until stopped", async () => {
    const { memory, advance } = clocked(getStore(), { lifecycle: { archive: [{ unaccessedFor: "1d" }] } });
    const scopes = [{ userId: "sched-a" }, { userId: "sched-b" }];
    const [a] = (await memory.add("Likes rowing", scopes[0]!)).results;
    const [b] = (await memory.add("Likes sailing", scopes[1]!)).results;
    advance(2 * day);
    let resolveRun: (reports: MaintainReport[]) => void = () => undefined;
    const ran = new Promise<MaintainReport[]>((resolve) => {
      resolveRun = resolve;
    });
    const schedule = scheduleMaintenance(memory, {
      every: 10,
      scopes,
      onRun: (reports) => resolveRun(reports),
    });
    const reports = await ran;
    await schedule.stop();
    expect(reports.map((report) => report.archived)).toEqual([[a!.id], [b!.id]]);
    expect(() => scheduleMaintenance(memory, { every: "often" })).toThrow(/options\.every/u);
  });
}
