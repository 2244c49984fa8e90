import type { MemoryType } from "../types.js";

// Offline signals of how much a memory matters (in the spirit of Generative Agents' importance, without a model):
// the user asked for it to be remembered, it is about who they are or their health, it carries dates or numbers.
const asked = /\b(?:remember|don'?t forget|never forget|keep in mind|note that|important|always|never)\b/iu;
const identity =
  /\b(?:name|born|birthday|allerg\w*|diagnos\w*|married|wife|husband|partner|daughter|son|children|kids|pregnan\w*|vegan|vegetarian|religio\w*|live[sd]?|lives|moved|work[s]?|job)\b/iu;
const dated =
  /\b(?:\d{4}|\d{1,2}[/.-]\d{1,2}|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/iu;
const numbers = /\d/u;
const typeBias: Partial<Record<MemoryType, number>> = {
  instruction: 0.15,
  profile: 0.1,
  preference: 0.05,
  episode: -0.1,
  task_state: -0.05,
};

/**
 * Importance in [0.1, 1] of a new memory, estimated offline from its text, type and (when known) the message it
 * came from: 0.5, plus 0.3 when the user asked for it to be remembered, 0.15 for identity, health, family, home and
 * work, 0.05 for dates and 0.05 for other numbers, plus a small bias by type (instructions up, episodes down).
 */
export function estimateImportance(memory: string, type: MemoryType, said?: string): number {
  const text = said ? `${said} ${memory}` : memory;
  let importance = 0.5 + (typeBias[type] ?? 0);
  if (asked.test(text)) importance += 0.3;
  if (identity.test(memory)) importance += 0.15;
  if (dated.test(text)) importance += 0.05;
  else if (numbers.test(text)) importance += 0.05;
  return Math.round(Math.min(1, Math.max(0.1, importance)) * 100) / 100;
}
