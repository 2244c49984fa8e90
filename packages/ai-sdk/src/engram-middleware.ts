import type { LanguageModelMiddleware } from "ai";
import { MemoryTurns } from "./memory-turns.js";
import type { EngramMiddlewareOptions } from "./middleware-options.js";
import { generatedText } from "./prompt-messages.js";
import type { StreamPart } from "./sdk-types.js";
import type { ToolPart } from "./tool-events.js";

/** A language-model middleware with Engram memory, plus a way to wait for queued write-backs. */
export type EngramMiddleware = LanguageModelMiddleware & {
  /** Resolves once every queued write-back, and the maintenance it started, has finished (tests, scripts, shutdown). */
  flush(): Promise<void>;
};

/**
 * Passes every part through untouched while collecting the reply text, the tool parts and the finish reason;
 * `onEnd` runs in `flush()`, i.e. only when the consumer drains the stream (an abandoned stream never writes
 * back).
 */
function tapStream(
  stream: ReadableStream<StreamPart>,
  onEnd: (reply: string, finishReason: string, toolParts: ToolPart[]) => Promise<void>,
): ReadableStream<StreamPart> {
  let reply = "";
  let finishReason: string | undefined;
  let failed = false;
  const toolParts: ToolPart[] = [];
  const tap = new TransformStream<StreamPart, StreamPart>({
    transform(part, controller) {
      if (part.type === "text-delta") reply += part.delta;
      else if (part.type === "finish") finishReason = part.finishReason.unified;
      else if (part.type === "error") failed = true;
      else if (part.type === "tool-call" || part.type === "tool-result") toolParts.push(part);
      controller.enqueue(part);
    },
    flush: () => (finishReason && !failed ? onEnd(reply, finishReason, toolParts) : undefined),
  });
  return stream.pipeThrough(tap);
}

/**
 * Creates a middleware for `wrapLanguageModel` that gives any model long-term memory: before each turn it
 * searches Engram with the latest user message and inserts the results as a system message after the
 * caller's system messages; after the turn it writes the user message and the reply back, in the background
 * unless `awaitWriteBack` is set. Works with `generateText`, `streamText` and tool loops, on ai 6 and 7.
 * @example
 * const model = wrapLanguageModel({ model: openai("gpt-4o-mini"), middleware: engramMiddleware({ memory }) });
 * await generateText({ model, prompt: "I'm vegetarian", providerOptions: { engram: { userId: "alice" } } });
 */
export function engramMiddleware(options: EngramMiddlewareOptions): EngramMiddleware {
  const turns = new MemoryTurns(options);
  return {
    specificationVersion: "v3",
    transformParams: ({ params }) => turns.retrieve(params),
    async wrapGenerate({ doGenerate, params }) {
      const result = await doGenerate();
      await turns.writeBack(params, generatedText(result), result.finishReason.unified, result.content);
      return result;
    },
    async wrapStream({ doStream, params }) {
      const { stream, ...rest } = await doStream();
      return {
        ...rest,
        stream: tapStream(stream, (reply, finishReason, toolParts) =>
          turns.writeBack(params, reply, finishReason, toolParts),
        ),
      };
    },
    flush: () => turns.flush(),
  };
}
