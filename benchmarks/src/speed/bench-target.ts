import type { WorkloadMemory, WorkloadQuery } from "../workload/workload.js";

/** The systems the speed benchmark can run. */
export const systemNames = ["engram-memory", "engram-sqlite", "engram-chroma", "mem0"] as const;

/** One system under test. */
export type SystemName = (typeof systemNames)[number];

/** A system under test, seen through the operations the benchmark times. */
export interface BenchTarget {
  /** Adds several memories of one user in one call (infer off). */
  addBatch(memories: WorkloadMemory[], agentId: string): Promise<void>;
  /** Adds one memory in one call (infer off). */
  addOne(memory: WorkloadMemory, agentId: string): Promise<void>;
  /** Top-10 search inside one user of the tenant; returns the number of results. */
  searchUser(query: WorkloadQuery, agentId: string): Promise<number>;
  /** Top-10 search across the whole tenant (every user of the agent); returns the number of results. */
  searchTenant(query: WorkloadQuery, agentId: string): Promise<number>;
  /** Releases the system's resources. */
  close(): Promise<void>;
}
