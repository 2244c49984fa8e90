import type { Token } from "./load-english-model.js";

/** The verbs after the subject: "have been playing", "got promoted", "am flying", "no longer use". */
export interface VerbGroup {
  /** Tokens of the group, adverbs and negation included. */
  tokens: Token[];
  /** The verb that carries the meaning ("playing" in "have been playing"; "am" in "am vegan"). */
  main: Token;
  /** Index of the first token after the group. */
  end: number;
  /** True for "will …", "am going to …" and "am flying … next Tuesday"-style plans. */
  future: boolean;
  /** True when the group holds "not", "never" or "no". */
  negated: boolean;
}

const auxiliaryLike = new Set(["AUX", "PART", "ADV"]);
// Passive and causative helpers: "got promoted", "was diagnosed", "got married".
const passiveHelpers = new Set(["get", "be"]);

/** Reads the verb group starting at `start`; undefined when no verb follows the subject. */
export function readVerbGroup(tokens: Token[], start: number): VerbGroup | undefined {
  let index = start;
  const group: Token[] = [];
  const inGroup = (token: Token) =>
    auxiliaryLike.has(token.pos) || (token.lower === "no" && tokens[index + 1]?.lower === "longer");
  while (index < tokens.length && inGroup(tokens[index]!) && group.length < 6) {
    if (tokens[index]!.pos === "PART" && tokens[index]!.lower === "to") break;
    group.push(tokens[index]!);
    index++;
  }
  let main = [...group].reverse().find((token) => token.pos === "AUX");
  if (tokens[index]?.pos === "VERB") {
    main = tokens[index]!;
    group.push(main);
    index++;
    if (
      passiveHelpers.has(main.lemma) &&
      tokens[index]?.pos === "VERB" &&
      /(?:ed|en)$/u.test(tokens[index]!.lower)
    ) {
      main = tokens[index]!;
      group.push(main);
      index++;
    }
  }
  if (!main) return undefined;
  let future = group.some((token) => token.lower === "will");
  // "am going to run a marathon": the plan's verb is the one after "going to".
  if (main.lemma === "go" && tokens[index]?.lower === "to" && tokens[index + 1]?.pos === "VERB") {
    group.push(tokens[index]!, tokens[index + 1]!);
    main = tokens[index + 1]!;
    index += 2;
    future = true;
  }
  const negated = group.some(
    (token) => token.lower === "not" || token.lower === "never" || token.lower === "no",
  );
  return { tokens: group, main, end: index, future, negated };
}
