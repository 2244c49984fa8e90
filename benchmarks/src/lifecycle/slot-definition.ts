import type { Random } from "../workload/random.js";

/** The single-valued facts about the simulated user that change over the year. */
export type SlotName =
  | "location"
  | "employer"
  | "role"
  | "relationship"
  | "diet"
  | "pet"
  | "hobby"
  | "favorite_food"
  | "favorite_band";

/** Values of a topic's slots at one time, e.g. `{ employer: "Acme", role: "nurse" }`. */
export type SlotValues = Partial<Record<SlotName, string>>;

/** One single-valued fact: how it is asked about, stored by the oracle, and recognised in a memory's text. */
export interface SlotDefinition {
  /** The slot. */
  name: SlotName;
  /** The memory type the scripted oracle gives it. */
  type: "fact" | "preference";
  /** Two everyday phrasings of the current-value question, used alternately. */
  questions: readonly [string, string];
  /** Every value the slot can take. */
  values: readonly string[];
  /** The memory text the scripted oracle writes for a value, e.g. "Lives in Porto". */
  memory(value: string): string;
  /** True when a memory's text states this value (negated statements such as "No longer lives in …" do not). */
  states(memory: string, value: string): boolean;
}

/** A repeat template and the slots whose current value it restates. */
export interface RepeatTemplate {
  /** The message, with `{placeholders}`. */
  template: string;
  /** The slots it restates. */
  slots: readonly SlotName[];
}

/** Something the user talks about that sets one or more slots at once (a job sets employer and role). */
export interface Topic {
  /** Name in reports. */
  name: string;
  /** The slots it sets. */
  slots: readonly SlotDefinition[];
  /** Sessions (0-based, inclusive) in which the first value is stated. */
  firstSession: readonly [number, number];
  /** How many times the values change over the year (inclusive range). */
  changes: readonly [number, number];
  /** The first values. */
  first(random: Random): SlotValues;
  /** The next values after `current`, never one used before; undefined when nothing can change any more. */
  next(random: Random, current: SlotValues, used: ReadonlySet<string>): SlotValues | undefined;
  /** Templates that state the first values. */
  state(values: SlotValues): readonly string[];
  /** Templates that announce a change from `previous` to `values`. */
  change(values: SlotValues, previous: SlotValues): readonly string[];
  /** Templates that restate the current values in other words. */
  repeat(values: SlotValues): readonly RepeatTemplate[];
  /** Placeholder values for the templates. */
  vars(values: SlotValues, previous?: SlotValues): Record<string, string>;
}

const negation = /\b(?:no longer|not|never|stopped|used to|ex|former|formerly|anymore|broke up)\b/iu;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/** True when `text` contains `word` as a whole word or phrase, ignoring case. */
export function mentions(text: string, word: string): boolean {
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(word)}(?:$|[^\\p{L}\\p{N}])`, "iu").test(text);
}

/** True when a memory's text is a negated statement ("No longer works at Acme", "Is not vegan"). */
export function isNegated(text: string): boolean {
  return negation.test(text);
}

/** `states` for slots whose values are distinctive words: the word is there and the statement is not negated. */
export function statesWord(memory: string, value: string): boolean {
  return !isNegated(memory) && mentions(memory, value);
}

/** Fills `{placeholders}`; `{Name}` capitalises the value of `name`. Unknown placeholders throw. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/gu, (_, key: string) => {
    const lower = key.charAt(0).toLowerCase() + key.slice(1);
    const value = vars[key] ?? vars[lower];
    if (value === undefined) throw new Error(`template "${template}" needs {${key}}`);
    return key === lower ? value : value.charAt(0).toUpperCase() + value.slice(1);
  });
}

/** A value of `pool` not in `used`, or undefined when every value was used. */
export function unused(
  random: Random,
  pool: readonly string[],
  used: ReadonlySet<string>,
): string | undefined {
  const left = pool.filter((value) => !used.has(value));
  return left.length ? random.pick(left) : undefined;
}

/** "a nurse", "an accountant". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/iu.test(noun) ? "an" : "a"} ${noun}`;
}
