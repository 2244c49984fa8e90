// A simulated user over a year: sessions of everyday messages in which slots change, are restated in other words,
// and episodes pile up. Deterministic for a seed.
import { createRandom, type Random } from "../workload/random.js";
import { episodeTemplates, fillEveryday, smallTalkTemplates, taskTemplates } from "./everyday-texts.js";
import { fill, type SlotName, type SlotValues, type Topic } from "./slot-definition.js";
import { topics } from "./topics.js";
import { getOrCreate } from "./get-or-create.js";

/** What a message is. */
export type MessageKind = "state" | "change" | "repeat" | "episode" | "task" | "smalltalk";

/** A slot value a message states (first value, change) or restates (repeat). */
export interface FactMention {
  /** The slot. */
  slot: SlotName;
  /** The value stated. */
  value: string;
  /** The value it replaces (changes only). */
  previous?: string;
}

/** One user message with its ground truth. */
export interface UserMessage {
  /** The text the user sends. */
  text: string;
  /** What it is. */
  kind: MessageKind;
  /** The template it was filled from (for per-template extraction rates). */
  template: string;
  /** When it is sent (ISO 8601). */
  at: string;
  /** Slot values it states or restates. */
  facts: FactMention[];
  /** The memory a perfect extractor writes for an episode or task. */
  memory?: string;
}

/** One conversation. */
export interface Session {
  /** 0-based. */
  index: number;
  /** Days since the start of the year. */
  day: number;
  /** Start time (ISO 8601). */
  at: string;
  /** The user's messages in order. */
  messages: UserMessage[];
}

/** A value a slot took, from a time on. */
export interface TimelineEntry {
  /** When the user said it (ISO 8601). */
  from: string;
  /** The value. */
  value: string;
}

/** A simulated user's year. */
export interface SimulatedUser {
  /** Scope id. */
  userId: string;
  /** The seed it was generated from. */
  seed: number;
  /** First day, midnight UTC (ISO 8601). */
  start: string;
  /** The sessions, in time order. */
  sessions: Session[];
  /** Ground truth: every slot's values over time, oldest first. */
  timeline: Partial<Record<SlotName, TimelineEntry[]>>;
}

/** Options of `generateUser()`. */
export interface GenerateUserOptions {
  /** Seed of the PRNG. */
  seed: number;
  /** Scope id. @default `user-${seed}` */
  userId?: string;
  /** Sessions over the year. @default 300 */
  sessions?: number;
  /** Days covered. @default 365 */
  days?: number;
  /** First day. @default 2027-01-04 */
  start?: string;
}

interface PlannedEvent {
  topic: Topic;
  first: boolean;
}

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

/** For each session, the topic events (first statements and changes) that happen in it. */
function planEvents(random: Random, sessions: number): Map<number, PlannedEvent[]> {
  const plan = new Map<number, PlannedEvent[]>();
  const push = (session: number, event: PlannedEvent) =>
    plan.set(session, [...(plan.get(session) ?? []), event]);
  for (const topic of topics) {
    const scale = sessions / 300;
    const [low, high] = topic.firstSession.map((session) => Math.floor(session * scale)) as [number, number];
    const first = low + random.int(high - low + 1);
    push(first, { topic, first: true });
    const changes = topic.changes[0] + random.int(topic.changes[1] - topic.changes[0] + 1);
    const begin = first + Math.max(1, Math.floor(20 * scale));
    const window = (sessions - 5 - begin) / Math.max(changes, 1);
    for (let change = 0; change < changes && window >= 1; change++)
      push(Math.floor(begin + change * window + random.next() * window), { topic, first: false });
  }
  return plan;
}

class Year {
  readonly current = new Map<Topic, SlotValues>();
  readonly used = new Set<string>();
  readonly timeline: SimulatedUser["timeline"] = {};

  constructor(private readonly random: Random) {}

