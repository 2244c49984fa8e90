import { describe, expect, it } from "vitest";
import { KeyTable } from "./key-table.js";
import { readCredentials } from "./read-credentials.js";

describe("KeyTable", () => {
  const table = new KeyTable([
    { key: "first-key-0000000000", tenant: "acme" },
    { key: "second-key-000000000", tenant: "acme", userId: "alice", readOnly: true, name: "alice-app" },
    { key: "third-key-0000000000", tenant: "globex" },
  ]);

  it("finds the key's tenant, pins and label", () => {
    expect(table.find("second-key-000000000")).toEqual({
      tenant: "acme",
      userId: "alice",
      readOnly: true,
      name: "alice-app",
    });
    expect(table.find("first-key-0000000000")).toEqual({ tenant: "acme", readOnly: false, name: "acme#0" });
    expect(table.tenants()).toEqual(["acme", "globex"]);
  });

  it("finds nothing for unknown, empty or prefix keys", () => {
    for (const secret of ["", "first-key", "first-key-00000000000", "FIRST-KEY-0000000000"]) {
      expect(table.find(secret)).toBeUndefined();
    }
  });
});

describe("readCredentials", () => {
  it("reads Token and Bearer, in any case, and nothing else", () => {
    expect(readCredentials("Token abc")).toBe("abc");
    expect(readCredentials("bearer  abc ")).toBe("abc");
    expect(readCredentials("Basic abc")).toBeUndefined();
    expect(readCredentials("abc")).toBeUndefined();
    expect(readCredentials("Bearer a b")).toBeUndefined();
    expect(readCredentials(undefined)).toBeUndefined();
  });
});
