// Entry "@engram/langchain/messages": LangChain message conversion for Engram. It imports only @langchain/core
// (never `langchain`), so LangGraph code without `langchain` installed can use it.
export { toChatMessages, lastTurn } from "./to-chat-messages.js";
export { toolCallEvents, type ToolCallEvent } from "./tool-events.js";
