import fc from "fast-check";
import { expect, it } from "vitest";
import { InvalidArgumentError, MemoryNotFoundError } from "../errors/index.js";
import { hashMemory } from "../memory/hash-memory.js";
import { Memory } from "../memory/memory.js";
import { reconciliationScope } from "../memory/unique-key.js";
import { matchesScope } from "../scope.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { Scope } from "../types.js";
import { conformanceEmbedder, type MemoryStoreTestOptions } from "./conformance-context.js";

/** Scopes a caller may pass: valid ones (with ids that are prefixes of others) and the malformed ones attackers try. */
const validScopes: Scope[] = [
  { userId: "alice" },
  { userId: "alice", runId: "r1" },
  { userId: "alice", agentId: "shop" },
  { userId: "bob" },
  { userId: "user1" },
  { userId: "user10" },
  { agentId: "shop" },
  { runId: "r1" },
];
const malformedScopes: unknown[] = [
  { userId: undefined },
  { userId: null },
  { user_id: "bob" },
  { userID: "bob" },
  "bob",
  {},
  { userId: "" },
  { userId: " bob" },
  { userId: "mallory\uD800" },
  { userId: "mallory\uDBFF" },
  { userId: "bob\u0000" },
  { userId: "bob", anyScope: true },
  { anyScope: "yes" },
  null,
];
const texts = ["Likes tea", "likes  TEA", "Locker code 4512", "Lives in Lisbon", "Broken emoji \uD83D here"];

type Op =
  | { kind: "add"; text: number; scope: number }
  | { kind: "read" | "update" | "delete" | "history"; target: number; scope: number; text: number }
  | { kind: "search" | "getAll" | "deleteAll"; scope: number; text: number }
  | { kind: "reopen" };

const scopeCount = validScopes.length + malformedScopes.length;
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("add" as const),
    text: fc.nat(texts.length - 1),
    scope: fc.nat(scopeCount - 1),
  }),
  fc.record({
    kind: fc.constantFrom("read" as const, "update" as const, "delete" as const, "history" as const),
    target: fc.nat(20),
    scope: fc.nat(scopeCount - 1),
    text: fc.nat(texts.length - 1),
  }),
  fc.record({
    kind: fc.constantFrom("search" as const, "getAll" as const, "deleteAll" as const),
    scope: fc.nat(scopeCount - 1),
    text: fc.nat(texts.length - 1),
  }),
  fc.constant({ kind: "reopen" as const }),
);

interface Known {
  scope: Scope;
  text: string;
  alive: boolean;
}

const scopeAt = (index: number): { scope: unknown; valid: Scope | undefined } =>
  index < validScopes.length
    ? { scope: { ...validScopes[index] }, valid: validScopes[index] }
    : { scope: malformedScopes[index - validScopes.length], valid: undefined };

/**
 * Random operation sequences through the public API, checked against an oracle after every step: malformed
 * scopes are refused and change nothing, no result ever crosses a scope, and what is stored is what was given.
 */
export function isolationPropertyTests(getStore: () => MemoryStore, options: MemoryStoreTestOptions): void {
  it("never leaks, changes or deletes across scopes, whatever the sequence (oracle-checked)", async () => {
    let store = getStore();
    const runs = options.isolationRuns ?? 60;
    let leaks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 5, maxLength: 30 }), async (ops) => {
        await store.reset();
        let memory = new Memory({ store, embedder: conformanceEmbedder });
        const known = new Map<string, Known>();
        const ids: string[] = [];
        const visible = (id: string, scope: Scope) => {
          const entry = known.get(id);
          return entry?.alive === true && matchesScope(entry.scope, scope);
        };
        for (const op of ops) {
          if (op.kind === "reopen") {
            if (options.reopenStore) {
              store = await options.reopenStore(store);
              memory = new Memory({ store, embedder: conformanceEmbedder });
            }
            continue;
          }
          const { scope, valid } = scopeAt(op.scope);
          const text = texts[op.text]!;
          const id =
            op.kind === "add" || !("target" in op)
              ? ""
              : (ids[op.target % Math.max(ids.length, 1)] ?? "none");
          const call = async () => {
            const loose = scope as never;
            switch (op.kind) {
              case "add":
                return memory.add(text, loose);
              case "read":
                return memory.get(id, loose);
              case "update":
                return memory.update(id, { memory: `${text} (edited)` }, loose);
              case "delete":
                return memory.delete(id, loose);
              case "history":
                return memory.history(id, loose);
              case "search":
                return memory.search(text, loose);
              case "getAll":
                return memory.getAll({ ...(loose as object), includeInvalid: true } as never);
              case "deleteAll":
                return memory.deleteAll(loose);
            }
          };
          let outcome: unknown;
          try {
            outcome = await call();
          } catch (error) {
            if (!valid) {
              expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
              continue;
            }
            if (MemoryNotFoundError.isInstance(error)) {
              expect(visible(id, valid)).toBe(false);
              continue;
            }
            throw error;
          }
          expect(valid, `a malformed scope was accepted: ${JSON.stringify(scope)}`).toBeDefined();
          const within = valid!;
          switch (op.kind) {
            case "add": {
              const [result] = (outcome as Awaited<ReturnType<Memory["add"]>>).results;
              const stored = text.toWellFormed();
              if (result!.event === "ADD") {
                known.set(result!.id, { scope: within, text: stored, alive: true });
                ids.push(result!.id);
              } else {
                const reconcile = reconciliationScope(within, "user");
                const holder = known.get(result!.id);
                expect(holder?.alive && matchesScope(holder.scope, reconcile)).toBe(true);
                // NONE names a memory with the same text, or says which text it found near-duplicated there.
                if (result!.nearDuplicate) expect(result!.nearDuplicate.memory).toBe(stored);
                else expect(hashMemory(holder!.text)).toBe(hashMemory(stored));
              }
              break;
            }
            case "read": {
              const item = outcome as Awaited<ReturnType<Memory["get"]>>;
              expect(item !== null).toBe(visible(id, within));
              if (item) expect(item.memory).toBe(known.get(id)!.text);
              break;
            }
            case "update":
              expect(visible(id, within)).toBe(true);
              known.get(id)!.text = `${text.toWellFormed()} (edited)`;
              break;
            case "delete":
              expect(visible(id, within)).toBe(true);
              known.get(id)!.alive = false;
              break;
            case "history":
              for (const entry of outcome as Awaited<ReturnType<Memory["history"]>>) {
                if (!matchesScope(entry, within)) leaks += 1;
              }
              break;
            case "search":
            case "getAll": {
              const items = (outcome as { results: Array<{ id: string } & Scope> }).results;
              for (const item of items)
                if (!matchesScope(item, within) || !visible(item.id, within)) leaks += 1;
              if (op.kind === "getAll") {
                const expected = [...known.entries()]
                  .filter(([key]) => visible(key, within))
                  .map(([key]) => key);
                expect(items.map((item) => item.id).sort()).toEqual(expected.sort());
              }
              break;
            }
            case "deleteAll":
              for (const entry of known.values())
                if (entry.alive && matchesScope(entry.scope, within)) entry.alive = false;
              break;
          }
        }
        // Finally every memory is exactly where the oracle says, read from each valid scope.
        for (const [key, entry] of known) {
          for (const probe of validScopes) {
            const item = await memory.get(key, probe as never);
            expect(item !== null, `${key} from ${JSON.stringify(probe)}`).toBe(
              entry.alive && matchesScope(entry.scope, probe),
            );
          }
        }
        expect(leaks).toBe(0);
      }),
      { numRuns: runs },
    );
  });
}
