import type { MiddlewareHandler } from "hono";
import { HttpError } from "../errors/http-error.js";
import type { ServerEnv } from "../server-env.js";

function tooLarge(maxBytes: number): HttpError {
  return new HttpError({
    status: 413,
    code: "payload_too_large",
    message: `The request body is larger than ${maxBytes} bytes; send less (memories are short texts).`,
  });
}

/**
 * Middleware that refuses bodies over `maxBytes` with 413: by Content-Length before reading, else while reading
 * (chunked uploads). Unlike hono's bodyLimit it does not rebuild the Request (which needs Node's global Request
 * to be replaced): it leaves the bytes read in hono's body cache, where `c.req.json()` finds them.
 */
export function limitBody(maxBytes: number): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const length = raw.headers.get("content-length");
    if (length !== null && !raw.headers.has("transfer-encoding")) {
      if (Number(length) > maxBytes) throw tooLarge(maxBytes);
      return next();
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    // hono keeps promises in its body cache (its type says otherwise).
    (c.req.bodyCache as Record<string, unknown>).arrayBuffer = Promise.resolve(body.buffer);
    return next();
  };
}
