import type { Scope } from "@engram/core";

/**
 * Remembers the memory text injected for a (scope, user message) pair, so the later steps of a tool loop,
 * which end in tool results rather than a user message, reuse it instead of searching again.
 */
export class RecentMemories {
  private readonly entries = new Map<string, string | undefined>();

  constructor(private readonly capacity = 256) {}

  /** The cache key of a user message in a scope. */
  static key(scope: Scope, userText: string): string {
    return JSON.stringify([scope.userId ?? null, scope.agentId ?? null, scope.runId ?? null, userText]);
  }

  /** Stores the text injected for `key` (undefined: nothing relevant was found). */
  set(key: string, text: string | undefined): void {
    this.entries.delete(key);
    this.entries.set(key, text);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The text injected earlier for `key`, if any. */
  get(key: string): string | undefined {
    return this.entries.get(key);
  }
}
