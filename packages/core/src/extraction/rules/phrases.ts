// Phrase scanners for rule values: proper nouns (places, organisations, names) and role phrases.

const connectors = new Set([
  "de",
  "da",
  "do",
  "del",
  "della",
  "di",
  "la",
  "le",
  "am",
  "upon",
  "on",
  "of",
  "and",
  "&",
  "sur",
  "im",
  "van",
  "von",
  "y",
]);
const looseStops = new Set([
  "and",
  "as",
  "with",
  "for",
  "since",
  "now",
  "last",
  "this",
  "next",
  "but",
  "in",
  "at",
  "to",
  "a",
  "an",
  "my",
  "because",
  "so",
  "anymore",
  "currently",
  "recently",
  "these",
  "nowadays",
  "lately",
  "ago",
  "too",
  "again",
  "from",
  "by",
  "on",
  "who",
  "which",
  "that",
  "where",
  "until",
  "then",
  "or",
  "right",
  "yesterday",
  "today",
]);

function bare(token: string): string {
  return token.replace(/[,.;:!?)"]+$/u, "");
}

function isCapitalised(token: string | undefined): boolean {
  return !!token && /^[\p{Lu}\p{N}][\p{L}\p{N}'&.-]*$/u.test(bare(token)) && bare(token) !== "I";
}

/**
 * Reads a proper noun at the start of `rest`: "Porto last month" → "Porto", "Rio de Janeiro, …" → "Rio de Janeiro",
 * "the US" → "the US". In loose mode (the writer never capitalises) up to three plain words are taken and title-cased.
 */
export function properNoun(rest: string, loose: boolean): string | undefined {
  const tokens = rest.trim().split(/\s+/u);
  const taken: string[] = [];
  let index = 0;
  if (tokens[0]?.toLowerCase() === "the" && (loose || isCapitalised(tokens[1]))) {
    taken.push("the");
    index = 1;
  }
  for (; index < tokens.length && taken.length < 6; index++) {
    const raw = tokens[index]!;
    const token = bare(raw);
    if (isCapitalised(raw)) taken.push(token);
    else if (connectors.has(token) && taken.length && isCapitalised(tokens[index + 1])) taken.push(token);
    else if (
      loose &&
      /^[\p{L}\p{N}][\p{L}\p{N}'.-]*$/u.test(token) &&
      !looseStops.has(token) &&
      taken.length < 3
    ) {
      taken.push(token.charAt(0).toUpperCase() + token.slice(1));
    } else break;
    if (token !== raw) break;
  }
  const words = taken.filter((word) => word !== "the");
  return words.length ? taken.join(" ") : undefined;
}

const phraseStops =
  /\s+(?:at|for|with|in|since|and|but|who|that|which|because|so|from|on|until|now|currently|these days|nowadays|anymore|any more|this|last|next|as of)\b.*$|[,;:(].*$/u;

/** Reads a short noun phrase ("a data engineer at Acme" → "a data engineer"), at most six words. */
export function nounPhrase(rest: string): string | undefined {
  const phrase = rest
    .trim()
    .replace(phraseStops, "")
    .replace(/[\s.!?]+$/u, "");
  const words = phrase.split(/\s+/u).filter(Boolean);
  if (words.length === 0 || words.length > 6) return undefined;
  return words.join(" ");
}

/** Reads an organisation: a proper noun ("Acme Corp") or a short common phrase ("a startup", "a local hospital"). */
export function organization(rest: string, loose: boolean): string | undefined {
  const trimmed = rest.trim();
  if (/^(?:home|myself|free|it|that|this|them|you|the moment|night|nights)\b/iu.test(trimmed))
    return undefined;
  if (/^(?:a|an|the)\s/u.test(trimmed)) {
    const phrase = nounPhrase(trimmed);
    return phrase && phrase.split(/\s+/u).length <= 4 ? phrase : undefined;
  }
  return properNoun(trimmed, loose);
}

const occupations = new Set(
  (
    "engineer developer programmer designer manager teacher nurse doctor lawyer accountant student scientist researcher " +
    "analyst consultant writer journalist artist musician chef cook pilot architect dentist pharmacist therapist " +
    "psychologist professor lecturer tutor electrician plumber carpenter mechanic farmer driver salesperson cashier " +
    "waiter waitress barista bartender photographer editor translator librarian firefighter officer soldier veterinarian " +
    "vet paramedic surgeon physician economist entrepreneur founder cofounder co-founder ceo cto cfo coo intern freelancer " +
    "contractor marketer recruiter secretary assistant clerk banker trader investor actor actress dancer singer coach " +
    "trainer administrator admin technician specialist lead director executive owner producer animator illustrator " +
    "mathematician physicist chemist biologist caregiver retiree postdoc nanny babysitter builder detective police " +
    "policeman policewoman judge midwife optician surveyor tester architect copywriter dev sre devops pm ux ui " +
    "homemaker housewife househusband streamer youtuber blogger podcaster author poet novelist composer"
  ).split(" "),
);

/** True when the phrase's head noun names an occupation ("a senior data engineer", "an ICU nurse"). */
export function isOccupation(phrase: string): boolean {
  const words = phrase.toLowerCase().split(/\s+/u);
  const head = words[words.length - 1] ?? "";
  return occupations.has(head) || /(?:ist|ician|eer|grapher|logist|ographer)$/u.test(head);
}
