import { type ChatMessage, type ContextWindow, createInMemoryStore, Memory } from "@engram/core";
import type { LocomoConversation, LocomoSession } from "./locomo-types.js";
import type { LocomoRetriever, RetrievedMemory } from "./retriever.js";

/** What an evaluator who has never seen Engram might pass: which parts of a turn reach `add()`. */
export interface MessageShape {
  /** "user": every turn is a user message; "alternating": the first speaker is the user, the other the assistant. */
  roles: "user" | "alternating";
  /** Pass the speaker as the message's `name`. */
  names: boolean;
  /** Pass the session date as each message's `timestamp`. */
  timestamps: boolean;
  /** "session": one `add()` per session; "turn": one per turn (a live chat). */
  perCall: "session" | "turn";
}

/** The natural shape: user messages named after their speaker, dated, one `add()` per session. */
export const naturalShape: MessageShape = {
  roles: "user",
  names: true,
  timestamps: true,
  perCall: "session",
};

/** Options of the zero-config retriever. */
export interface ZeroConfigRetrieverOptions {
  /** How turns become messages. @default naturalShape */
  shape?: MessageShape;
  /** An explicit `contextWindow` (a grid point); absent: `add()` gets no options besides the scope. */
  contextWindow?: ContextWindow;
  /** Label in reports. */
  name?: string;
}

const monthNumbers = new Map(
  ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map((month, index) => [
    month,
    index,
  ]),
);

/** A LoCoMo session date such as "1:56 pm on 8 May, 2023" as a Date (taken as UTC), or undefined when unreadable. */
export function sessionDate(dateTime: string | undefined): Date | undefined {
  const match = dateTime?.match(/(\d{1,2}):(\d{2})\s*([ap]m)\s+on\s+(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})/iu);
  if (!match) return undefined;
  const [, hour, minute, half, day, monthName, year] = match;
  const month = monthNumbers.get(monthName!.slice(0, 3).toLowerCase());
  if (month === undefined) return undefined;
  const hours = (Number(hour) % 12) + (half!.toLowerCase() === "pm" ? 12 : 0);
  return new Date(Date.UTC(Number(year), month, Number(day), hours, Number(minute)));
}

/** The messages a session becomes under a shape (the turn's text as content, never a "Speaker:" prefix). */
export function sessionMessages(
  conversation: LocomoConversation,
  session: LocomoSession,
  shape: MessageShape,
): ChatMessage[] {
  const date = shape.timestamps ? sessionDate(session.dateTime) : undefined;
  return session.turns.map((turn) => ({
    role: shape.roles === "alternating" && turn.speaker !== conversation.speakers[0] ? "assistant" : "user",
    content: turn.text,
    id: turn.diaId,
    ...(shape.names ? { name: turn.speaker } : {}),
    ...(date ? { timestamp: date } : {}),
  }));
}

/**
 * Engram as a new user gets it: `new Memory()` with the default embedder (an in-memory store, since the default
 * one needs a folder), `add(messages, { userId })` and `search(question, { userId, limit })` with no options.
 */
export function createZeroConfigRetriever(options: ZeroConfigRetrieverOptions = {}): LocomoRetriever {
  const shape = options.shape ?? naturalShape;
  const memories = new Map<string, Memory>();
  return {
    name: options.name ?? "engram zero-config",
    async ingest(conversation) {
      const memory = new Memory({ store: createInMemoryStore() });
      memories.set(conversation.sampleId, memory);
      const userId = conversation.sampleId;
      const settings = options.contextWindow ? { contextWindow: options.contextWindow } : {};
      let stored = 0;
      for (const session of conversation.sessions) {
        const messages = sessionMessages(conversation, session, shape);
        const calls = shape.perCall === "turn" ? messages.map((message) => [message]) : [messages];
        for (const call of calls) {
          if (call.length === 0) continue;
          const result = await memory.add(call, { userId, ...settings });
          stored += result.results.filter((item) => item.event === "ADD").length;
        }
      }
      return stored;
    },
    async search(conversation, question, limit) {
      const memory = memories.get(conversation.sampleId);
      if (!memory) throw new Error(`conversation ${conversation.sampleId} was not ingested.`);
      const { results } = await memory.search(question, { userId: conversation.sampleId, limit });
      return results.map(
        (item): RetrievedMemory => ({
          text: item.memory,
          sourceIds: item.sources.map((source) => source.messageId).filter((id): id is string => Boolean(id)),
        }),
      );
    },
    async close() {
      for (const memory of memories.values()) await memory.close();
      memories.clear();
    },
  };
}
