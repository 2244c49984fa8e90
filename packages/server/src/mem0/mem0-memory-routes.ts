import type {
  AddOptions,
  GetAllOptions,
  Memory,
  MemoryItem,
  ScopeWriteOptions,
  SearchOptions,
} from "@engram/core";
import { createRoute } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { apiKeySecurity, jsonBody, jsonResponses } from "../routes/route-parts.js";
import type { ServerApp } from "../routes/server-app.js";
import { checkMem0Keys, unsupported } from "./mem0-errors.js";
import { readMem0Selection } from "./mem0-request.js";
import {
  mem0AddBodySchema,
  mem0AnswerSchema,
  mem0EntityQuerySchema,
  mem0ListBodySchema,
  mem0PageQuerySchema,
  mem0SearchBodySchema,
} from "./mem0-schemas.js";
import { mem0EntityKeys, scopeFromEntities } from "./mem0-scope.js";
import { toMem0AddResult, toMem0Memory } from "./mem0-shapes.js";

const tags = ["mem0"];
// Hints that change nothing here: Engram adds synchronously, always answers the latest memories in one format.
const ignored = [
  "output_format",
  "version",
  "async_mode",
  "source",
  "keyword_search",
  "latest_only",
  "fields",
];

const addPaths = ["/v3/memories/add/", "/v1/memories/"] as const;
const searchPaths = ["/v3/memories/search/", "/v2/memories/search/", "/v1/memories/search/"] as const;
const listPaths = ["/v3/memories/", "/v2/memories/"] as const;

const addRoute = (path: (typeof addPaths)[number]) =>
  createRoute({
    method: "post",
    path,
    tags,
    summary: "Mem0: add messages (infer defaults to true, as in Mem0)",
    security: apiKeySecurity,
    request: { body: jsonBody(mem0AddBodySchema) },
    responses: jsonResponses(mem0AnswerSchema, "{ results: [{ id, event, memory, data: { memory } }] }"),
  });

const searchRoute = (path: (typeof searchPaths)[number]) =>
  createRoute({
    method: "post",
    path,
    tags,
    summary: "Mem0: search memories",
    security: apiKeySecurity,
    request: { body: jsonBody(mem0SearchBodySchema) },
    responses: jsonResponses(mem0AnswerSchema, "{ results: [memory with score] }"),
  });

const listRoute = (path: (typeof listPaths)[number]) =>
  createRoute({
    method: "post",
    path,
    tags,
    summary: "Mem0: list memories, page by page",
    security: apiKeySecurity,
    request: { query: mem0PageQuerySchema, body: jsonBody(mem0ListBodySchema, false) },
    responses: jsonResponses(mem0AnswerSchema, "{ count, next, previous, results }"),
  });

const deleteAllRoute = createRoute({
  method: "delete",
  path: "/v1/memories/",
  tags,
  summary: "Mem0: delete every memory of an entity",
  security: apiKeySecurity,
  request: { query: mem0EntityQuerySchema },
  responses: jsonResponses(mem0AnswerSchema, "{ message }"),
});

