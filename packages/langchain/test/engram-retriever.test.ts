import { RunnableLambda } from "@langchain/core/runnables";
import { describe, expect, it } from "vitest";
import { EngramRetriever } from "../src/index.js";
import { testMemory } from "./helpers.js";

async function seeded() {
  const memory = testMemory();
  await memory.add("Is vegetarian", { userId: "alice", metadata: { source: "onboarding" } });
  await memory.add("Lives in Lisbon", { userId: "alice" });
  await memory.add("Likes vegetarian ramen", { userId: "bob" });
  return memory;
}

describe("EngramRetriever", () => {
  it("returns the scope's memories as Documents, best first", async () => {
    const retriever = new EngramRetriever({ memory: await seeded(), userId: "alice" });
    const documents = await retriever.invoke("vegetarian food");
    expect(documents[0]!.pageContent).toBe("Is vegetarian");
    expect(documents[0]!.metadata).toMatchObject({ userId: "alice", type: "fact", source: "onboarding" });
    expect(documents[0]!.metadata.score).toBeGreaterThan(0);
    expect(documents[0]!.id).toBe(documents[0]!.metadata.id);
    expect(documents.map((document) => document.pageContent)).not.toContain("Likes vegetarian ramen");
  });

  it("honours limit and filters, and works inside a chain", async () => {
    const memory = await seeded();
    const limited = new EngramRetriever({ memory, userId: "alice", limit: 1 });
    expect(await limited.invoke("vegetarian lisbon")).toHaveLength(1);
    const filtered = new EngramRetriever({ memory, userId: "alice", filters: { source: "onboarding" } });
    expect((await filtered.invoke("lisbon vegetarian")).map((document) => document.pageContent)).toEqual([
      "Is vegetarian",
    ]);
    const chain = new EngramRetriever({ memory, userId: "bob" }).pipe(
      RunnableLambda.from((documents: Array<{ pageContent: string }>) =>
        documents.map((document) => document.pageContent).join("\n"),
      ),
    );
    expect(await chain.invoke("ramen")).toBe("Likes vegetarian ramen");
  });

  it("refuses to search without a scope", async () => {
    const retriever = new EngramRetriever({ memory: await seeded() });
    await expect(retriever.invoke("anything")).rejects.toThrow(/needs a scope/);
  });
});
