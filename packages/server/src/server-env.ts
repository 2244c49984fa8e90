import type { Memory } from "@engram/core";
import type { ApiKey } from "./auth/api-key.js";

/** The Hono environment of the server: what middleware hands to the routes. */
export interface ServerEnv {
  Variables: {
    /** The authenticated key. */
    key: ApiKey;
    /** The Memory of the key's tenant. */
    memory: Memory;
    /** The cause of a 5xx answer, for the request log. */
    failure: unknown;
  };
}
