// Tastes that change over a year: diet, hobby, favourite food, favourite band. Templates are everyday English,
// written for people, not for the rule extractor: the benchmark reports which of them the rules miss.
import { simpleTopic } from "./simple-topic.js";
import type { Topic } from "./slot-definition.js";

/** Diet: vegetarian, vegan… */
export const dietTopic: Topic = simpleTopic({
  slot: "diet",
  placeholder: "diet",
  type: "preference",
  questions: ["What diet do I follow?", "Do I eat meat?"],
  values: ["vegetarian", "vegan", "pescatarian", "flexitarian"],
  memory: (value) => `Is ${value}`,
  changes: [1, 3],
  state: ["I'm {diet}.", "I am {diet}, by the way."],
  change: [
    "I'm {diet} now.",
    "I've decided to go {diet}.",
    "I became {diet} last week.",
    "I'm {diet}.",
    "From this month on I'm {diet}.",
  ],
  repeat: [
    "I'm still {diet}.",
    "Being {diet} is easier than I expected.",
    "I am {diet}.",
    "Remember that I'm {diet}.",
  ],
});

/** Hobby: climbing, yoga… */
export const hobbyTopic: Topic = simpleTopic({
  slot: "hobby",
  placeholder: "hobby",
  type: "preference",
  questions: ["What hobby am I into?", "What do I do for fun?"],
  values: ["climbing", "yoga", "pottery", "chess", "salsa dancing", "rowing", "painting"],
  memory: (value) => `Is into ${value}`,
  changes: [1, 2],
  state: ["I'm really into {hobby} these days.", "I love {hobby}."],
  change: [
    "I've taken up {hobby}.",
    "I started doing {hobby} twice a week.",
    "My new hobby is {hobby}.",
    "I'm really into {hobby} these days.",
    "I gave up {previousHobby} and I'm into {hobby} now.",
  ],
  repeat: [
    "I still do {hobby} every week.",
    "{Hobby} is still my favourite way to unwind.",
    "I'm into {hobby}.",
  ],
});

/** Favourite food: ramen, sushi… */
export const foodTopic: Topic = simpleTopic({
  slot: "favorite_food",
  placeholder: "food",
  type: "preference",
  questions: ["What is my favourite food?", "What food do I like best?"],
  values: ["ramen", "sushi", "tacos", "lasagne", "pho", "paella", "dumplings", "curry"],
  memory: (value) => `Favorite food is ${value}`,
  changes: [1, 2],
  state: ["My favourite food is {food}.", "I love {food}."],
  change: [
    "My favourite food is {food} these days.",
    "Lately I can't get enough of {food}.",
    "{Food} is my new favourite food.",
    "My favorite food is {food} now.",
  ],
  repeat: [
    "I love {food}.",
    "Nothing beats {food}.",
    "My favorite food is {food}.",
    "Had {food} again, still my favourite.",
  ],
});

/** Favourite band: Radiohead, ABBA… */
export const bandTopic: Topic = simpleTopic({
  slot: "favorite_band",
  placeholder: "band",
  type: "preference",
  questions: ["What is my favourite band?", "What music am I into?"],
  values: [
    "Radiohead",
    "Fleetwood Mac",
    "Daft Punk",
    "Arctic Monkeys",
    "The Beatles",
    "Coldplay",
    "ABBA",
    "Massive Attack",
  ],
  memory: (value) => `Favorite band is ${value}`,
  changes: [1, 2],
  state: ["My favourite band is {band}.", "I'm a big fan of {band}."],
  change: [
    "My favourite band right now is {band}.",
    "I've been listening to {band} nonstop.",
    "My favourite band is {band} now.",
    "{Band} has replaced {previousBand} as my favourite band.",
  ],
  repeat: ["I'm a big fan of {band}.", "Still playing {band} on repeat.", "My favourite band is {band}."],
});
