import { asSelector, defaultInjectionOptions, type Scope, WriteBackQueue } from "@engram/core";
import type { EngramMiddlewareErrorEvent, EngramMiddlewareOptions } from "./middleware-options.js";
import { endsWithUserMessage, insertSystemMessage, latestUserText } from "./prompt-messages.js";
import { RecentMemories } from "./recent-memories.js";
import { resolveScope } from "./resolve-scope.js";
import type { CallOptions } from "./sdk-types.js";

/** What the retrieval step learned about a call, for the write-back that follows it. */
interface CallContext {
  scope: Scope;
  userText: string | undefined;
}

/** Finish reasons after which the turn is not finished (tool calls follow, or ai 7 reports an interrupted stream) or failed. */
const skippedFinishReasons = new Set(["tool-calls", "error", "interrupted"]);

function warn(error: unknown, event: EngramMiddlewareErrorEvent): void {
  console.warn(`[engram] [ai-sdk] ${event.phase} failed for scope ${JSON.stringify(event.scope)}:`, error);
}

/** The middleware's two jobs, retrieval before a model call and write-back after it, translated to Engram calls. */
export class MemoryTurns {
  private readonly contexts = new WeakMap<object, CallContext>();
  private readonly recent = new RecentMemories();
  private readonly queue = new WriteBackQueue();

  constructor(private readonly options: EngramMiddlewareOptions) {}

  /** Returns the call options with the relevant memories inserted after the leading system messages. */
  async retrieve(params: CallOptions): Promise<CallOptions> {
    const scope = await resolveScope(this.options, params);
    const userText = latestUserText(params.prompt);
    const text = userText ? await this.memoryText(scope, params.prompt, userText) : undefined;
    const next = text ? { ...params, prompt: insertSystemMessage(params.prompt, text) } : { ...params };
    // wrapGenerate/wrapStream receive exactly the object returned here, so it can key the call's context.
    this.contexts.set(next, { scope, userText });
    return next;
  }

  /**
   * Queues the write-back of a finished turn (the latest user message and the reply); with awaitWriteBack it
   * resolves only once the turn is stored. Tool-call steps, failed steps and JSON-mode calls are skipped.
   */
  async writeBack(params: CallOptions, reply: string, finishReason: string): Promise<void> {
    if (this.options.writeBack === false || skippedFinishReasons.has(finishReason)) return;
    if (params.responseFormat?.type === "json") return;
    const { scope, userText } = this.contexts.get(params) ?? (await this.contextOf(params));
    if (!userText) return;
    const messages = [{ role: "user", content: userText }];
    if (reply.trim()) messages.push({ role: "assistant", content: reply });
    const onError = this.options.onError ?? warn;
    const done = this.queue.enqueue(
      JSON.stringify(scope),
      () =>
        this.options.memory.add(messages, { infer: true, ...this.options.addOptions, ...asSelector(scope) }),
      (error) => onError(error, { phase: "write-back", scope }),
    );
    if (this.options.awaitWriteBack) await done;
  }

  /** Resolves once every queued write-back has settled. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  private async contextOf(params: CallOptions): Promise<CallContext> {
    return { scope: await resolveScope(this.options, params), userText: latestUserText(params.prompt) };
  }

  private async memoryText(
    scope: Scope,
    prompt: CallOptions["prompt"],
    userText: string,
  ): Promise<string | undefined> {
    const key = RecentMemories.key(scope, userText);
    // Tool loops call the model once per step; only a step that starts from a user message searches, later
    // steps (ending in tool results) reuse what that search found.
    if (!endsWithUserMessage(prompt)) return this.recent.get(key);
    // Core renders the block: fenced, marked as data and escaped, within the token budget.
    const context = await this.options.memory.buildContext(userText, {
      ...this.options.contextOptions,
      tokenBudget: this.options.tokenBudget ?? defaultInjectionOptions.tokenBudget,
      minRelevance: this.options.minRelevance ?? defaultInjectionOptions.minRelevance,
      ...asSelector(scope),
    });
    const { format } = this.options;
    const text = context.ids.length > 0 ? (format ? format(context) : context.text) : undefined;
    this.recent.set(key, text);
    return text;
  }
}
