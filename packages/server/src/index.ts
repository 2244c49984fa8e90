// Entry "@engram/server": Engram over HTTP, with API keys, tenants and an OpenAPI document.
export { createServer, type EngramServer } from "./create-server.js";
export type { ServerOptions } from "./server-options.js";
export type { ListeningServer } from "./listen.js";
export type { ApiKeyOptions } from "./auth/api-key.js";
export type { StoreFactory, TenantInfo, TenantMemoryOptions } from "./tenants/tenant-info.js";
export { createSqliteTenantStore } from "./tenants/sqlite-store-factory.js";
export { consoleRequestLogger, type RequestLogEntry, type RequestLogger } from "./middleware/request-log.js";
export type { ErrorBody } from "./errors/error-response.js";
export { loadServerConfig, type LoadServerConfigOptions } from "./config/load-server-config.js";
