import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-server.js";

let server: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is inspected field by field
let document: any;
beforeAll(async () => {
  server = await startTestServer();
  document = (await server.call("/openapi.json", { key: null })).body;
});
afterAll(async () => {
  await server.close();
});

const routes = [
  "get /v1/health",
  "post /v1/memories",
  "get /v1/memories",
  "delete /v1/memories",
  "post /v1/memories/search",
  "get /v1/memories/pending",
  "get /v1/memories/{id}",
  "patch /v1/memories/{id}",
  "delete /v1/memories/{id}",
  "get /v1/memories/{id}/history",
  "post /v1/memories/{id}/feedback",
  "post /v1/memories/{id}/archive",
  "post /v1/memories/{id}/restore",
  "post /v1/memories/{id}/approve",
  "post /v1/memories/{id}/reject",
  "post /v1/events",
  "post /v1/context",
  "get /v1/export",
  "get /v1/access-log",
  "post /v1/purge-expired",
  "post /v1/maintain",
  "post /v1/consolidate",
];

function documented(): string[] {
  return Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method} ${path}`),
  );
}

describe("/openapi.json", () => {
  it("is an OpenAPI 3.1 document of every native route", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(documented().sort()).toEqual(expect.arrayContaining([...routes].sort()));
  });

  it("lists every route the app serves", async () => {
    const { createServer } = await import("../src/index.js");
    const { keyOptions } = await import("./test-server.js");
    const { app } = createServer({ keys: keyOptions, logger: false });
    const served = app.routes
      .filter((route) => route.method !== "ALL" && route.path !== "/openapi.json")
      .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(new Set(documented())).toEqual(new Set(served));
  });

  it("documents the Mem0-compatible routes, which mem0: false leaves out", async () => {
    expect(documented()).toEqual(
      expect.arrayContaining([
        "get /v1/ping/",
        "post /v3/memories/add/",
        "post /v3/memories/search/",
        "post /v3/memories/",
        "get /v1/memories/{memory_id}/",
        "put /v1/memories/{memory_id}/",
        "delete /v1/memories/{memory_id}/",
        "get /v1/memories/{memory_id}/history/",
        "delete /v1/memories/",
        "delete /v2/entities/{entity_type}/{entity_id}/",
        "post /v1/feedback/",
        "put /v1/batch/",
        "delete /v1/batch/",
      ]),
    );
    const { createServer } = await import("../src/index.js");
    const { keyOptions } = await import("./test-server.js");
    const { app } = createServer({ keys: keyOptions, logger: false, mem0: false });
    expect(app.routes.some((route) => route.path.endsWith("/"))).toBe(false);
  });

  it("asks for the API key on every route but health", () => {
    for (const [path, item] of Object.entries(
      document.paths as Record<string, Record<string, { security?: unknown }>>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        if (path === "/v1/health") expect(operation.security).toBeUndefined();
        else expect(operation.security, `${method} ${path}`).toEqual([{ apiKey: [] }]);
      }
    }
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("describes bodies, query parameters and the error shape from the same schemas", () => {
    const add = document.paths["/v1/memories"].post;
    expect(add.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/AddRequest",
    });
    expect(document.components.schemas.AddRequest.properties).toHaveProperty("infer");
    const list = document.paths["/v1/memories"].get;
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(["userId", "limit", "cursor", "filters", "asOf"]),
    );
    const update = document.paths["/v1/memories/{id}"].patch;
    expect(update.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining(["id", "if-match"]),
    );
    expect(document.components.schemas.Error.properties.error.properties).toHaveProperty("code");
  });
});
