import type { Random } from "./random.js";

// Word lists for memory-like sentences; several hundred thousand combinations keep texts distinct at 100k.
const names = [
  "Alice",
  "Bruno",
  "Chen",
  "Dana",
  "Emeka",
  "Farah",
  "Goran",
  "Hana",
  "Ivan",
  "Jonas",
  "Kira",
  "Luis",
  "Mina",
  "Noor",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
  "Viktor",
  "Wen",
  "Yara",
  "Zoe",
];
const cities = [
  "Lisbon",
  "Porto",
  "Berlin",
  "Munich",
  "Paris",
  "Lyon",
  "Madrid",
  "Seville",
  "Rome",
  "Milan",
  "Vienna",
  "Prague",
  "Warsaw",
  "Oslo",
  "Dublin",
  "Austin",
  "Denver",
  "Toronto",
  "Osaka",
  "Seoul",
  "Nairobi",
  "Lagos",
  "Lima",
  "Bogota",
  "Sydney",
];
const companies = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Vandelay",
  "Stark Labs",
  "Wayne Corp",
  "Cyberdyne",
  "Soylent",
  "Tyrell",
  "Aperture",
  "Massive Dynamic",
  "Pied Piper",
  "Wonka",
  "Oscorp",
];
const roles = [
  "data engineer",
  "product manager",
  "nurse",
  "teacher",
  "backend developer",
  "designer",
  "accountant",
  "chef",
  "researcher",
  "sales lead",
  "pilot",
  "lawyer",
  "mechanic",
  "pharmacist",
  "architect",
];
const foods = [
  "vegetarian food",
  "spicy ramen",
  "sushi",
  "tacos",
  "pasta",
  "curry",
  "falafel",
  "dumplings",
  "pho",
  "paella",
  "dark chocolate",
  "oat milk lattes",
  "green tea",
  "sourdough bread",
  "mango smoothies",
];
const allergens = [
  "peanuts",
  "shellfish",
  "gluten",
  "lactose",
  "soy",
  "eggs",
  "tree nuts",
  "sesame",
  "penicillin",
  "pollen",
  "cats",
  "bee stings",
];
const hobbies = [
  "rock climbing",
  "chess",
  "gardening",
  "trail running",
  "painting",
  "playing guitar",
  "baking",
  "birdwatching",
  "photography",
  "yoga",
  "cycling",
  "pottery",
  "sailing",
  "knitting",
  "board games",
  "salsa dancing",
];
const relations = [
  "sister",
  "brother",
  "mother",
  "father",
  "daughter",
  "son",
  "partner",
  "best friend",
  "grandmother",
  "cousin",
  "manager",
  "roommate",
];
const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const projects = [
  "billing migration",
  "mobile app redesign",
  "data warehouse",
  "onboarding flow",
  "search ranking",
  "payments API",
  "quarterly report",
  "marketing site",
  "fraud model",
  "support chatbot",
  "inventory sync",
  "kitchen renovation",
];
const formats = [
  "short answers",
  "bullet points",
  "detailed explanations",
  "code examples",
  "answers in Spanish",
  "answers in German",
  "a formal tone",
  "a casual tone",
  "tables",
  "step-by-step guides",
];
const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

type Template = (random: Random) => string;

const templates: Template[] = [
  (r) =>
    `${r.pick(names)} lives in ${r.pick(cities)} and works at ${r.pick(companies)} as a ${r.pick(roles)}.`,
  (r) => `Prefers ${r.pick(foods)} and is allergic to ${r.pick(allergens)}.`,
  (r) => `Moved to ${r.pick(cities)} in ${r.pick(months)} after a job offer from ${r.pick(companies)}.`,
  (r) => `Their ${r.pick(relations)} ${r.pick(names)} has a birthday on ${1 + r.int(28)} ${r.pick(months)}.`,
  (r) =>
    `Enjoys ${r.pick(hobbies)} on ${r.pick(weekdays)}s and ${r.pick(hobbies)} during holidays in ${r.pick(cities)}.`,
  (r) =>
    `Is working on the ${r.pick(projects)} with ${r.pick(names)} and expects to finish by ${r.pick(months)}.`,
  (r) => `Wants ${r.pick(formats)} when asking about the ${r.pick(projects)}.`,
  (r) => `Hates meetings before ${7 + r.int(4)}am on ${r.pick(weekdays)}s; prefers ${r.pick(formats)}.`,
  (r) =>
    `Visited ${r.pick(cities)} with their ${r.pick(relations)} and tried ${r.pick(foods)} for the first time.`,
  (r) => `Asked for a reminder to call ${r.pick(names)} about ${r.pick(hobbies)} next ${r.pick(weekdays)}.`,
];

const questions: Template[] = [
  (r) => `Where does ${r.pick(names)} live and work?`,
  (r) => `What food does the user like, and is there an allergy to ${r.pick(allergens)}?`,
  (r) => `When did they move to ${r.pick(cities)}?`,
  (r) => `When is the birthday of their ${r.pick(relations)}?`,
  (r) => `What hobbies does the user enjoy, like ${r.pick(hobbies)}?`,
  (r) => `How is the ${r.pick(projects)} going?`,
  (r) => `How should answers about the ${r.pick(projects)} be formatted?`,
  (r) => `Which ${r.pick(foods)} did they try on the trip?`,
];

/** A memory-like sentence about a user (names, places, employers, preferences, plans). */
export function memoryText(random: Random): string {
  return random.pick(templates)(random);
}

/** A question a user or agent might ask of the memory. */
export function queryText(random: Random): string {
  return random.pick(questions)(random);
}

/** Realistic metadata for one memory. */
export function memoryMetadata(
  random: Random,
  sequence: number,
): { channel: string; importance: number; tags: string[]; sessionId: string } {
  return {
    channel: random.pick(["web", "slack", "email", "voice", "mobile"]),
    importance: 1 + random.int(5),
    tags: [
      random.pick(["work", "family", "health", "travel", "food", "hobby"]),
      random.pick(["todo", "profile", "preference", "event"]),
    ],
    sessionId: `s-${Math.floor(sequence / 8)}`,
  };
}
