import { EngramError } from "./engram-error.js";

/** A write was refused by the application's `beforeWrite` hook or by the agent's write policy; nothing changed. */
export class WriteRejectedError extends EngramError {
  /** "vetoed": the beforeWrite hook said no; "policy": the agent's policy forbids it. */
  readonly reason: "vetoed" | "policy";
  /** The memory the write was about. */
  readonly memoryId: string;

  constructor({
    reason,
    memoryId,
    detail,
  }: { reason: "vetoed" | "policy"; memoryId: string; detail: string }) {
    super({
      message: `The write to memory "${memoryId}" was refused (${reason}): ${detail} Nothing was changed.`,
    });
    this.name = "WriteRejectedError";
    this.reason = reason;
    this.memoryId = memoryId;
  }

  /** True when `error` is a WriteRejectedError from any copy of the package. */
  static override isInstance(error: unknown): error is WriteRejectedError {
    return EngramError.isInstance(error) && error.name === "WriteRejectedError";
  }
}