  /** Applies a first statement or change; returns its message, or undefined when the topic cannot change. */
  event(event: PlannedEvent, at: string): UserMessage | undefined {
    const previous = this.current.get(event.topic);
    if (!event.first && !previous) return undefined;
    const values = event.first
      ? event.topic.first(this.random)
      : event.topic.next(this.random, previous!, this.used);
    if (!values) return undefined;
    this.current.set(event.topic, values);
    const facts: FactMention[] = [];
    for (const slot of event.topic.slots) {
      const value = values[slot.name]!;
      this.used.add(value);
      getOrCreate(this.timeline, slot.name, () => [] as TimelineEntry[]).push({ from: at, value });
      facts.push({
        slot: slot.name,
        value,
        ...(previous?.[slot.name] ? { previous: previous[slot.name] } : {}),
      });
    }
    const templates = event.first ? event.topic.state(values) : event.topic.change(values, previous!);
    const template = this.random.pick(templates);
    const text = fill(template, event.topic.vars(values, previous));
    return { text, kind: event.first ? "state" : "change", template, at, facts };
  }

  /** A restatement of a known value in other words, or undefined before anything is known. */
  repeat(at: string): UserMessage | undefined {
    const known = [...this.current.entries()];
    if (!known.length) return undefined;
    const [topic, values] = this.random.pick(known);
    const { template, slots } = this.random.pick(topic.repeat(values));
    const facts = slots.map((slot) => ({ slot, value: values[slot]! }));
    return { text: fill(template, topic.vars(values)), kind: "repeat", template, at, facts };
  }
}

function everyday(random: Random, kind: "episode" | "task" | "smalltalk", at: string): UserMessage {
  const pool = kind === "episode" ? episodeTemplates : kind === "task" ? taskTemplates : smallTalkTemplates;
  const template = random.pick(pool);
  const filled = fillEveryday(random, template);
  return { ...filled, kind, template: template.text, at, facts: [] };
}

function shuffle<T>(random: Random, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = random.int(index + 1);
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return items;
}

/** The kinds of the everyday messages of one session, in order: 1–3 episodes, maybe a task, 1–2 small talk. */
function everydayKinds(random: Random): Array<"episode" | "task" | "smalltalk" | "repeat"> {
  const kinds: Array<"episode" | "task" | "smalltalk" | "repeat"> = [];
  for (let count = 1 + random.int(3); count > 0; count--) kinds.push("episode");
  if (random.next() < 0.25) kinds.push("task");
  for (let count = 1 + random.int(2); count > 0; count--) kinds.push("smalltalk");
  const repeats = random.next() < 0.6 ? 1 : random.next() < 0.5 ? 2 : 0;
  for (let count = repeats; count > 0; count--) kinds.push("repeat");
  return shuffle(random, kinds);
}

/** Generates a simulated user's year: the same seed and options always give the same user. */
export function generateUser(options: GenerateUserOptions): SimulatedUser {
  const random = createRandom(options.seed);
  const sessions = options.sessions ?? 300;
  const days = options.days ?? 365;
  const start = new Date(options.start ?? "2027-01-04T00:00:00.000Z");
  const plan = planEvents(random, sessions);
  const year = new Year(random);
  const result: Session[] = [];
  for (let index = 0; index < sessions; index++) {
    const day = Math.floor((index * days) / sessions);
    const began = start.getTime() + day * dayMs + (8 + random.int(13)) * 60 * minuteMs;
    let minute = 0;
    const at = () => new Date(began + minute++ * 2 * minuteMs).toISOString();
    const messages: UserMessage[] = [];
    for (const kind of everydayKinds(random)) {
      const message = kind === "repeat" ? year.repeat(at()) : everyday(random, kind, at());
      if (message) messages.push(message);
    }
    for (const event of plan.get(index) ?? []) {
      const message = year.event(event, at());
      if (message) messages.push(message);
    }
    result.push({ index, day, at: new Date(began).toISOString(), messages });
  }
  return {
    userId: options.userId ?? `user-${options.seed}`,
    seed: options.seed,
    start: start.toISOString(),
    sessions: result,
    timeline: year.timeline,
  };
}
