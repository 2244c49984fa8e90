// Entry "@engram/mcp": Engram's memory tools as an MCP server, over stdio and stateless Streamable HTTP.
export { createMcpServer, mcpServerVersion, type CreateMcpServerOptions } from "./create-mcp-server.js";
export { runMcpStdio, type RunMcpStdioOptions } from "./stdio/run-mcp-stdio.js";
export { mountMcp, type MountMcpOptions, type McpMount } from "./http/mount-mcp.js";
export { runMcpHttp, type RunMcpHttpOptions, type RunningMcpHttp } from "./http/run-mcp-http.js";
export { requestScope, scopeHeaders, ScopeForbiddenError, type KeyPins } from "./http/http-scope.js";
export type { McpScope } from "./scope/mcp-scope.js";
export { WriteTracker, type WriteTrackerOptions } from "./writes/write-tracker.js";
export type { WriteState, WriteStatus } from "./writes/write-status.js";
