import type { MemoryType } from "../../types.js";
import type { Token } from "./load-english-model.js";
import {
  abstainVerbs,
  acquireVerbs,
  chatterVerbs,
  diets,
  eventVerbs,
  lifeRoles,
  practiseVerbs,
  relatives,
  singleValuedTopics,
  startVerbs,
  statusWords,
  switchVerbs,
  tasteVerbs,
  type Topic,
  topicOf,
  travelVerbs,
  useVerbs,
  vagueVerbs,
} from "./lexicon.js";
import type { Subject } from "./read-subject.js";
import type { VerbGroup } from "./read-verb-group.js";

/** How a statement is remembered: its type and, for single-valued attributes, its slot. */
export interface Classification {
  /** The memory type. */
  type: MemoryType;
  /** The single-valued attribute, when there is one. */
  slot?: string;
  /** True when the statement ends the slot's current value ("sold my car"). */
  ends?: boolean;
  /** The memory text, when it is not the statement itself ("I went vegan" → "Is vegan"). */
  text?: string;
}

// Objects of small talk: "I have a question about Python".
const chatterNouns = new Set([
  "question",
  "problem",
  "issue",
  "idea",
  "doubt",
  "moment",
  "minute",
  "second",
  "look",
  "feeling",
  "suggestion",
  "request",
  "thought",
  "clue",
]);
const endingVerbs = new Set(["sell", "quit", "stop", "crash", "total", "cancel"]);

function topics(object: Token[]): Topic[] {
  return object.flatMap((token) => {
    const topic = topicOf(token.lemma) ?? topicOf(token.lower);
    return topic ? [topic] : [];
  });
}

function hasProperNoun(object: Token[]): boolean {
  return object.some((token) => token.pos === "PROPN" && !token.time);
}

function hasNoun(object: Token[]): boolean {
  return object.some((token) => (token.pos === "NOUN" || token.pos === "PROPN") && !token.time);
}

function slotFor(found: Topic[]): string | undefined {
  for (const topic of found) if (singleValuedTopics[topic]) return singleValuedTopics[topic];
  return undefined;
}

function copula(object: Token[]): Classification | undefined {
  const first = object[0];
  if (!first) return undefined;
  if (
    diets.has(first.lower) &&
    (object.length === 1 || object[1]?.lower === "for" || object[1]?.lower === "since")
  )
    return { type: "preference", slot: "diet", text: `Is ${first.lower}` };
  if (statusWords.has(first.lower)) return { type: "fact" };
  if ((first.lower === "a" || first.lower === "an") && object.length <= 6) {
    const nouns = object.slice(1).filter((token) => token.pos === "NOUN");
    const head = nouns[nouns.length - 1];
    // A life role ("a mom of two") or a person noun ending like one ("a certified scuba diver").
    if (object.slice(1).some((token) => lifeRoles.has(token.lemma) || lifeRoles.has(token.lower)))
      return { type: "fact" };
    if (
      head &&
      object.length <= 5 &&
      /(?:er|or|ist|ian)$/u.test(head.lower) &&
      !object.some((token) => token.pos === "ADP")
    )
      return { type: "fact" };
  }
  return undefined;
}

/**
 * Decides whether a first-person statement is worth remembering and how, from its main verb's lemma and the topics
 * of its object: acquiring a pet or a car, a child starting school, switching languages, a trip, a team's tools.
 * Undefined for everything else (moods, errands, chatter).
 */
