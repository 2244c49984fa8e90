// `pnpm bench:server [--clients 100] [--seconds 30] [--search-share 0.7] [--users 20]`: starts the built
// `engram-server` as its own process on 127.0.0.1 over a temporary data folder, runs N concurrent clients that mix
// verbatim adds and searches for the given time, then counts every user's memories to check no write was lost.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatNumber, markdownTable } from "../report/markdown-table.js";
import { summarize } from "../stats/percentiles.js";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "100" },
    seconds: { type: "string", default: "30" },
    "search-share": { type: "string", default: "0.7" },
    users: { type: "string", default: "20" },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const searchShare = Number(values["search-share"]);
const users = Number(values.users);
for (const [name, value] of Object.entries({ clients, seconds, users }))
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1.`);
if (!(searchShare >= 0 && searchShare <= 1)) throw new Error("--search-share must be in [0, 1].");

const key = "bench-load-key-00000000000000000";
const here = path.dirname(fileURLToPath(import.meta.url));
const serverCli = path.resolve(here, "../../../packages/server/dist/cli.js");

const topics = ["hiking", "ramen", "jazz", "Porto", "cello", "chess", "sushi", "Berlin", "yoga", "tennis"];

/** Starts the server process and resolves with its URL once it listens. */
async function startServer(dataDir: string) {
  const child = spawn(process.execPath, [serverCli, "--port", "0", "--host", "127.0.0.1"], {
    env: { ...process.env, ENGRAM_API_KEYS: `bench:${key}`, ENGRAM_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/u.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) =>
      reject(new Error(`the server exited (${code}) before listening: ${errors}`)),
    );
  });
  return { child, url, errors: () => errors };
}

interface Sample {
  kind: "add" | "search";
  ms: number;
  ok: boolean;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "engram-load-"));
  const server = await startServer(dataDir);
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const samples: Sample[] = [];
  const added = new Map<string, number>();
  const failures: string[] = [];
  const loadBefore = loadavg()[0]!;
  const until = performance.now() + seconds * 1000;
  let sequence = 0;

  async function client(index: number): Promise<void> {
    while (performance.now() < until) {
      const userId = `user-${(index + sequence) % users}`;
      const n = sequence++;
      const search = Math.random() < searchShare;
      const started = performance.now();
      try {
        const response = search
          ? await fetch(`${server.url}/v1/memories/search`, {
              method: "POST",
              headers,
              body: JSON.stringify({ query: `${topics[n % topics.length]} plans`, userId, limit: 10 }),
            })
          : await fetch(`${server.url}/v1/memories`, {
              method: "POST",
              headers,
              body: JSON.stringify({
                messages: `Note ${n} from client ${index}: likes ${topics[n % topics.length]} (${userId}).`,
                userId,
              }),
            });
        const body = (await response.json()) as { results?: Array<{ event: string }> };
        const ok = response.status === 200;
        if (!ok) failures.push(`${response.status} ${JSON.stringify(body).slice(0, 200)}`);
        if (ok && !search) {
          const adds = body.results?.filter((item) => item.event === "ADD").length ?? 0;
          added.set(userId, (added.get(userId) ?? 0) + adds);
        }
        samples.push({ kind: search ? "search" : "add", ms: performance.now() - started, ok });
      } catch (error) {
        failures.push(String(error));
        samples.push({ kind: search ? "search" : "add", ms: performance.now() - started, ok: false });
      }
    }
  }

  const startedAt = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  const elapsed = (performance.now() - startedAt) / 1000;
  const loadAfter = loadavg()[0]!;

  // Count what the server holds for every user, page by page.
  let lost = 0;
  const counted: Record<string, number> = {};
  for (let user = 0; user < users; user++) {
    const userId = `user-${user}`;
    let count = 0;
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ userId, limit: "1000", ...(cursor ? { cursor } : {}) });
      const response = await fetch(`${server.url}/v1/memories?${query}`, { headers });
      const page = (await response.json()) as { results: unknown[]; nextCursor?: string };
      count += page.results.length;
      cursor = page.nextCursor;
    } while (cursor);
    counted[userId] = count;
    lost += Math.max(0, (added.get(userId) ?? 0) - count);
    if (count !== (added.get(userId) ?? 0))
      failures.push(`${userId}: ${added.get(userId) ?? 0} ADD answers, ${count} memories stored`);
  }
  server.child.kill("SIGTERM");
  await new Promise((resolve) => server.child.once("exit", resolve));
  await rm(dataDir, { recursive: true, force: true });

  const rows = (["add", "search", "all"] as const).map((kind) => {
    const chosen = samples.filter((sample) => kind === "all" || sample.kind === kind);
    const summary = summarize(chosen.length ? chosen.map((sample) => sample.ms) : [0]);
    return [
      kind,
      chosen.length,
      formatNumber(chosen.length / elapsed),
      formatNumber(summary.p50),
      formatNumber(summary.p95),
      formatNumber(summary.p99),
      chosen.filter((sample) => !sample.ok).length,
    ];
  });
  console.log(
    `\n${clients} clients, ${formatNumber(elapsed)} s, ${Math.round(searchShare * 100)} % searches, ${users} users; ` +
      `${cpus().length} cores, 1-min load ${loadBefore.toFixed(2)} before / ${loadAfter.toFixed(2)} after; Node ${process.version}\n`,
  );
  console.log(markdownTable(["requests", "count", "per s", "p50 ms", "p95 ms", "p99 ms", "errors"], rows));
  const stored = Object.values(counted).reduce((sum, count) => sum + count, 0);
  console.log(
    `\nwrites answered ADD: ${[...added.values()].reduce((a, b) => a + b, 0)}; memories stored: ${stored}; lost: ${lost}`,
  );
  if (failures.length) {
    console.log(`\n${failures.length} failures, first: ${failures.slice(0, 5).join(" | ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
