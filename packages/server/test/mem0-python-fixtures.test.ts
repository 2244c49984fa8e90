// Replays the requests Mem0's Python MemoryClient sends (golden fixtures written down from its source) against the
// real server, byte for byte: headers, compact JSON bodies, trailing slashes, query strings.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys, startTestServer, type TestServer } from "./test-server.js";

interface Expectation {
  status: number;
  fields?: Record<string, unknown>;
  results?: number;
  events?: string[];
  first?: Record<string, unknown>;
  contains?: Record<string, unknown>;
  absent?: string;
  minLength?: number;
  capture?: Record<string, string>;
}

interface Step {
  call: string;
  method: string;
  path: string;
  query?: string;
  body?: string;
  expect: Expectation;
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/mem0-python-client.json", import.meta.url), "utf8"),
) as { headers: Record<string, string>; steps: Step[] };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/gu, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the fixture uses {{${name}}} before capturing it`);
    return value;
  });
}

function fillDeep(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === "string") return fill(value, values);
  if (Array.isArray(value)) return value.map((item) => fillDeep(item, values));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillDeep(item, values)]));
  return value;
}

function at(body: unknown, dotted: string): unknown {
  return dotted
    .split(".")
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}

describe("Mem0's Python MemoryClient (golden HTTP fixtures)", () => {
  it("answers every call the client makes as the client reads it, in order", async () => {
    const values: Record<string, string> = {
      key: keys.acme,
      userIdHeader: createHash("md5").update(keys.acme).digest("hex"),
    };
    for (const step of fixture.steps) {
      const headers = fillDeep(fixture.headers, values) as Record<string, string>;
      if (step.body !== undefined) headers["content-type"] = "application/json";
      const url = `${server.url}${fill(step.path, values)}${step.query ? `?${step.query}` : ""}`;
      const response = await fetch(url, {
        method: step.method,
        headers,
        ...(step.body !== undefined ? { body: fill(step.body, values) } : {}),
      });
      const text = await response.text();
      const body = text ? JSON.parse(text) : undefined;
      const expected = fillDeep(step.expect, values) as Expectation;
      const where = `${step.call}: ${response.status} ${text.slice(0, 300)}`;
      expect(response.status, where).toBe(expected.status);
      if (expected.status >= 400) {
        expect(body.error.code, where).toEqual(expect.any(String));
        continue;
      }
      if (expected.fields) expect(body, where).toMatchObject(expected.fields);
      const results = Array.isArray(body) ? body : body?.results;
      if (expected.results !== undefined) expect(results, where).toHaveLength(expected.results);
      if (expected.events)
        expect(
          results.map((item: { event: string }) => item.event),
          where,
        ).toEqual(expected.events);
      if (expected.first) expect(results[0], where).toMatchObject(expected.first);
      if (expected.contains)
        expect(results, where).toContainEqual(expect.objectContaining(expected.contains));
      if (expected.absent)
        expect(
          results.map((item: { memory: string }) => item.memory),
          where,
        ).not.toContain(expected.absent);
      if (expected.minLength !== undefined)
        expect(body.length, where).toBeGreaterThanOrEqual(expected.minLength);
      for (const [name, path] of Object.entries(expected.capture ?? {}))
        values[name] = String(at(body, path));
    }
  });

  it("keeps the add's Unix timestamp as the time the memories hold from", async () => {
    const answer = await server.call("/v3/memories/add/", {
      key: keys.acme,
      json: {
        messages: [{ role: "user", content: "We adopted a cat named Luna." }],
        filters: { user_id: "py-time" },
        infer: false,
        timestamp: 1683554160,
      },
    });
    expect(answer.status).toBe(200);
    const stored = await server.call(`/v1/memories/${answer.body.results[0].id}?userId=py-time`);
    expect(stored.body).toMatchObject({
      validFrom: "2023-05-08T13:56:00.000Z",
      sources: [{ role: "user", timestamp: "2023-05-08T13:56:00.000Z" }],
    });
  });

  it("refuses an add whose filters do not say whose memories they are, and one whose filters and ids disagree", async () => {
    const unscoped = await server.call("/v3/memories/add/", {
      json: { messages: [{ role: "user", content: "Nobody's." }], filters: {}, infer: false },
    });
    expect(unscoped.status).toBe(400);
    const disagree = await server.call("/v3/memories/add/", {
      json: {
        messages: [{ role: "user", content: "Whose?" }],
        filters: { user_id: "py-a" },
        user_id: "py-b",
        infer: false,
      },
    });
    expect(disagree.status).toBe(400);
    expect(disagree.body.error.code).toBe("invalid_argument");
  });
});
