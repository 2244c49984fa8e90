/** One API key: the tenant it opens and what it may do there. */
export interface ApiKeyOptions {
  /** The secret clients send (`Authorization: Token <key>` or `Bearer <key>`); at least 16 characters. */
  key: string;
  /** The tenant the key opens; each tenant has its own store. Letters, digits, "-" and "_". */
  tenant: string;
  /** Pins the key to this user: requests naming another user are refused, requests naming none get this one. */
  userId?: string;
  /** Pins the key to this agent, as `userId` does for users. */
  agentId?: string;
  /** Only reads (and dry runs); every write is refused with 403. @default false */
  readOnly?: boolean;
  /** A label for logs (the key itself is never logged). @default "<tenant>#<position in the list>" */
  name?: string;
}

/** A key as the server holds it after checking the configuration. */
export interface ApiKey {
  /** The tenant the key opens. */
  tenant: string;
  /** The pinned user, if any. */
  userId?: string;
  /** The pinned agent, if any. */
  agentId?: string;
  /** True when the key may only read. */
  readOnly: boolean;
  /** The label used in logs. */
  name: string;
}
