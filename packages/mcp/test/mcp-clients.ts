// Test helpers: the SDK's own client over Streamable HTTP, and tool-call shorthands.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";

/** A connected SDK client over Streamable HTTP with the given headers. */
export async function httpClient(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "engram-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** The result of a tool call, with structured content typed loosely for assertions. */
export interface CallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: Array<{ type: string; text?: string }>;
}

/** Calls a tool and returns its result. */
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallResult> {
  return (await client.callTool({ name, arguments: args })) as CallResult;
}

/** The structured content of a successful call; fails the test with the error text otherwise. */
export async function ok<TResult = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<TResult> {
  const result = await call(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${result.content.map((part) => part.text).join(" ")}`);
  return result.structuredContent as TResult;
}

/** The text of an error result. */
export function errorText(result: CallResult): string {
  return result.content.map((part) => part.text ?? "").join(" ");
}
