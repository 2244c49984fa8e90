import { describe, expect, it } from "vitest";
import { ModelTimeoutError } from "../errors/index.js";
import type { ChatModel, ChatModelRequest } from "./chat-model.js";
import { withModelTimeout, withTimeout } from "./with-timeout.js";

const request: ChatModelRequest = {
  messages: [{ role: "user", content: "hi" }],
  responseFormat: { name: "answer", schema: { type: "object" } },
};

describe("withModelTimeout", () => {
  it("still aborts when the caller's own signal does, and keeps the model's name", async () => {
    const seen: AbortSignal[] = [];
    const model: ChatModel = {
      specificationVersion: "v1",
      name: "slow",
      generate: (sent) =>
        new Promise((_, reject) => {
          const signal = sent.abortSignal!;
          seen.push(signal);
          if (signal.aborted) reject(new Error("aborted by the caller"));
          signal.addEventListener("abort", () => reject(new Error("aborted by the caller")));
        }),
    };
    const timed = withModelTimeout(model, 60_000);
    expect(timed.name).toBe("slow");
    const caller = new AbortController();
    const pending = timed.generate({ ...request, abortSignal: caller.signal });
    caller.abort();
    await expect(pending).rejects.toThrow(/aborted by the caller/);
    expect(seen[0]!.aborted).toBe(true);
  });
});

describe("withTimeout", () => {
  it("never cuts a synchronous call short, and ignores a failure after the deadline", async () => {
    const started = Date.now();
    const value = await withTimeout(
      () => {
        while (Date.now() - started < 30) {
          // a synchronous local model, busy past its deadline
        }
        return 42;
      },
      { model: "local", what: "answer", timeoutMs: 5, advice: "" },
    );
    expect(value).toBe(42);
    const late = withTimeout(
      () => new Promise((_, reject) => setTimeout(() => reject(new Error("late")), 30)),
      { model: "remote", what: "answer", timeoutMs: 5, advice: "" },
    );
    await expect(late).rejects.toSatisfy(ModelTimeoutError.isInstance);
    await new Promise((resolve) => setTimeout(resolve, 40)); // the late rejection must not surface as unhandled
  });
});
