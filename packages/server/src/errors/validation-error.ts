import type { z } from "@hono/zod-openapi";
import { HttpError } from "./http-error.js";

/** The 400 answer to a request whose body, query or path did not match the route's schema. */
export function validationError(error: z.ZodError, target: string): HttpError {
  const [issue] = error.issues;
  const argument =
    issue && issue.path.length > 0 ? issue.path.map(String).join(".") : target === "json" ? "body" : target;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return new HttpError({
    status: 400,
    code: "invalid_argument",
    message: `Invalid argument ${argument}: ${issue?.message ?? "invalid"}${more}.`,
    details: { argument },
  });
}
