// Starts a real server on 127.0.0.1 (random port) over a temporary data folder, with the offline hashing embedder.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHashingEmbedder } from "@engram/core";
import { createServer, type ServerOptions } from "../src/index.js";

/** The keys every test server knows. */
export const keys = {
  acme: "acme-admin-key-0000000000000000",
  alice: "acme-alice-key-0000000000000000",
  reader: "acme-reader-key-000000000000000",
  planner: "acme-planner-key-00000000000000",
  globex: "globex-admin-key-00000000000000",
} as const;

/** The key configuration of the test servers. */
export const keyOptions: ServerOptions["keys"] = [
  { key: keys.acme, tenant: "acme", name: "acme-admin" },
  { key: keys.alice, tenant: "acme", userId: "alice" },
  { key: keys.reader, tenant: "acme", readOnly: true },
  { key: keys.planner, tenant: "acme", agentId: "planner" },
  { key: keys.globex, tenant: "globex" },
];

/** One answer of the test server. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field
  body: any;
  headers: Headers;
}

/** How a test request is sent. */
export interface Call {
  key?: string | null;
  method?: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
}

/** A running test server. */
export interface TestServer {
  url: string;
  dataDir: string;
  close(): Promise<void>;
  call(pathAndQuery: string, call?: Call): Promise<Answer>;
}

/** Starts a test server; `options` override the defaults (keys, hashing embedder, no logging). */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "engram-server-"));
  const server = createServer({
    keys: keyOptions,
    dataDir,
    logger: false,
    memory: {
      embedder: createHashingEmbedder(),
      accessLog: true,
      extraction: { agentPolicies: { drafter: { review: true } } },
    },
    ...options,
  });
  const listening = await server.listen(0);
  return {
    url: listening.url,
    dataDir,
    async close() {
      await listening.close();
      await rm(dataDir, { recursive: true, force: true });
    },
    async call(pathAndQuery, call = {}) {
      const headers: Record<string, string> = { ...call.headers };
      const key = call.key === undefined ? keys.acme : call.key;
      if (key !== null) headers.authorization ??= `Bearer ${key}`;
      let body = call.body;
      if (call.json !== undefined) {
        body = JSON.stringify(call.json);
        headers["content-type"] ??= "application/json";
      }
      const response = await fetch(`${listening.url}${pathAndQuery}`, {
        method: call.method ?? (body === undefined ? "GET" : "POST"),
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        headers: response.headers,
      };
    },
  };
}

/** How many memories (every state) a scope of a tenant holds, read through the admin key. */
export async function countMemories(server: TestServer, query = "userId=alice", key: string = keys.acme) {
  const answer = await server.call(`/v1/memories?${query}&includeInvalid=true&limit=1000`, { key });
  if (answer.status !== 200) throw new Error(`count failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.results.length as number;
}
