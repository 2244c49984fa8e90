import { expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/index.js";
import type { MemoryStore } from "../store/memory-store.js";
import { latestAcceptedDate } from "../validate/check-date.js";
import { clockedMemory } from "./conformance-context.js";

async function refusal(action: () => Promise<unknown>, argument: string): Promise<void> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(InvalidArgumentError.isInstance(error), `${argument}: ${String(error)}`).toBe(true);
  expect((error as InvalidArgumentError).argument).toBe(argument);
}

/** The accepted date range: every store answers the same at its last instant, and nothing beyond it is taken. */
export function dateRangeTests(getStore: () => MemoryStore): void {
  const scope = { userId: "dates" };

  it("reads asOf 9999-12-31T23:59:59.999Z like any other date, and refuses year 10000 and later", async () => {
    const { memory } = clockedMemory(getStore(), {}, Date.UTC(2026, 0, 1));
    const [current] = (await memory.add("Lives in Lisbon near the river", scope)).results;
    const [ending] = (
      await memory.add("Parcel for the river flat arrives", { ...scope, expiresAt: latestAcceptedDate })
    ).results;
    const latest = [latestAcceptedDate, new Date(latestAcceptedDate)];
    for (const asOf of latest) {
      const found = await memory.search("river", { ...scope, asOf });
      expect(found.results.map((item) => item.id)).toEqual([current!.id]);
      const listed = await memory.getAll({ ...scope, asOf });
      expect(listed.results.map((item) => item.id)).toEqual([current!.id]);
      const block = await memory.buildContext("river", { ...scope, asOf, tokenBudget: 200 });
      expect(block.ids).toEqual([current!.id]);
    }
    // One millisecond earlier the expiring memory is still there.
    const before = await memory.getAll({ ...scope, asOf: "9999-12-31T23:59:59.998Z" });
    expect(before.results.map((item) => item.id).sort()).toEqual([current!.id, ending!.id].sort());
    const exported = await memory.export(scope);
    for (const asOf of [
      "+010000-01-01T00:00:00.000Z",
      new Date(Date.UTC(10_000, 0, 1)),
      "1969-12-31T23:59:59Z",
    ]) {
      await refusal(() => memory.search("river", { ...scope, asOf }), "options.asOf");
      await refusal(() => memory.getAll({ ...scope, asOf }), "options.asOf");
      await refusal(() => memory.buildContext("river", { ...scope, asOf, tokenBudget: 200 }), "options.asOf");
      await refusal(() => memory.add("Moves away", { ...scope, expiresAt: asOf }), "options.expiresAt");
      await refusal(() => memory.update(current!.id, { expiresAt: asOf }, scope), "changes.expiresAt");
    }
    const after = await memory.export(scope);
    expect({ ...after, exportedAt: exported.exportedAt }).toEqual(exported);
  });
}
