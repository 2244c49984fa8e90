// Life facts that change over a year: home city, job (employer and role together), relationship, pet.
import { simpleTopic } from "./simple-topic.js";
import {
  isNegated,
  mentions,
  type SlotDefinition,
  type SlotValues,
  statesWord,
  type Topic,
  unused,
  withArticle,
} from "./slot-definition.js";

/** Home city. */
export const locationTopic: Topic = simpleTopic({
  slot: "location",
  placeholder: "location",
  type: "fact",
  questions: ["Where do I live?", "Which city am I based in?"],
  values: [
    "Lisbon",
    "Porto",
    "Berlin",
    "Madrid",
    "Amsterdam",
    "Copenhagen",
    "Vienna",
    "Dublin",
    "Edinburgh",
    "Toronto",
    "Melbourne",
    "Seattle",
  ],
  memory: (value) => `Lives in ${value}`,
  changes: [2, 4],
  state: ["I live in {location}.", "I'm based in {location}.", "Home for me is {location}."],
  change: [
    "I just moved to {location}.",
    "We finally relocated to {location} last week.",
    "I live in {location} now.",
    "Moving day is done, I'm officially a resident of {location}!",
    "I've left {previousLocation} and I'm settling into my new flat in {location}.",
  ],
  repeat: [
    "I'm still living in {location}.",
    "Still loving life here in {location}!",
    "I live in {location}.",
    "Life in {location} is treating me well.",
    "I'm based in {location}, so calls with the US team are late for me.",
  ],
});

const employer: SlotDefinition = {
  name: "employer",
  type: "fact",
  questions: ["Where do I work?", "Which company am I working for?"],
  values: [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Industries",
    "Hooli",
    "Wonka Foods",
    "Cyberdyne",
  ],
  memory: (value) => `Works at ${value}`,
  states: statesWord,
};

const role: SlotDefinition = {
  name: "role",
  type: "fact",
  questions: ["What is my job?", "What do I do for a living?"],
  values: [
    "product designer",
    "data analyst",
    "nurse",
    "software engineer",
    "accountant",
    "project manager",
    "teacher",
    "marketing manager",
  ],
  memory: (value) => `Works as ${withArticle(value)}`,
  states: statesWord,
};

function nextJob(random: Parameters<Topic["first"]>[0], used: ReadonlySet<string>): SlotValues | undefined {
  const company = unused(random, employer.values, used);
  const title = unused(random, role.values, used);
  return company && title ? { employer: company, role: title } : undefined;
}

/** Job: employer and role change together. */
export const jobTopic: Topic = {
  name: "job",
  slots: [employer, role],
  firstSession: [0, 9],
  changes: [1, 3],
  first: (random) => nextJob(random, new Set())!,
  next: (random, _current, used) => nextJob(random, used),
  state: () => ["I work at {employer} as {aRole}.", "I'm {aRole} at {employer}."],
  change: () => [
    "I started a new job at {employer} as {aRole}.",
    "I joined {employer} as {aRole}.",
    "Big news: I accepted an offer from {employer}, I'll be their new {role}.",
    "Today was my first day as {aRole} at {employer}.",
    "I work at {employer} now, as {aRole}.",
  ],
  repeat: () => [
    { template: "I'm still at {employer}.", slots: ["employer"] },
    { template: "Work at {employer} was hectic today.", slots: ["employer"] },
    { template: "I work for {employer}.", slots: ["employer"] },
    { template: "I work as {aRole}.", slots: ["role"] },
    { template: "Being {aRole} keeps me busy.", slots: ["role"] },
    { template: "As {aRole}, I spend a lot of my week in meetings.", slots: ["role"] },
  ],
  vars: (values) => ({ employer: values.employer!, role: values.role!, aRole: withArticle(values.role!) }),
};

const partners = ["Alex", "Jordan", "Robin", "Morgan", "Casey", "Riley"];
const statuses = ["dating", "engaged to", "married to"] as const;

function partnerOf(value: string): string | undefined {
  return /^(?:dating|engaged to|married to) (.+)$/u.exec(value)?.[1];
}

function statesRelationship(memory: string, value: string): boolean {
  if (isNegated(memory)) return false;
  const engaged = /\bengaged\b|fianc/iu.test(memory);
  const married = /\bmarried\b|\bhusband\b|\bwife\b/iu.test(memory);
  if (value === "single") return /\bsingle\b/iu.test(memory);
  const partner = partnerOf(value)!;
  if (value.startsWith("engaged")) return engaged;
  if (value.startsWith("married")) return married;
  const together = /\b(?:relationship|dating|girlfriend|boyfriend|partner|seeing)\b/iu.test(memory);
  return !engaged && !married && !/\bsingle\b/iu.test(memory) && (mentions(memory, partner) || together);
}

