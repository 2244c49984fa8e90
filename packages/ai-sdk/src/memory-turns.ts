import {
  asSelector,
  writeBackOptIns,
  defaultInjectionOptions,
  type MaintenanceTrigger,
  queryTail,
  type Scope,
  WriteBackQueue,
} from "@engram/core";
import type { EngramMiddlewareErrorEvent, EngramMiddlewareOptions } from "./middleware-options.js";
import { endsWithUserMessage, insertSystemMessage, latestUserText } from "./prompt-messages.js";
import { RecentMemories } from "./recent-memories.js";
import { resolveScope } from "./resolve-scope.js";
import type { CallOptions } from "./sdk-types.js";
import { type ToolPart, toolCallEvents } from "./tool-events.js";

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
  private readonly maintenance: MaintenanceTrigger | undefined;

  constructor(private readonly options: EngramMiddlewareOptions) {
    this.maintenance = writeBackOptIns(options.memory, options).maintenance;
  }

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
   * Queues the write-back of a finished turn (the latest user message and the reply) and, with `episodes`, of
   * its tool calls; with awaitWriteBack it resolves only once they are stored. Tool-call steps, failed steps and
   * JSON-mode calls are skipped. `output` holds the final step's own tool parts (provider-executed tools).
   */
  async writeBack(
    params: CallOptions,
    reply: string,
    finishReason: string,
    output: readonly ToolPart[] = [],
  ): Promise<void> {
    const { options, maintenance } = this;
    const text = options.writeBack !== false;
    if ((!text && !options.episodes) || skippedFinishReasons.has(finishReason)) return;
    if (params.responseFormat?.type === "json") return;
    const { scope, userText } = this.contexts.get(params) ?? (await this.contextOf(params));
    const selector = asSelector(scope);
    const key = JSON.stringify(scope);
    const onError = options.onError ?? warn;
    const writes: Promise<void>[] = [];
    // Only the finished step of a turn gets here, and its prompt holds the whole turn after the latest user
    // message: this turn's calls with their results. Earlier turns sit before that message, so they are never
    // recorded again; ids are not used for that, since they need only be unique within one prompt.
    const events = options.episodes ? toolCallEvents(params.prompt, output) : [];
    if (events.length > 0) {
      const record = async () => {
        for (const { id, event } of events) {
          await options.memory.addEvent(event, { ...selector, metadata: { toolCallId: id } });
          maintenance?.recordWrites(selector);
        }
      };
      writes.push(this.queue.enqueue(key, record, (error) => onError(error, { phase: "episode", scope })));
    }
    if (text && userText) {
      const messages = [{ role: "user", content: userText }];
      if (reply.trim()) messages.push({ role: "assistant", content: reply });
      const add = async () => {
        await options.memory.add(messages, { infer: true, ...options.addOptions, ...selector });
        maintenance?.recordWrites(selector);
      };
      writes.push(this.queue.enqueue(key, add, (error) => onError(error, { phase: "write-back", scope })));
    }
    if (options.awaitWriteBack) await Promise.all(writes);
  }

  /** Resolves once every queued write-back, and the maintenance it started, has settled. */
  async flush(): Promise<void> {
    await this.queue.flush();
    await this.maintenance?.idle();
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
    const context = await this.options.memory.buildContext(queryTail(userText), {
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
