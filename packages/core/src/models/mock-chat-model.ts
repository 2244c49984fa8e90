import { EngramError } from "../errors/index.js";
import type { MaybePromise } from "../types.js";
import type { ChatModel, ChatModelRequest, ChatModelResult } from "./chat-model.js";

/** One scripted answer: the full result, or just its text. */
export type MockChatModelAnswer = ChatModelResult | string;

/** What a mock chat model answers: a function of the request, one answer for every call, or one per call. */
export type MockChatModelGenerate =
  | ((request: ChatModelRequest, callIndex: number) => MaybePromise<MockChatModelAnswer>)
  | MockChatModelAnswer
  | MockChatModelAnswer[];

/** Options of `MockChatModel`. */
export interface MockChatModelOptions {
  /** The scripted answers. @default an empty operation list, `{"operations":[]}` */
  generate?: MockChatModelGenerate;
  /** The model name. @default "mock-chat-model" */
  name?: string;
}

/**
 * A chat model for tests that records every request in `calls` and answers from a script: a function, a single
 * answer for every call, or an array with one answer per call (running past its end throws).
 * @example
 * const llm = new MockChatModel({ generate: ['{"operations":[]}'] });
 */
export class MockChatModel implements ChatModel {
  /** Contract version. */
  readonly specificationVersion = "v1" as const;
  /** The model name. */
  readonly name: string;
  /** Every request received, in order. */
  readonly calls: ChatModelRequest[] = [];
  private readonly script: MockChatModelGenerate;

  constructor(options: MockChatModelOptions = {}) {
    this.name = options.name ?? "mock-chat-model";
    this.script = options.generate ?? '{"operations":[]}';
  }

  /** Records the request and returns the scripted answer. */
  async generate(request: ChatModelRequest): Promise<ChatModelResult> {
    const callIndex = this.calls.length;
    this.calls.push(request);
    let answer: MockChatModelAnswer;
    if (typeof this.script === "function") answer = await this.script(request, callIndex);
    else if (Array.isArray(this.script)) {
      const scripted = this.script[callIndex];
      if (scripted === undefined) {
        throw new EngramError({
          message: `MockChatModel "${this.name}" was called ${callIndex + 1} times but only ${this.script.length} answers were scripted. Add more answers to generate.`,
        });
      }
      answer = scripted;
    } else answer = this.script;
    return typeof answer === "string" ? { text: answer, finishReason: "stop" } : { ...answer };
  }
}
