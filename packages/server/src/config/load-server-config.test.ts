import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadServerConfig, parseApiKeys } from "./load-server-config.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "engram-config-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function configFile(content: unknown): Promise<string> {
  const file = path.join(folder, "engram.json");
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("loadServerConfig", () => {
  it("reads a JSON config file", async () => {
    const file = await configFile({
      keys: [{ key: "k".repeat(20), tenant: "acme", userId: "alice", readOnly: true }],
      host: "0.0.0.0",
      port: 9000,
      dataDir: "/data",
      bodyLimit: 2048,
      logger: false,
      embedder: "hashing",
      memory: { accessLog: true },
    });
    const options = loadServerConfig({ file, env: {} });
    expect(options).toMatchObject({
      keys: [{ key: "k".repeat(20), tenant: "acme", userId: "alice", readOnly: true }],
      host: "0.0.0.0",
      port: 9000,
      dataDir: "/data",
      bodyLimit: 2048,
      logger: false,
      memory: { accessLog: true },
    });
    expect(typeof options.memory === "object" && options.memory.embedder?.name).toBe("hashing-256");
  });

  it("lets the environment win and add keys; ENGRAM_CONFIG names the file", async () => {
    const file = await configFile({ keys: [{ key: "a".repeat(20), tenant: "acme" }], port: 9000 });
    const options = loadServerConfig({
      env: {
        ENGRAM_CONFIG: file,
        ENGRAM_API_KEYS: `globex:${"b".repeat(20)}`,
        ENGRAM_PORT: "9100",
        ENGRAM_HOST: "::1",
        ENGRAM_DIR: "/srv/engram",
        ENGRAM_BODY_LIMIT: "100",
      },
    });
    expect(options).toMatchObject({ port: 9100, host: "::1", dataDir: "/srv/engram", bodyLimit: 100 });
    expect(options.keys.map((key) => key.tenant)).toEqual(["acme", "globex"]);
  });

  it("refuses unknown config keys, bad JSON and bad numbers with the place named", async () => {
    const typo = await configFile({ prot: 1 });
    expect(() => loadServerConfig({ file: typo, env: {} })).toThrow(/prot/);
    const broken = await configFile("{ nope");
    expect(() => loadServerConfig({ file: broken, env: {} })).toThrow(/as JSON/);
    expect(() => loadServerConfig({ env: { ENGRAM_PORT: "eighty" } })).toThrow(
      expect.objectContaining({ argument: "ENGRAM_PORT" }),
    );
  });
});

describe("parseApiKeys", () => {
  it("reads tenant:key pairs, bare keys (tenant default) and JSON lists", () => {
    expect(parseApiKeys(" acme:k1 , k2 ,")).toEqual([
      { key: "k1", tenant: "acme" },
      { key: "k2", tenant: "default" },
    ]);
    expect(parseApiKeys('[{"key":"k3","tenant":"acme","agentId":"planner"}]')).toEqual([
      { key: "k3", tenant: "acme", agentId: "planner" },
    ]);
    expect(() => parseApiKeys('[{"key":"k3"}]')).toThrow(/ENGRAM_API_KEYS/);
  });
});