const relationship: SlotDefinition = {
  name: "relationship",
  type: "fact",
  questions: ["What is my relationship status?", "Am I seeing anyone?"],
  values: ["single", ...partners.flatMap((partner) => statuses.map((status) => `${status} ${partner}`))],
  memory: (value) =>
    value === "single"
      ? "Is single"
      : value.startsWith("dating")
        ? `Is in a relationship with ${partnerOf(value)}`
        : `Is ${value}`,
  states: statesRelationship,
};

function nextRelationship(random: Parameters<Topic["first"]>[0], current: string, used: ReadonlySet<string>) {
  const partner = partnerOf(current);
  if (current === "single")
    return unused(
      random,
      partners.map((name) => `dating ${name}`),
      used,
    );
  if (current.startsWith("dating")) return random.next() < 0.5 ? "single" : `engaged to ${partner}`;
  if (current.startsWith("engaged")) return `married to ${partner}`;
  return undefined;
}

const relationshipTemplates: Record<string, { state: string[]; change: string[]; repeat: string[] }> = {
  single: {
    state: ["I'm single.", "I'm single at the moment."],
    change: ["{previousPartner} and I broke up.", "I'm single again.", "I broke up with {previousPartner}."],
    repeat: ["Still single, and honestly happy that way.", "I'm single."],
  },
  dating: {
    state: ["My partner is called {partner}.", "I'm in a relationship with {partner}."],
    change: [
      "I'm seeing someone new, {partner}.",
      "My partner is called {partner}.",
      "I'm in a relationship with {partner}.",
      "{partner} and I are officially together!",
    ],
    repeat: ["My partner is {partner}.", "{partner} and I are doing great."],
  },
  engaged: {
    state: ["I'm engaged to {partner}."],
    change: ["{partner} and I got engaged!", "I got engaged to {partner}!", "I got engaged."],
    repeat: ["We're still planning the wedding, {partner} wants a small one.", "I'm engaged to {partner}."],
  },
  married: {
    state: ["I'm married to {partner}."],
    change: ["{partner} and I got married last weekend!", "I got married."],
    repeat: ["I'm married to {partner}.", "Married life with {partner} is good."],
  },
};

const templatesOf = (value: string) => relationshipTemplates[value.split(" ")[0]!]!;

/** Relationship: single → dating → (break-up, or engaged → married). */
export const relationshipTopic: Topic = {
  name: "relationship",
  slots: [relationship],
  firstSession: [0, 9],
  changes: [2, 3],
  first: (random) => ({ relationship: random.next() < 0.6 ? "single" : `dating ${random.pick(partners)}` }),
  next(random, current, used) {
    const value = nextRelationship(random, current.relationship!, used);
    return value ? { relationship: value } : undefined;
  },
  state: (values) => templatesOf(values.relationship!).state,
  change: (values) => templatesOf(values.relationship!).change,
  repeat: (values) =>
    templatesOf(values.relationship!).repeat.map((template) => ({ template, slots: ["relationship"] })),
  vars: (values, previous) => {
    const partner = partnerOf(values.relationship!);
    const before = previous?.relationship ? partnerOf(previous.relationship) : undefined;
    return { ...(partner ? { partner } : {}), ...(before ? { previousPartner: before } : {}) };
  },
};

const pets = [
  "a dog named Rex",
  "a cat named Milo",
  "a rabbit named Clover",
  "a dog named Biscuit",
  "a cat named Luna",
];
const petParts = (value: string) => /^an? (\w+) named (\w+)$/u.exec(value)!.slice(1) as [string, string];

const pet: SlotDefinition = {
  name: "pet",
  type: "fact",
  questions: ["What pet do I have?", "What is my pet called?"],
  values: pets,
  memory: (value) => `Has ${value}`,
  states: (memory, value) => statesWord(memory, petParts(value)[1]),
};

/** Pet: adopted some months in, sometimes replaced by another. */
export const petTopic: Topic = {
  name: "pet",
  slots: [pet],
  firstSession: [30, 90],
  changes: [0, 1],
  first: (random) => ({ pet: random.pick(pets) }),
  next(random, _current, used) {
    const value = unused(random, pets, used);
    return value ? { pet: value } : undefined;
  },
  state: () => [
    "I adopted a {animal} called {petName}.",
    "I have a {animal} named {petName}.",
    "We got a {animal}! Its name is {petName}.",
    "Meet {petName}, my new {animal}!",
  ],
  change: () => [
    "{previousPetName} went to live with my parents, and I adopted a {animal} named {petName}.",
    "{previousPetName} moved in with my sister for good; now I have a {animal} named {petName}.",
  ],
  repeat: () =>
    [
      "{petName} knocked my coffee over again.",
      "I have a {animal} named {petName}.",
      "My {animal}'s name is {petName}.",
      "Taking {petName} to the vet tomorrow.",
    ].map((template) => ({ template, slots: ["pet"] })),
  vars: (values, previous) => {
    const [animal, petName] = petParts(values.pet!);
    return { animal, petName, ...(previous?.pet ? { previousPetName: petParts(previous.pet)[1] } : {}) };
  },
};
