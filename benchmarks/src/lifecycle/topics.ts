import type { SlotDefinition, SlotName, Topic } from "./slot-definition.js";
import { jobTopic, locationTopic, petTopic, relationshipTopic } from "./topics-life.js";
import { bandTopic, dietTopic, foodTopic, hobbyTopic } from "./topics-tastes.js";

/** Every topic the simulated user talks about, in a fixed order (the generator's draws depend on it). */
export const topics: readonly Topic[] = [
  locationTopic,
  jobTopic,
  relationshipTopic,
  dietTopic,
  petTopic,
  hobbyTopic,
  foodTopic,
  bandTopic,
];

/** Every slot, in topic order. */
export const slots: readonly SlotDefinition[] = topics.flatMap((topic) => topic.slots);

/** The definition of a slot. */
export function slotDefinition(name: SlotName): SlotDefinition {
  const found = slots.find((slot) => slot.name === name);
  if (!found) throw new Error(`unknown slot ${name}`);
  return found;
}
