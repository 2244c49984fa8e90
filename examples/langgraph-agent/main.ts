// A LangGraph agent with Engram long-term memory, fully offline: SQLite plus the wink word-vector embedder,
// and LangChain's fake chat model standing in for an LLM. Run it with `pnpm start`.
//
// The graph is recall → agent → remember. `recall` searches the Engram store (a LangGraph BaseStore) for the
// user's memories, `agent` answers with them in its system prompt, and `remember` (createMemoryNode) runs
// Engram's extraction over the turn, so long-term memories are written without hand-written code.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Memory } from "@engram/core";
import { createEngramStore, createMemoryNode } from "@engram/langgraph";
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { Annotation, getStore, MemorySaver, MessagesAnnotation, StateGraph } from "@langchain/langgraph";
import { fakeModel } from "langchain";

const keepDir = process.env.ENGRAM_DIR;
const dir = keepDir ?? mkdtempSync(path.join(os.tmpdir(), "engram-langgraph-example-"));
const memory = new Memory({ path: dir });
const store = createEngramStore({ memory });

// A stand-in LLM: it answers from the memories it finds in its system prompt.
function fakeAnswer(messages: BaseMessage[]): AIMessage {
  const remembered = messages[0]!.text
    .split("\n")
    .filter((line) => line.startsWith("- "))
    .map((line) => line.slice(2));
  const question = messages.at(-1)!.text;
  if (remembered.length === 0)
    return new AIMessage(`I don't know anything about you yet. You said: "${question}"`);
  return new AIMessage(
    `From what I remember (${remembered.join("; ")}), here is my answer to "${question}".`,
  );
}
const model = fakeModel();
for (let turn = 0; turn < 4; turn += 1) model.respond(fakeAnswer);

const State = Annotation.Root({ ...MessagesAnnotation.spec, recalled: Annotation<string[]>() });
const userOf = (config: { configurable?: Record<string, unknown> }) => String(config.configurable?.userId);

const graph = new StateGraph(State)
  .addNode("recall", async (state, config) => {
    const items = await getStore()!.search([userOf(config), "memories"], {
      query: state.messages.at(-1)!.text,
      limit: 5,
    });
    return { recalled: items.map((item) => String(item.value.content)) };
  })
  .addNode("agent", async (state) => {
    const system = new SystemMessage(
      ["You are a helpful assistant. What you remember:", ...state.recalled.map((text) => `- ${text}`)].join(
        "\n",
      ),
    );
    return { messages: [await model.invoke([system, ...state.messages])] };
  })
  .addNode(
    "remember",
    createMemoryNode({ store, namespace: (_state, config) => [userOf(config), "memories"] }),
  )
  .addEdge("__start__", "recall")
  .addEdge("recall", "agent")
  .addEdge("agent", "remember")
  .compile({ store, checkpointer: new MemorySaver() });

async function chat(userId: string, threadId: string, text: string): Promise<void> {
  const result = await graph.invoke(
    { messages: [new HumanMessage(text)] },
    { configurable: { userId, thread_id: threadId } },
  );
  console.log(`\n[${userId} / ${threadId}] ${text}`);
  console.log(`  retrieved: ${result.recalled.length ? result.recalled.join(" | ") : "(nothing)"}`);
  console.log(`  agent: ${result.messages.at(-1)!.text}`);
}

async function remembered(userId: string): Promise<void> {
  const items = await store.search([userId, "memories"], { limit: 20 });
  console.log(
    `  remembered for ${userId}: ${items.map((item) => item.value.content).join(" | ") || "(nothing)"}`,
  );
}

try {
  console.log(`Engram memory in ${dir} (SQLite + offline wink embeddings)`);
  await chat("alice", "monday", "Hi! I live in Lisbon and I am vegetarian.");
  await remembered("alice");
  await chat("bob", "monday", "I live in Oslo and I love skiing.");
  await remembered("bob");
  // A new thread: the conversation is gone, the long-term memories are not.
  await chat("alice", "friday", "Where should I go for dinner where I live?");
  await chat("bob", "friday", "Any weekend plans you'd suggest for me?");
  console.log(`\nnamespaces in the store: ${JSON.stringify(await store.listNamespaces())}`);
} finally {
  await store.stop();
  await memory.close();
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
}
