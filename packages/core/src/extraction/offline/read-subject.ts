import type { Token } from "./load-english-model.js";
import { eventSubjects, groups, petSubjects, relatives } from "./lexicon.js";

/** Who a clause is about: the speaker ("I", "we") or someone close to them ("my daughter", "our team"). */
export interface Subject {
  /** "speaker" for I/we; "close" for family, pets and groups the speaker belongs to; "plan" for their events. */
  kind: "speaker" | "close" | "plan";
  /** The subject as it is written in a memory: "" for the speaker, "Daughter", "Team". */
  label: string;
  /** Snake-case key for slots about that person ("daughter"), "" for the speaker. */
  key: string;
  /** Index of the first token after the subject. */
  end: number;
}

/** Reads the subject at the start of a clause; undefined for anyone else (third person, "my code", "it"). */
export function readSubject(tokens: Token[]): Subject | undefined {
  const first = tokens[0]?.lower;
  if (first === "i" || first === "we") {
    if (tokens[1]?.lower === "and" || tokens[1]?.lower === ",") return undefined;
    return { kind: "speaker", label: "", key: "", end: 1 };
  }
  if (first !== "my" && first !== "our") return undefined;
  let end = 1;
  while (end < tokens.length && end < 4 && ["NOUN", "PROPN", "ADJ"].includes(tokens[end]!.pos)) end++;
  const head = tokens[end - 1];
  if (end === 1 || !head) return undefined;
  const noun = head.lemma;
  const planned = eventSubjects.has(noun);
  if (
    !planned &&
    !relatives.has(noun) &&
    !relatives.has(head.lower) &&
    !groups.has(noun) &&
    !petSubjects.has(noun)
  )
    return undefined;
  if (tokens[end]?.lower === "and") return undefined;
  // "my flight to Chicago is …": an event keeps its details in the subject.
  if (planned) while (end < tokens.length && end < 8 && !["VERB", "AUX"].includes(tokens[end]!.pos)) end++;
  const words = tokens.slice(1, end).map((token) => token.lower);
  const label = words.join(" ");
  return {
    kind: planned ? "plan" : "close",
    label: label.charAt(0).toUpperCase() + label.slice(1),
    key: words.join("_"),
    end,
  };
}
