import { resized } from "./resized.js";

/** Number of scope fields (userId, agentId, runId) coded per slot. */
const scopeFieldCount = 3;

/**
 * Per-record numbers the search loops read, one typed-array column per field, indexed by slot. A search over
 * 100k records then walks a few contiguous arrays instead of 100k scattered objects.
 */
export class SlotColumns {
  /** validFrom as epoch milliseconds. */
  validFrom = new Float64Array(0);
  /** validTo as epoch milliseconds (Infinity while valid). */
  validTo = new Float64Array(0);
  /** Number of terms of the indexed text (BM25 document length). */
  lengths = new Int32Array(0);
  /** Interned userId, agentId and runId (-1 when absent), `scopeFieldCount` values per slot. */
  scopeCodes = new Int32Array(0);
  /** The search that last found the slot eligible. */
  marks = new Int32Array(0);
  /** The slot's position in that search's candidate list. */
  positions = new Int32Array(0);
  private capacity = 0;

  /** Makes room for `slot`. */
  reserve(slot: number): void {
    if (slot < this.capacity) return;
    const capacity = Math.max(1024, this.capacity * 2, slot + 1);
    this.validFrom = resized(this.validFrom, capacity);
    this.validTo = resized(this.validTo, capacity);
    this.lengths = resized(this.lengths, capacity);
    this.scopeCodes = resized(this.scopeCodes, capacity * scopeFieldCount);
    this.marks = resized(this.marks, capacity);
    this.positions = resized(this.positions, capacity);
    this.capacity = capacity;
  }

  /** The interned code of scope field `field` (0 user, 1 agent, 2 run) of `slot`. */
  scopeCode(slot: number, field: number): number {
    return this.scopeCodes[slot * scopeFieldCount + field]!;
  }

  /** Sets the interned code of scope field `field` of `slot`. */
  setScopeCode(slot: number, field: number, code: number): void {
    this.scopeCodes[slot * scopeFieldCount + field] = code;
  }
}
