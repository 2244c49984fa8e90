import type { Metadata } from "@engram/core";
import { createRandom, type Random } from "./random.js";
import { memoryMetadata, memoryText, queryText } from "./texts.js";

/** What to generate. */
export interface WorkloadOptions {
  /** Number of memories. */
  size: number;
  /** Number of users the memories are spread over (uniformly at random). */
  users: number;
  /** Vector length. */
  dimensions: number;
  /** Seed: the same options always give the same workload. */
  seed: number;
  /** Number of search queries. */
  queries: number;
  /** Number of topic clusters the vectors are drawn around. @default 64 */
  topics?: number;
}

/** One memory to add. */
export interface WorkloadMemory {
  /** Unique text. */
  text: string;
  /** Owning user. */
  userId: string;
  /** Metadata stored with it. */
  metadata: Metadata;
  /** Unit-length vector, the one the precomputed embedder returns for `text`. */
  vector: Float32Array;
}

/** One search to run. */
export interface WorkloadQuery {
  /** Question text. */
  text: string;
  /** The user it is scoped to (for scoped searches). */
  userId: string;
  /** Unit-length query vector (a noisy copy of one of the user's memory vectors). */
  vector: Float32Array;
}

/** A generated workload. */
export interface Workload {
  /** The options it was generated from. */
  options: Required<WorkloadOptions>;
  /** The agent (tenant) owning every memory: a tenant-wide search is a search by this agentId. */
  agentId: string;
  /** The memories, in insertion order. */
  memories: WorkloadMemory[];
  /** The queries. */
  queries: WorkloadQuery[];
}

/** The user id of user number `index`. */
export function userName(index: number): string {
  return `user-${String(index).padStart(5, "0")}`;
}

function unit(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < vector.length; index++) vector[index]! /= norm;
  return vector;
}

function noisyCopy(random: Random, base: Float32Array, target: Float32Array, noise: number): Float32Array {
  for (let index = 0; index < base.length; index++) target[index] = base[index]! + noise * random.gaussian();
  return unit(target);
}

function uniqueText(random: Random, seen: Set<string>, sequence: number): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const text = memoryText(random);
    if (!seen.has(text)) return text;
  }
  return `${memoryText(random)} (note ${sequence})`;
}

function checkOptions(options: WorkloadOptions): Required<WorkloadOptions> {
  const checked = { topics: 64, ...options };
  for (const key of ["size", "users", "dimensions", "queries", "topics"] as const) {
    if (!Number.isInteger(checked[key]) || checked[key] < 1) {
      throw new RangeError(`workload option "${key}" must be a whole number >= 1, got ${checked[key]}.`);
    }
  }
  return checked;
}

/**
 * Generates N memories over U users with realistic texts and metadata, and clustered unit vectors of a fixed
 * dimension (so that embedding cost is excluded from the measurements), plus queries near real memories.
 */
export function generateWorkload(options: WorkloadOptions): Workload {
  const checked = checkOptions(options);
  const { size, users, dimensions, seed, queries, topics } = checked;
  const random = createRandom(seed);
  const centers = Array.from({ length: topics }, () =>
    unit(Float32Array.from({ length: dimensions }, () => random.gaussian())),
  );
  // One buffer for all vectors keeps 100k x 384 floats compact (150 MB) and cache-friendly.
  const buffer = new Float32Array(size * dimensions);
  const seen = new Set<string>();
  const memories: WorkloadMemory[] = [];
  const byUser = new Map<string, number[]>();
  for (let sequence = 0; sequence < size; sequence++) {
    const text = uniqueText(random, seen, sequence);
    seen.add(text);
    const userId = userName(random.int(users));
    const vector = noisyCopy(
      random,
      random.pick(centers),
      buffer.subarray(sequence * dimensions, (sequence + 1) * dimensions),
      0.06,
    );
    memories.push({ text, userId, metadata: memoryMetadata(random, sequence), vector });
    const owned = byUser.get(userId) ?? [];
    owned.push(sequence);
    byUser.set(userId, owned);
  }
  const owners = [...byUser.keys()].sort();
  const generated: WorkloadQuery[] = [];
  for (let index = 0; index < queries; index++) {
    const userId = random.pick(owners);
    const near = memories[random.pick(byUser.get(userId)!)]!;
    const vector = noisyCopy(random, near.vector, new Float32Array(dimensions), 0.04);
    generated.push({ text: queryText(random), userId, vector });
  }
  return { options: checked, agentId: "support-agent", memories, queries: generated };
}