export function classifyStatement(
  subject: Subject,
  verbs: VerbGroup,
  object: Token[],
): Classification | undefined {
  const lemma = verbs.main.lemma;
  const found = topics(object);
  if (subject.kind === "plan") return { type: "episode" };
  if (lemma === "be" && verbs.main.pos === "AUX") return copula(object);
  if ((lemma === "go" || lemma === "turn") && diets.has(object[0]?.lower ?? ""))
    return { type: "preference", slot: "diet", text: `Is ${object[0]!.lower}` };
  if (verbs.negated) return abstainVerbs.has(lemma) && !object.length ? { type: "fact" } : undefined;
  if ((lemma === "go" || lemma === "attend") && found.includes("school"))
    return { type: "fact", slot: subject.kind === "close" ? `${subject.key}_school` : "school" };
  if (lemma === "promote") return { type: "fact", slot: "role" };
  if (lemma === "diagnose" || lemma === "expect")
    return found.length || lemma === "expect" ? { type: "fact" } : undefined;
  if (lemma === "retire") return { type: "fact" };
  if (lemma === "become") return hasNoun(object) ? { type: "fact" } : undefined;
  if (endingVerbs.has(lemma)) {
    const slot = slotFor(found);
    if (slot) return { type: "fact", slot, ends: true };
    return hasNoun(object) || object[0]?.pos === "VERB" ? { type: "fact" } : undefined;
  }
  if (lemma === "have") {
    if (object.some((token) => chatterNouns.has(token.lemma))) return undefined;
    if (verbs.main.lower === "had" && object.some((token) => token.lemma === "baby"))
      return { type: "episode" };
    // "piano lessons every Wednesday" is a routine, "a flight on Friday" an event.
    if (found.includes("event"))
      return object.some((token) => token.lower === "every" || token.lower === "each")
        ? { type: "fact" }
        : { type: "episode" };
    if (found.length || object.some((token) => relatives.has(token.lemma))) {
      const slot = slotFor(found);
      return slot ? { type: "fact", slot } : { type: "fact" };
    }
    return undefined;
  }
  if (acquireVerbs.has(lemma)) {
    if (!found.some((topic) => topic !== "event" && topic !== "health")) return undefined;
    const slot = slotFor(found);
    return slot ? { type: "fact", slot } : { type: "fact" };
  }
  if (startVerbs.has(lemma)) {
    if (found.includes("school") && subject.kind === "close")
      return { type: "fact", slot: `${subject.key}_school` };
    if (found.includes("school")) return { type: "fact", slot: "school" };
    return hasNoun(object) || object[0]?.pos === "VERB" ? { type: "fact" } : undefined;
  }
  if (
    switchVerbs.has(lemma) ||
    (lemma === "move" && found.some((topic) => topic === "language" || topic === "tech"))
  ) {
    const atWork = object.some((token) => token.lower === "work") || subject.kind === "close";
    if (found.includes("language") && (atWork || subject.kind === "speaker"))
      return { type: "fact", slot: "work_language" };
    const slot = slotFor(found);
    if (slot) return { type: "fact", slot };
    return hasProperNoun(object) || found.length ? { type: "fact" } : undefined;
  }
  if ((lemma === "move" || lemma === "relocate") && hasProperNoun(object)) return { type: "fact" };
  if ((lemma === "live" || lemma === "work") && subject.kind === "close")
    return hasNoun(object) ? { type: "fact" } : undefined;
  if (practiseVerbs.has(lemma) || (lemma === "take" && object[0]?.lower === "up")) {
    return found.some((topic) => ["instrument", "hobby", "language", "tech"].includes(topic))
      ? { type: "fact" }
      : undefined;
  }
  if (useVerbs.has(lemma) && (found.includes("tech") || found.includes("language") || hasProperNoun(object)))
    return { type: "fact" };
  if (travelVerbs.has(lemma)) {
    return hasProperNoun(object) || found.includes("event") ? { type: "episode" } : undefined;
  }
  if (eventVerbs.has(lemma)) {
    return found.includes("event") ||
      hasProperNoun(object) ||
      lemma === "break" ||
      lemma === "sprain" ||
      lemma === "injure"
      ? { type: "episode" }
      : undefined;
  }
  return anyStatement(lemma, verbs, object);
}

/** Any other verb with a concrete object: a past event, a habit, or a taste ("I collect vinyl records"). */
function anyStatement(lemma: string, verbs: VerbGroup, object: Token[]): Classification | undefined {
  if (verbs.main.pos !== "VERB" || vagueVerbs.has(lemma) || chatterVerbs.has(lemma) || !hasNoun(object))
    return undefined;
  // "want to learn", "hope to run": a wish or an intention, not a fact.
  if (object[0]?.lower === "to" || object[0]?.lower === "like") return undefined;
  if (tasteVerbs.has(lemma)) return { type: "preference" };
  const past =
    verbs.main.lower !== lemma &&
    !/ing$/u.test(verbs.main.lower) &&
    !verbs.tokens.some((token) => token.lemma === "have");
  return past && !verbs.future ? { type: "episode" } : { type: "fact" };
}
