import { InvalidArgumentError } from "@engram/core";

const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Checks a tenant id: it names a folder, so only letters, digits, "-" and "_", at most 64 characters. */
export function checkTenantId(value: unknown, argument: string): string {
  if (typeof value !== "string" || !tenantPattern.test(value)) {
    throw new InvalidArgumentError({
      argument,
      message: `expected a tenant id of letters, digits, "-" and "_" (at most 64, starting with a letter or digit), got ${JSON.stringify(value)}.`,
    });
  }
  return value;
}
