/** Whether a sentence talks about the past, the future or neither clearly. */
export type Tense = "past" | "future" | "present";

const future =
  /\b(?:will|shall|going to|gonna|plan(?:s|ning)? to|intend(?:s)? to|about to|upcoming|scheduled|booked for)\b|'ll\b/i;
const past =
  /\b(?:was|were|did|had|ago|since|used to|last|yesterday|moved|started|began|joined|got|left|quit|met|married|bought|adopted|graduated|finished|became|went|came|took|made|saw|born)\b|\b(?:i|we|he|she|they|you)\s+(?:\w+ly\s+)?[a-z]{2,}ed\b/i;

/** The tense a sentence's time expressions most likely refer to (future markers win over past ones). */
export function sentenceTense(sentence: string): Tense {
  if (future.test(sentence)) return "future";
  if (past.test(sentence)) return "past";
  return "present";
}

// "Every Monday I swim", "on weekends", "twice a week": a schedule, not an event with one date.
const recurring =
  /\b(?:every|each|daily|weekly|monthly|yearly|annually|usually|always|often|sometimes|whenever|weekends|(?:mon|tues|wednes|thurs|fri|satur|sun)days|(?:once|twice|\w+ times) (?:a|per) \w+)\b/i;

/** Whether a sentence describes a recurring schedule, whose days are not dates to resolve. */
export function isRecurring(sentence: string): boolean {
  return recurring.test(sentence);
}
