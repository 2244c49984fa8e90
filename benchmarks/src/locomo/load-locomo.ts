import { readFileSync } from "node:fs";
import type {
  LocomoConversation,
  LocomoDataset,
  LocomoQuestion,
  LocomoSession,
  LocomoTurn,
} from "./locomo-types.js";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function turnText(raw: Json): string {
  const text =
    typeof raw.text === "string"
      ? raw.text
      : raw.text === undefined || raw.text === null
        ? ""
        : String(raw.text);
  const caption =
    typeof raw.blip_caption === "string" && raw.blip_caption.trim() ? raw.blip_caption.trim() : undefined;
  return caption ? `${text} [shares an image: ${caption}]`.trim() : text;
}

/** Sessions from the `session_N` keys that hold turn lists; `session_N_date_time` keys alone do not make a session. */
function readSessions(sampleId: string, conversation: Json, warnings: string[]): LocomoSession[] {
  const numbers = Object.keys(conversation)
    .map((key) => /^session_(\d+)$/u.exec(key))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
  const sessions: LocomoSession[] = [];
  for (const number of numbers) {
    const turns = conversation[`session_${number}`];
    if (!Array.isArray(turns)) {
      warnings.push(`${sampleId}: session_${number} is not a list of turns; skipped`);
      continue;
    }
    const dateTime = conversation[`session_${number}_date_time`];
    const parsed: LocomoTurn[] = [];
    turns.forEach((turn, position) => {
      if (!isObject(turn) || typeof turn.dia_id !== "string" || !turn.dia_id.trim()) {
        warnings.push(`${sampleId}: session_${number} turn ${position} has no dia_id; skipped`);
        return;
      }
      parsed.push({
        diaId: turn.dia_id.trim(),
        speaker: typeof turn.speaker === "string" ? turn.speaker : "unknown",
        text: turnText(turn),
      });
    });
    sessions.push({ number, ...(typeof dateTime === "string" ? { dateTime } : {}), turns: parsed });
  }
  return sessions;
}

/**
 * Repairs one evidence string into dialogue ids: splits lists ("D8:6; D9:17", "D9:1 D4:4"), drops leading zeros
 * ("D30:05" → "D30:5") and a stray colon ("D:11:26" → "D11:26"). Returns the candidate ids (unchecked).
 */
export function parseEvidence(raw: string): string[] {
  const ids: string[] = [];
  for (const token of raw.split(/[\s;,]+/u)) {
    const match = /^D:?(\d+):(\d+)$/iu.exec(token.trim());
    if (match) ids.push(`D${Number(match[1])}:${Number(match[2])}`);
  }
  return ids;
}

function readEvidence(
  sampleId: string,
  index: number,
  raw: unknown,
  known: Set<string>,
  warnings: string[],
): string[] {
  const where = `${sampleId} qa ${index}`;
  if (raw === undefined || raw === null) return [];
  const entries = Array.isArray(raw) ? raw : [raw];
  const ids = new Set<string>();
  for (const entry of entries) {
    if (typeof entry !== "string") {
      warnings.push(`${where}: evidence entry ${JSON.stringify(entry)} is not a string; dropped`);
      continue;
    }
    const parsed = parseEvidence(entry);
    if (parsed.length === 0) warnings.push(`${where}: evidence "${entry}" is not a dialogue id; dropped`);
    else if (parsed.length > 1 || parsed[0] !== entry.trim())
      warnings.push(`${where}: evidence "${entry}" read as ${parsed.join(", ")}`);
    for (const id of parsed) {
      if (known.has(id)) ids.add(id);
      else warnings.push(`${where}: evidence ${id} is not a turn of the conversation; dropped`);
    }
  }
  return [...ids];
}

function readQuestion(
  sampleId: string,
  index: number,
  raw: unknown,
  known: Set<string>,
  warnings: string[],
): LocomoQuestion | undefined {
  if (!isObject(raw) || typeof raw.question !== "string") {
    warnings.push(`${sampleId} qa ${index}: no question text; skipped`);
    return undefined;
  }
  const answerValue = raw.answer ?? raw.adversarial_answer;
  const answer = answerValue === undefined || answerValue === null ? "" : String(answerValue);
  const category = Number(raw.category);
  if (!Number.isInteger(category))
    warnings.push(`${sampleId} qa ${index}: category ${JSON.stringify(raw.category)} is not a number`);
  const evidence = readEvidence(sampleId, index, raw.evidence, known, warnings);
  return {
    index,
    question: raw.question,
    answer,
    evidence,
    category: Number.isInteger(category) ? category : 0,
  };
}

function readConversation(
  raw: unknown,
  position: number,
  warnings: string[],
): LocomoConversation | undefined {
  if (!isObject(raw) || !isObject(raw.conversation)) {
    warnings.push(`sample ${position}: no "conversation" object; skipped`);
    return undefined;
  }
  const sampleId = typeof raw.sample_id === "string" ? raw.sample_id : `sample-${position}`;
  const conversation = raw.conversation;
  const sessions = readSessions(sampleId, conversation, warnings);
  const known = new Set(sessions.flatMap((session) => session.turns.map((turn) => turn.diaId)));
  const qa = Array.isArray(raw.qa) ? raw.qa : [];
  const questions = qa
    .map((item, index) => readQuestion(sampleId, index, item, known, warnings))
    .filter((item): item is LocomoQuestion => item !== undefined);
  const speaker = (key: string) =>
    typeof conversation[key] === "string" ? (conversation[key] as string) : key;
  return { sampleId, speakers: [speaker("speaker_a"), speaker("speaker_b")], sessions, questions };
}

/** Parses LoCoMo JSON (a list of samples, or one sample), surviving the format's known defects. */
export function parseLocomo(data: unknown): LocomoDataset {
  const warnings: string[] = [];
  const samples = Array.isArray(data) ? data : isObject(data) && "conversation" in data ? [data] : undefined;
  if (!samples) {
    throw new Error(
      'Not LoCoMo data: expected a JSON list of samples like [{ "sample_id", "conversation", "qa" }].',
    );
  }
  const conversations = samples
    .map((sample, position) => readConversation(sample, position, warnings))
    .filter((item): item is LocomoConversation => item !== undefined);
  if (conversations.length === 0)
    throw new Error('No usable LoCoMo conversation in the data (each needs a "conversation" object).');
  return { conversations, warnings };
}

/** Reads and parses a LoCoMo file from any path. */
export function loadLocomo(file: string): LocomoDataset {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read LoCoMo data at "${file}": ${(error as Error).message}. Pass --data <path to locomo10.json>.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `"${file}" is not valid JSON (${(error as Error).message}); expected LoCoMo's locomo10.json format.`,
    );
  }
  return parseLocomo(data);
}
