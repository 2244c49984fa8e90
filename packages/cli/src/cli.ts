#!/usr/bin/env node
// The `engram` command: see `engram --help`.
import { runCli } from "./program.js";

runCli(process.argv).then((code) => {
  process.exitCode = code;
});
