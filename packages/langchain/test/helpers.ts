import { createInMemoryStore, Memory, type MemoryOptions } from "@engram/core";
import { createWinkEmbedder } from "@engram/core/wink";
import type { BaseMessage } from "@langchain/core/messages";

/**
 * A Memory over Engram's in-memory store with the default offline embedder (wink word vectors, the one the
 * adapters' relevance floor was measured with) and a ticking clock.
 */
export function testMemory(options: Partial<MemoryOptions> = {}): Memory {
  let tick = Date.parse("2025-01-01T00:00:00.000Z");
  return new Memory({
    store: createInMemoryStore(),
    embedder: createWinkEmbedder(),
    ...options,
    _internal: {
      now: () => {
        tick += 1000;
        return new Date(tick);
      },
    },
  });
}

/** The system prompt text a fake model call received ("" when there was none). */
export function systemText(messages: readonly BaseMessage[]): string {
  const first = messages[0];
  return first?.getType() === "system" ? first.text : "";
}

/** A promise with its resolve function, to hold work until a test releases it. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
