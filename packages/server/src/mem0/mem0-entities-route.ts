import type { Scope, ScopesOptions, ScopeSummary } from "@engram/core";
import { createRoute, z } from "@hono/zod-openapi";
import { applyKeyScope } from "../auth/key-scope.js";
import { queryInteger } from "../schemas/common-schemas.js";
import { apiKeySecurity, jsonResponses } from "../routes/route-parts.js";
import type { ServerApp } from "../routes/server-app.js";
import { checkMem0Keys, unsupported } from "./mem0-errors.js";
import { mem0AnswerSchema } from "./mem0-schemas.js";

const entitiesRoute = createRoute({
  method: "get",
  path: "/v1/entities/",
  tags: ["mem0"],
  summary: "Mem0: the users, agents and runs that hold memories, with their current memory counts",
  security: apiKeySecurity,
  request: {
    query: z.looseObject({ page: queryInteger.optional(), page_size: queryInteger.optional() }),
  },
  responses: jsonResponses(
    mem0AnswerSchema,
    "{ count, next, previous, results: [{ id, name, type, total_memories }] }",
  ),
});

const entityTypes = [
  ["userId", "user"],
  ["agentId", "agent"],
  ["runId", "run"],
] as const;

/** Every scope the key may see, page by page (the counts come from the store's scope index, not a scan). */
async function allScopes(
  list: (options: ScopesOptions) => Promise<{ scopes: ScopeSummary[]; nextCursor?: string }>,
  filter: Scope,
) {
  const scopes: ScopeSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ filter, limit: 1000, ...(cursor ? { cursor } : {}) });
    scopes.push(...page.scopes);
    cursor = page.nextCursor;
  } while (cursor);
  return scopes;
}

/** Registers Mem0's `GET /v1/entities/` (MemoryClient.users()), answered from `memory.scopes()`. */
export function registerMem0EntitiesRoute(app: ServerApp): void {
  app.openapi(entitiesRoute, async (c) => {
    const query = c.req.valid("query");
    checkMem0Keys(query, ["page", "page_size"], []);
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? 100;
    if (page < 1 || pageSize < 1 || pageSize > 1000)
      throw unsupported("page", "page starts at 1 and page_size is from 1 to 1000.");
    const key = c.get("key");
    const filter = applyKeyScope(key, {}, "read") as Scope;
    const memory = c.get("memory");
    const totals = new Map<string, { id: string; type: string; total: number }>();
    for (const scope of await allScopes((options) => memory.scopes(options), filter)) {
      for (const [field, type] of entityTypes) {
        const id = scope[field];
        if (id === undefined) continue;
        const entity = totals.get(`${type}:${id}`) ?? { id, type, total: 0 };
        entity.total += scope.counts.active;
        totals.set(`${type}:${id}`, entity);
      }
    }
    const entities = [...totals.values()];
    const results = entities.slice((page - 1) * pageSize, page * pageSize).map((entity) => ({
      id: entity.id,
      name: entity.id,
      type: entity.type,
      total_memories: entity.total,
      owner: key.tenant,
      created_at: null,
      updated_at: null,
      metadata: {},
    }));
    const link = (to: number) => {
      const url = new URL(c.req.url);
      url.searchParams.set("page", String(to));
      url.searchParams.set("page_size", String(pageSize));
      return url.toString();
    };
    return c.json(
      {
        count: entities.length,
        next: page * pageSize < entities.length ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results,
      },
      200,
    );
  });
}
