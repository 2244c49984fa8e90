import type { SimulatedUser, TimelineEntry } from "./generator.js";
import type { SlotName } from "./slot-definition.js";
import { slots } from "./topics.js";

/** "What is X now?": asked at a checkpoint, answered by the value current then. */
export interface CurrentQuestion {
  /** The slot asked about. */
  slot: SlotName;
  /** The question text. */
  question: string;
  /** When it is asked (ISO 8601). */
  at: string;
  /** Sessions done when it is asked. */
  checkpoint: number;
  /** The value true when it is asked. */
  current: string;
  /** Values the slot held earlier and no longer holds: a result stating one of these is stale. */
  earlier: string[];
}

/** "What was X on that date?": asked at the end of the year with `asOf` set to a past date. */
export interface AsOfQuestion {
  /** The slot asked about. */
  slot: SlotName;
  /** The question text. */
  question: string;
  /** The past date searched (ISO 8601). */
  asOf: string;
  /** The value true at `asOf`. */
  truth: string;
  /** Every other value the slot held during the year. */
  others: string[];
}

/** The value of a slot at a time: the last value stated at or before it; undefined before the first. */
export function valueAt(entries: readonly TimelineEntry[] | undefined, at: string): string | undefined {
  let value: string | undefined;
  for (const entry of entries ?? []) if (entry.from <= at) value = entry.value;
  return value;
}

/** One current-value question per slot that has a value at `at`, with the given phrasing (0 or 1). */
export function currentQuestions(
  user: SimulatedUser,
  checkpoint: number,
  at: string,
  phrasing: 0 | 1,
): CurrentQuestion[] {
  const questions: CurrentQuestion[] = [];
  for (const slot of slots) {
    const entries = user.timeline[slot.name] ?? [];
    const current = valueAt(entries, at);
    if (current === undefined) continue;
    const earlier = [
      ...new Set(
        entries.filter((entry) => entry.from <= at && entry.value !== current).map((entry) => entry.value),
      ),
    ];
    questions.push({ slot: slot.name, question: slot.questions[phrasing], at, checkpoint, current, earlier });
  }
  return questions;
}

/** The past dates asOf questions ask about: noon on day 15, 45, 75, … of the year. */
export function asOfDates(user: SimulatedUser, days = 365): string[] {
  const start = new Date(user.start).getTime();
  const dates: string[] = [];
  for (let day = 15; day < days; day += 30)
    dates.push(new Date(start + (day * 24 + 12) * 3_600_000).toISOString());
  return dates;
}

/** One asOf question per slot and date where the slot had a value (first phrasing). */
export function asOfQuestions(user: SimulatedUser, dates: readonly string[]): AsOfQuestion[] {
  const questions: AsOfQuestion[] = [];
  for (const slot of slots) {
    const entries = user.timeline[slot.name] ?? [];
    const held = [...new Set(entries.map((entry) => entry.value))];
    for (const asOf of dates) {
      const truth = valueAt(entries, asOf);
      if (truth === undefined) continue;
      const others = held.filter((value) => value !== truth);
      questions.push({ slot: slot.name, question: slot.questions[0], asOf, truth, others });
    }
  }
  return questions;
}
