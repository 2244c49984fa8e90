// Word classes the offline extractor reasons with. Lemmas (dictionary forms), lowercase. These are categories of
// everyday life, not sentence patterns: grammar comes from the part-of-speech tagger.

const words = (list: string) => new Set(list.split(" "));

/** What a noun is about, for typing and slotting. */
export type Topic =
  | "pet"
  | "car"
  | "phone"
  | "home"
  | "instrument"
  | "hobby"
  | "health"
  | "event"
  | "school"
  | "language"
  | "tech"
  | "gear";

const topics: Array<[Topic, Set<string>]> = [
  [
    "pet",
    words(
      "dog puppy cat kitten parrot rabbit bunny hamster horse turtle tortoise goldfish fish bird guinea lizard snake ferret pony",
    ),
  ],
  [
    "car",
    words(
      "car suv truck van minivan pickup motorcycle motorbike scooter sedan hatchback ev tesla toyota honda ford bmw audi volkswagen vw subaru kia hyundai volvo mazda nissan prius civic corolla jeep mercedes porsche skoda renault peugeot fiat chevy chevrolet",
    ),
  ],
  ["phone", words("phone smartphone iphone pixel galaxy android oneplus")],
  ["home", words("house home apartment flat condo cabin cottage townhouse place")],
  [
    "instrument",
    words(
      "guitar piano violin cello drum drums ukulele saxophone sax flute bass trumpet harp banjo clarinet keyboard accordion viola trombone mandolin harmonica",
    ),
  ],
  [
    "hobby",
    words(
      "yoga pilates running jogging climbing bouldering chess pottery painting knitting crochet tennis golf soccer football basketball volleyball swimming cycling surfing skiing snowboarding photography gardening baking boxing karate judo dance dancing salsa hiking fishing woodworking birdwatching sketching drawing meditation crossfit rowing skating archery fencing",
    ),
  ],
  [
    "health",
    words(
      "diabetes asthma migraine migraines adhd arthritis anxiety depression insomnia celiac coeliac epilepsy eczema allergy allergies cancer covid flu injury concussion hypertension cholesterol autism dyslexia tinnitus sciatica",
    ),
  ],
  [
    "event",
    words(
      "appointment flight meeting interview trip vacation holiday wedding party concert exam test surgery class lesson shift conference marathon race triathlon checkup check-up date recital game match presentation deadline reunion tournament competition birthday anniversary graduation ceremony retreat hike festival",
    ),
  ],
  [
    "school",
    words("school kindergarten preschool daycare nursery college university uni elementary middle high"),
  ],
  [
    "language",
    words(
      "python java kotlin typescript javascript go golang rust ruby swift scala elixir php c++ c# haskell clojure dart r julia perl english spanish french german portuguese italian mandarin japanese korean dutch",
    ),
  ],
  [
    "tech",
    words(
      "postgres postgresql mysql sqlite mongodb redis kafka kubernetes k8s docker terraform aws gcp azure react vue angular svelte django rails spring node nodejs deno graphql jira slack notion figma linux windows macos vim emacs vscode github gitlab jenkins airflow spark snowflake",
    ),
  ],
  ["gear", words("laptop bike bicycle macbook tablet ipad camera watch kindle boat kayak canoe")],
];

/** The topic of a word, when it names one ("puppy" → pet, "Tesla" → car). */
export function topicOf(word: string): Topic | undefined {
  const lower = word.toLowerCase();
  for (const [topic, members] of topics) if (members.has(lower)) return topic;
  return undefined;
}

/** Topics that hold one value at a time for a person: a new one replaces the old. */
export const singleValuedTopics: Partial<Record<Topic, string>> = { car: "car", phone: "phone" };

/** People and groups a speaker talks about as "my …" / "our …". */
export const relatives = words(
  "wife husband partner spouse boyfriend girlfriend fiance fiancee son daughter kid kids child children baby sister brother sibling mom mum mother dad father parents grandma grandmother grandpa grandfather aunt uncle cousin niece nephew twins family",
);
/** Groups a speaker belongs to ("our team uses Postgres 15"). */
export const groups = words(
  "team company startup department office lab group band household squad org organization organisation club class",
);
/** Pets as a subject ("my dog is called Rex" is handled by rules; "my cat hates the vet" is not stored). */
export const petSubjects = words("dog cat puppy kitten");

/** Verbs of saying and believing: a clause that reports speech or belief is not a fact about the speaker. */
export const speechVerbs = words(
  "say tell mention claim mean think believe guess suppose assume hear reckon doubt bet joke",
);

/** Verbs of small talk, opinion and request that never make a memory on their own. */
export const chatterVerbs = words(
  "know see understand agree feel wonder hope wish want need try ask consider plan intend help look thank appreciate forget remember care mind worry promise apologize apologise love like hate enjoy get",
);

/** Words that make a clause hypothetical, wished for or uncertain. */
export const irrealis = words(
  "if unless wish might maybe perhaps possibly probably hopefully suppose imagine whether someday could should would may ought",
);

/** Acquiring something: "adopted a puppy", "bought a Tesla", "got a new phone". */
export const acquireVerbs = words("adopt buy get purchase rescue lease own drive ride inherit order build");
/** Beginning something: "started school", "took up the cello", "began yoga". */
export const startVerbs = words("start begin join enroll enrol enter");
/** Learning and practising: hobbies and skills. */
export const practiseVerbs = words("learn practice practise play study train coach teach sing paint knit");
/** Travelling somewhere: a trip or a plan. */
export const travelVerbs = words("fly travel visit go head drive leave take fly return");
/** Switching from one tool or language to another. */
export const switchVerbs = words("switch migrate change transition convert");
/** A group's tooling: "our team uses Postgres 15". */
export const useVerbs = words("use run deploy host write build");
/** One-off achievements and events. */
export const eventVerbs = words(
  "run complete finish win celebrate pass graduate attend host book schedule break sprain injure",
);

/** Diets said as a state ("I've been vegetarian for years", "I went vegan"). */
export const diets = words(
  "vegetarian vegan pescatarian pescetarian flexitarian keto paleo gluten-free dairy-free plant-based",
);
/** Habits people state in the negative as lasting facts ("I don't smoke"). */
export const abstainVerbs = words("smoke drink drive vape gamble");
/** Verbs of taste: a statement with one of them is a preference. */
export const tasteVerbs = words("avoid prefer adore crave");
/** Everyday verbs too vague to remember on their own ("I made dinner", "I went home", "I saw a movie"). */
export const vagueVerbs = words(
  "go come make do put take give let keep eat cook watch see look read call text email send check pick grab order pay leave wait sleep wake stay sit stand bring find hold turn show play meet work live say get have",
);
/** States a person is in, said with "I am …": health, life stage, diet-like habits. */
export const statusWords = words(
  "fluent certified pregnant retired diabetic asthmatic colorblind colourblind deaf blind left-handed right-handed sober celiac coeliac autistic dyslexic vaccinated unemployed self-employed freelance bilingual trilingual",
);
/** Nouns naming a person's role in life (not a job): "I'm a mom of two", "I'm a runner". */
export const lifeRoles = words(
  "mom mum mother dad father parent grandparent grandmother grandfather grandma grandpa stepdad stepmom runner cyclist climber gamer reader vegan vegetarian twin homeowner renter volunteer swimmer surfer skier golfer guitarist pianist drummer violinist cellist singer",
);

/** Things whose details are remembered as their own subject ("my flight to Chicago is at 6am"). */
export const eventSubjects = words("flight appointment interview surgery wedding exam meeting trip party");
