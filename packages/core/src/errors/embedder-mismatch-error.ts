import { EngramError } from "./engram-error.js";

/** Identifies the embedder that produced a store's vectors. */
export interface EmbedderInfo {
  /** The embedder's name, e.g. "wink-sg-100d". */
  name: string;
  /** The vector length. */
  dimensions: number;
}

/** The store's vectors were made by another embedder (or another dimension) than the one configured. */
export class EmbedderMismatchError extends EngramError {
  /** The embedder recorded in the store. */
  readonly stored: EmbedderInfo;
  /** The embedder this Memory was configured with. */
  readonly configured: EmbedderInfo;

  constructor({ stored, configured }: { stored: EmbedderInfo; configured: EmbedderInfo }) {
    super({
      message:
        `The store's vectors were made by embedder "${stored.name}" (${stored.dimensions} dimensions), but this Memory uses "${configured.name}" (${configured.dimensions} dimensions). ` +
        `Configure the original embedder again, or re-embed every memory with the new one: await memory.reembed() (it rewrites all vectors and records the new embedder).`,
    });
    this.name = "EmbedderMismatchError";
    this.stored = stored;
    this.configured = configured;
  }

  /** True when `error` is an EmbedderMismatchError from any copy of the package. */
  static override isInstance(error: unknown): error is EmbedderMismatchError {
    return EngramError.isInstance(error) && error.name === "EmbedderMismatchError";
  }
}
