import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake server received. */
export interface RecordedRequest {
  /** HTTP method. */
  method: string;
  /** Path, e.g. "/v1/chat/completions". */
  url: string;
  /** Request headers. */
  headers: IncomingMessage["headers"];
  /** Parsed JSON body. */
  body: Record<string, unknown>;
}

/** What the fake server answers. */
export interface FakeReply {
  /** HTTP status. @default 200 */
  status?: number;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** A JSON value, or a raw string sent as-is. */
  body?: unknown;
  /** Content type. @default "application/json" */
  contentType?: string;
  /** Never answer (to test timeouts). */
  hang?: boolean;
}

/** A running fake server. */
export interface FakeOpenAIServer {
  /** Base URL ending in /v1. */
  baseURL: string;
  /** Every request received. */
  requests: RecordedRequest[];
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/** Starts a local HTTP server speaking the OpenAI wire format, answering with `reply(request, index)`. */
export async function startFakeOpenAI(
  reply: (request: RecordedRequest, index: number) => FakeReply,
): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    let raw = "";
    incoming.on("data", (chunk) => {
      raw += chunk;
    });
    incoming.on("end", () => {
      const request: RecordedRequest = {
        method: incoming.method ?? "",
        url: incoming.url ?? "",
        headers: incoming.headers,
        body: raw ? JSON.parse(raw) : {},
      };
      requests.push(request);
      const answer = reply(request, requests.length - 1);
      if (answer.hang) return;
      const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {});
      response.writeHead(answer.status ?? 200, {
        "content-type": answer.contentType ?? "application/json",
        ...answer.headers,
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A chat completion answer in the OpenAI wire format. */
export function completion(
  text: string | null,
  extra: { finishReason?: string; refusal?: string } = {},
): FakeReply {
  return {
    body: {
      id: "chatcmpl-test",
      object: "chat.completion",
      created: 1_760_000_000,
      model: "test-model",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: text, refusal: extra.refusal ?? null },
          finish_reason: extra.finishReason ?? "stop",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 321, completion_tokens: 12, total_tokens: 333 },
    },
  };
}

/** An error answer in the OpenAI wire format. */
export function failure(status: number, message: string, headers: Record<string, string> = {}): FakeReply {
  return {
    status,
    headers,
    body: { error: { message, type: "invalid_request_error", param: null, code: null } },
  };
}

/** An embeddings answer in the OpenAI wire format (optionally out of order, as servers may send it). */
export function embeddings(vectors: number[][], reversed = false): FakeReply {
  const data = vectors.map((embedding, index) => ({ object: "embedding", index, embedding }));
  return {
    body: {
      object: "list",
      model: "test-embedder",
      data: reversed ? data.reverse() : data,
      usage: { prompt_tokens: 4, total_tokens: 4 },
    },
  };
}
