import type { Random } from "../workload/random.js";
import {
  type RepeatTemplate,
  type SlotDefinition,
  type SlotName,
  statesWord,
  type Topic,
  unused,
} from "./slot-definition.js";

/** What a one-slot topic with word values needs. */
export interface SimpleTopicSpec {
  /** The slot. */
  slot: SlotName;
  /** The placeholder of the value in templates, e.g. "location" for `{location}`. */
  placeholder: string;
  /** Memory type given by the scripted oracle. */
  type: "fact" | "preference";
  /** Two phrasings of the current-value question. */
  questions: readonly [string, string];
  /** The values. */
  values: readonly string[];
  /** Oracle memory text. */
  memory: (value: string) => string;
  /** First sessions. @default [0, 9] */
  firstSession?: readonly [number, number];
  /** Changes per year. */
  changes: readonly [number, number];
  /** Templates stating the first value. */
  state: readonly string[];
  /** Templates announcing a change (may use `{previousPlaceholder}`). */
  change: readonly string[];
  /** Templates restating the value in other words. */
  repeat: readonly string[];
}

/** Builds a topic with one slot whose values are distinctive words (cities, bands, foods). */
export function simpleTopic(spec: SimpleTopicSpec): Topic {
  const slot: SlotDefinition = {
    name: spec.slot,
    type: spec.type,
    questions: spec.questions,
    values: spec.values,
    memory: spec.memory,
    states: statesWord,
  };
  const previousKey = `previous${spec.placeholder.charAt(0).toUpperCase()}${spec.placeholder.slice(1)}`;
  const repeat: RepeatTemplate[] = spec.repeat.map((template) => ({ template, slots: [spec.slot] }));
  return {
    name: spec.slot,
    slots: [slot],
    firstSession: spec.firstSession ?? [0, 9],
    changes: spec.changes,
    first: (random: Random) => ({ [spec.slot]: random.pick(spec.values) }),
    next(random, _current, used) {
      const value = unused(random, spec.values, used);
      return value === undefined ? undefined : { [spec.slot]: value };
    },
    state: () => spec.state,
    change: () => spec.change,
    repeat: () => repeat,
    vars: (values, previous) => ({
      [spec.placeholder]: values[spec.slot]!,
      ...(previous?.[spec.slot] ? { [previousKey]: previous[spec.slot]! } : {}),
    }),
  };
}
