import { resized } from "./resized.js";

/** A growable list of slot numbers, iterated as a plain typed array (no per-member objects). */
export interface SlotList {
  /** The slots; only the first `size` are members. */
  slots: Int32Array;
  /** Number of members. */
  size: number;
}

/**
 * Slots grouped by one key per slot (e.g. the user id of each memory). Each slot belongs to at most one group,
 * so its position inside its group fits one shared column and removal is a constant-time swap with the last
 * member. Members are visited in no particular order.
 */
export class SlotPartitions {
  private readonly groups = new Map<string, SlotList>();
  private positions = new Int32Array(1024);

  /** The group of `key`, if it has members. */
  get(key: string): SlotList | undefined {
    return this.groups.get(key);
  }

  /** Adds `slot` to the group of `key`. */
  add(key: string, slot: number): void {
    let group = this.groups.get(key);
    if (!group) {
      group = { slots: new Int32Array(8), size: 0 };
      this.groups.set(key, group);
    }
    if (group.size === group.slots.length) group.slots = resized(group.slots, group.slots.length * 2);
    if (slot >= this.positions.length)
      this.positions = resized(this.positions, Math.max(slot + 1, this.positions.length * 2));
    this.positions[slot] = group.size;
    group.slots[group.size++] = slot;
  }

  /** Removes `slot` from the group of `key` (it must be a member). */
  remove(key: string, slot: number): void {
    const group = this.groups.get(key);
    if (!group) return;
    const at = this.positions[slot]!;
    if (group.slots[at] !== slot) return;
    const last = group.slots[--group.size]!;
    group.slots[at] = last;
    this.positions[last] = at;
    if (group.size === 0) this.groups.delete(key);
  }

  /** Removes every group. */
  clear(): void {
    this.groups.clear();
  }
}
