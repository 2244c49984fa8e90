// Entry "@engram/cli": the `engram` command, also callable from code (tests, wrappers).
export { createProgram, runCli } from "./program.js";
