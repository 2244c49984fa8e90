// Entry "@engram/store-chroma/testing": a real Chroma server for tests and benchmarks (needs the dev dependency
// "chroma-server": "npm:chromadb-js-bindings-linux-x64-gnu@1.0.5").
export {
  startChromaServer,
  freePort,
  type StartChromaServerOptions,
  type ChromaTestServer,
} from "./testing/start-chroma-server.js";
