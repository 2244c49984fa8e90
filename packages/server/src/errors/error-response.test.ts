import {
  DuplicateMemoryError,
  EmbedderMismatchError,
  EngramError,
  ExtractionError,
  InvalidArgumentError,
  MemoryNotFoundError,
  StoreError,
  UnsupportedCapabilityError,
  VersionConflictError,
  WriteRejectedError,
} from "@engram/core";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it } from "vitest";
import { toErrorResponse } from "./error-response.js";
import { HttpError } from "./http-error.js";

describe("toErrorResponse", () => {
  it("maps every Engram error to a status and a stable code", () => {
    const cases: Array<[unknown, number, string, Record<string, unknown>?]> = [
      [
        new InvalidArgumentError({ argument: "options.limit", message: "bad" }),
        400,
        "invalid_argument",
        { argument: "options.limit" },
      ],
      [new MemoryNotFoundError({ memoryId: "m1", scoped: true }), 404, "not_found", { memoryId: "m1" }],
      [
        new VersionConflictError({ conflicts: [{ memoryId: "m1", expectedVersion: 1, currentVersion: 3 }] }),
        409,
        "version_conflict",
        { memoryId: "m1", currentVersion: 3 },
      ],
      [
        new DuplicateMemoryError({ uniqueKey: "k", existingId: "m2" }),
        409,
        "duplicate_memory",
        { existingId: "m2" },
      ],
      [
        new WriteRejectedError({ reason: "vetoed", memoryId: "m3", detail: "no." }),
        403,
        "write_rejected",
        { memoryId: "m3" },
      ],
      [new StoreError({ store: "sqlite", message: "disk at /var/secret full" }), 503, "store_unavailable"],
      [new ExtractionError({ message: "bad output", text: "secret model text" }), 502, "extraction_failed"],
      [
        new UnsupportedCapabilityError({ capability: "accessLog", message: "no log" }),
        501,
        "unsupported_capability",
      ],
      [
        new EmbedderMismatchError({
          stored: { name: "a", dimensions: 1 },
          configured: { name: "b", dimensions: 2 },
        }),
        500,
        "internal",
      ],
      [new EngramError({ message: "something new" }), 500, "internal"],
      [new Error("at /home/secret/file.ts:12"), 500, "internal"],
      ["a thrown string", 500, "internal"],
      [
        new HTTPException(400, { message: "Malformed JSON in request body" }),
        400,
        "invalid_argument",
        { argument: "body" },
      ],
      [new HTTPException(415), 415, "unsupported_media_type"],
      [new HttpError({ status: 401, code: "unauthorized", message: "no key" }), 401, "unauthorized"],
    ];
    for (const [error, status, code, details] of cases) {
      const answer = toErrorResponse(error);
      expect(answer.status, code).toBe(status);
      expect(answer.body.error).toMatchObject({ code, ...details });
      expect(answer.internal).toBe(status >= 500);
      if (status >= 500) expect(answer.body.error.message).not.toMatch(/secret/);
    }
  });
});