/** Every memory of a scope, newest first (Mem0 pages are numbered, Engram's are cursors). */
async function listAll(memory: Memory, options: GetAllOptions): Promise<MemoryItem[]> {
  const all: MemoryItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await memory.getAll({ ...options, limit: 1000, ...(cursor ? { cursor } : {}) });
    all.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * The scope of a Mem0 add: its top-level entity parameters and, as Mem0's v3 clients send them, its `filters`,
 * which may only name who the memories belong to.
 */
function addScope(body: Record<string, unknown>) {
  const entities = Object.fromEntries(mem0EntityKeys.map((key) => [key, body[key]]));
  const { scope, filter } = readMem0Selection({ ...entities, filters: body.filters });
  if (filter) {
    throw unsupported(
      "filters",
      "an add's filters name who the memories belong to (user_id, agent_id, run_id or session_id) and nothing else; put other fields in metadata.",
    );
  }
  return scope;
}

/** A Mem0 `timestamp` (Unix seconds) as a Date; out-of-range values are refused by core's date check. */
function unixSeconds(seconds: number): Date {
  if (!Number.isFinite(seconds)) throw unsupported("timestamp", "timestamp must be Unix seconds.");
  return new Date(seconds * 1000);
}

/** Registers Mem0's add, search, list and delete-all routes. */
export function registerMem0MemoryRoutes(app: ServerApp): void {
  for (const path of addPaths) {
    app.openapi(addRoute(path), async (c) => {
      const body = c.req.valid("json");
      checkMem0Keys(
        body,
        ["messages", "metadata", "infer", "expiration_date", "filters", "timestamp", ...mem0EntityKeys],
        ignored,
      );
      const options = {
        ...addScope(body),
        infer: body.infer ?? true,
        ...(typeof body.timestamp === "number" ? { timestamp: unixSeconds(body.timestamp) } : {}),
        ...(body.metadata ? { metadata: body.metadata } : {}),
        ...(body.expiration_date !== undefined ? { expiresAt: body.expiration_date } : {}),
      };
      const scoped = applyKeyScope(c.get("key"), options, "write");
      const content = body.messages as Parameters<Memory["add"]>[0];
      return c.json(
        toMem0AddResult(await c.get("memory").add(content, scoped as unknown as AddOptions)),
        200,
      );
    });
  }

  for (const path of searchPaths) {
    app.openapi(searchRoute(path), async (c) => {
      const { query, ...body } = c.req.valid("json");
      const known = [
        "filters",
        "top_k",
        "limit",
        "threshold",
        "metadata",
        "categories",
        "show_expired",
        "rerank",
        ...mem0EntityKeys,
      ];
      checkMem0Keys(body, known, ignored);
      const { scope, filter } = readMem0Selection(body);
      const limit = body.top_k ?? body.limit;
      const options = {
        ...scope,
        ...(filter ? { filters: filter } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(typeof body.threshold === "number" ? { threshold: body.threshold } : {}),
        ...(body.show_expired ? { include: ["expired"] } : {}),
        // The Memory's retrieval.reranker: false skips it, true needs one (400 otherwise).
        ...(typeof body.rerank === "boolean" ? { rerank: body.rerank } : {}),
      };
      const scoped = applyKeyScope(c.get("key"), options, "read");
      const result = await c.get("memory").search(query, scoped as unknown as SearchOptions);
      return c.json({ results: result.results.map(toMem0Memory) }, 200);
    });
  }

  for (const path of listPaths) {
    app.openapi(listRoute(path), async (c) => {
      const body = c.req.valid("json");
      const known = [
        "filters",
        "metadata",
        "categories",
        "start_date",
        "end_date",
        "show_expired",
        ...mem0EntityKeys,
      ];
      checkMem0Keys(body, known, ignored);
      const { page = 1, page_size: size = 100 } = c.req.valid("query");
      if (page < 1 || size < 1)
        throw unsupported(page < 1 ? "page" : "page_size", "pages start at 1 and hold at least 1.");
      const { scope, filter } = readMem0Selection(body);
      const options = {
        ...scope,
        ...(filter ? { filters: filter } : {}),
        ...(body.show_expired ? { include: ["expired"] } : {}),
        // The Memory's retrieval.reranker: false skips it, true needs one (400 otherwise).
        ...(typeof body.rerank === "boolean" ? { rerank: body.rerank } : {}),
      };
      const scoped = applyKeyScope(c.get("key"), options, "read") as unknown as GetAllOptions;
      const all = await listAll(c.get("memory"), scoped);
      const url = new URL(c.req.url);
      const pageUrl = (number: number) => `${url.origin}${url.pathname}?page=${number}&page_size=${size}`;
      return c.json(
        {
          count: all.length,
          next: page * size < all.length ? pageUrl(page + 1) : null,
          previous: page > 1 ? pageUrl(page - 1) : null,
          results: all.slice((page - 1) * size, page * size).map(toMem0Memory),
        },
        200,
      );
    });
  }

  app.openapi(deleteAllRoute, async (c) => {
    const query = c.req.valid("query");
    checkMem0Keys(query, mem0EntityKeys, []);
    const scoped = applyKeyScope(c.get("key"), scopeFromEntities(query), "write");
    await c.get("memory").deleteAll(scoped as ScopeWriteOptions);
    return c.json({ message: "Memories deleted successfully!" }, 200);
  });
}
