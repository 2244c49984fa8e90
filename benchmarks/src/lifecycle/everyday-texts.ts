// Episodes, work in progress and small talk: the bulk of what a user says. None of the fillers below names a slot
// value (no city, employer, partner, pet, hobby, food or band), so a memory about an episode never counts as a
// statement of a slot's value in the metrics.
import { fill } from "./slot-definition.js";
import type { Random } from "../workload/random.js";

/** A template with the third-person memory a perfect extractor would write for it. */
export interface EverydayTemplate {
  /** The user's message, with `{placeholders}`. */
  text: string;
  /** The memory, with the same placeholders; absent for small talk. */
  memory?: string;
}

const fillers: Record<string, readonly string[]> = {
  friend: ["Sam", "Priya", "Tom", "Lena", "Omar", "Kenji", "Ines", "Noah"],
  restaurant: ["Luigi's", "The Green Fork", "Casa Lupe", "Noodle Bar 88", "the new place on Main Street"],
  workItem: ["quarterly report", "budget review", "onboarding deck", "client proposal", "sprint retro notes"],
  book: ["Dune", "Circe", "The Hobbit", "Educated", "Project Hail Mary", "Piranesi"],
  movie: ["Arrival", "Paddington 2", "Inception", "Spirited Away", "The Martian"],
  place: ["the farmers market", "the science museum", "the botanical garden", "the beach", "the flea market"],
  thing: ["leaking tap", "wobbly shelf", "bike chain", "broken lamp", "squeaky door"],
  course: ["first aid", "public speaking", "photography basics", "Excel"],
  destination: ["Crete", "Kyoto", "Marrakesh", "Reykjavik", "Sicily"],
  month: ["March", "June", "August", "October", "December"],
  project: ["Q3 roadmap", "website redesign", "tax return", "grant application", "conference talk"],
  event: ["team offsite", "board meeting", "city 10k", "driving test", "family reunion"],
};

/** Things that happened: the memories that pile up. */
export const episodeTemplates: readonly EverydayTemplate[] = [
  { text: "I went hiking with {friend} today.", memory: "Went hiking with {friend}" },
  { text: "I finished the {workItem}.", memory: "Finished the {workItem}" },
  { text: "We had dinner at {restaurant}.", memory: "Had dinner at {restaurant}" },
  { text: "I finished reading {book}.", memory: "Finished reading {book}" },
  { text: "Had coffee with {friend} this afternoon.", memory: "Had coffee with {friend}" },
  { text: "I submitted the {workItem} this morning.", memory: "Submitted the {workItem}" },
  { text: "We watched {movie} last night.", memory: "Watched {movie}" },
  {
    text: "I spent the afternoon at {place} with {friend}.",
    memory: "Spent the afternoon at {place} with {friend}",
  },
  { text: "I fixed the {thing}.", memory: "Fixed the {thing}" },
  { text: "I completed the {course} course.", memory: "Completed the {course} course" },
  { text: "{Friend} came over for board games.", memory: "Played board games with {friend}" },
  { text: "I went to {friend}'s birthday party.", memory: "Went to {friend}'s birthday party" },
  { text: "I cleaned out the garage.", memory: "Cleaned out the garage" },
  {
    text: "I booked flights to {destination} for {month}.",
    memory: "Booked flights to {destination} for {month}",
  },
];

/** Work in progress (type task_state: short-lived). */
export const taskTemplates: readonly EverydayTemplate[] = [
  { text: "I'm working on the {project}.", memory: "Is working on the {project}" },
  { text: "I'm preparing for the {event}.", memory: "Is preparing for the {event}" },
  { text: "This week I'm busy with the {project}.", memory: "Is busy with the {project}" },
];

/** Small talk and requests: nothing to remember. */
export const smallTalkTemplates: readonly EverydayTemplate[] = [
  { text: "Good morning!" },
  { text: "Thanks, that's helpful." },
  { text: "Can you suggest something for dinner?" },
  { text: "What's the weather like this weekend?" },
  { text: "Haha, fair enough." },
  { text: "Ugh, long day." },
  { text: "Ok, talk tomorrow!" },
  { text: "Could you draft a short email to my landlord?" },
  { text: "That makes sense." },
  { text: "I'm so tired today." },
];

/** Fills a template's placeholders with random fillers; the same fillers go into its text and memory. */
export function fillEveryday(random: Random, template: EverydayTemplate): { text: string; memory?: string } {
  const vars: Record<string, string> = {};
  for (const [, key] of template.text.matchAll(/\{(\w+)\}/gu)) {
    const name = key!.charAt(0).toLowerCase() + key!.slice(1);
    vars[name] ??= random.pick(fillers[name]!);
  }
  return {
    text: fill(template.text, vars),
    ...(template.memory ? { memory: fill(template.memory, vars) } : {}),
  };
}
