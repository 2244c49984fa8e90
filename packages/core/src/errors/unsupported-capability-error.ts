import { EngramError } from "./engram-error.js";

/** A store, embedder or model lacks a capability the call needs. */
export class UnsupportedCapabilityError extends EngramError {
  /** The missing capability, e.g. "keyword-search". */
  readonly capability: string;

  constructor({ capability, message }: { capability: string; message: string }) {
    super({ message });
    this.name = "UnsupportedCapabilityError";
    this.capability = capability;
  }

  /** True when `error` is an UnsupportedCapabilityError from any copy of the package. */
  static override isInstance(error: unknown): error is UnsupportedCapabilityError {
    return EngramError.isInstance(error) && error.name === "UnsupportedCapabilityError";
  }
}
