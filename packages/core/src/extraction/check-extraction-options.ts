import { InvalidArgumentError } from "../errors/index.js";
import { checkType } from "../memory/add-memories.js";
import { parseDuration } from "../memory/lifecycle-options.js";
import type { ExtractionOptions } from "./extraction-options.js";

const policyEvents = new Set(["ADD", "UPDATE", "DELETE"]);

/** The highest `extraction.maxOperations` accepted. */
const maxOperationsLimit = 10_000;

function checkPolicies(policies: ExtractionOptions["agentPolicies"]): void {
  if (policies === undefined) return;
  if (typeof policies !== "object" || policies === null || Array.isArray(policies)) {
    throw new InvalidArgumentError({
      argument: "extraction.agentPolicies",
      message: 'expected an object keyed by agent id, e.g. { planner: { types: ["task_state"] } }.',
    });
  }
  for (const [agentId, policy] of Object.entries(policies)) {
    const argument = `extraction.agentPolicies.${agentId}`;
    if (policy.types !== undefined) {
      if (!Array.isArray(policy.types))
        throw new InvalidArgumentError({
          argument: `${argument}.types`,
          message: "expected an array of memory types.",
        });
      for (const [index, type] of policy.types.entries()) checkType(type, `${argument}.types[${index}]`);
    }
    if (
      policy.events !== undefined &&
      (!Array.isArray(policy.events) || policy.events.some((event) => !policyEvents.has(event)))
    ) {
      throw new InvalidArgumentError({
        argument: `${argument}.events`,
        message: 'expected an array of "ADD", "UPDATE" and "DELETE".',
      });
    }
    if (policy.review !== undefined && typeof policy.review !== "boolean") {
      throw new InvalidArgumentError({ argument: `${argument}.review`, message: "expected true or false." });
    }
  }
}

/** Validates `new Memory({ extraction })` up front so mistakes fail at construction, not on the first add. */
export function checkExtractionOptions(options: ExtractionOptions | undefined): ExtractionOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError({
      argument: "extraction",
      message: "expected an object of extraction options.",
    });
  }
  if (options.types !== undefined) {
    if (!Array.isArray(options.types) || options.types.length === 0) {
      throw new InvalidArgumentError({
        argument: "extraction.types",
        message:
          'expected a non-empty array of { name, description }, e.g. [{ name: "fact", description: "…" }].',
      });
    }
    options.types.forEach((type, index) => {
      checkType(type?.name, `extraction.types[${index}].name`);
      if (typeof type.description !== "string" || !type.description.trim()) {
        throw new InvalidArgumentError({
          argument: `extraction.types[${index}].description`,
          message: "expected a short description telling the model when to use this type.",
        });
      }
    });
  }
  if (options.beforeWrite !== undefined && typeof options.beforeWrite !== "function") {
    throw new InvalidArgumentError({
      argument: "extraction.beforeWrite",
      message: "expected a function (candidate) => changes | false | undefined.",
    });
  }
  if (
    options.relatedMemories !== undefined &&
    (!Number.isInteger(options.relatedMemories) ||
      options.relatedMemories < 0 ||
      options.relatedMemories > 100)
  ) {
    throw new InvalidArgumentError({
      argument: "extraction.relatedMemories",
      message: "expected a whole number from 0 to 100.",
    });
  }
  if (
    options.maxOperations !== undefined &&
    (!Number.isInteger(options.maxOperations) ||
      options.maxOperations < 1 ||
      options.maxOperations > maxOperationsLimit)
  ) {
    throw new InvalidArgumentError({
      argument: "extraction.maxOperations",
      message: `expected a whole number from 1 to ${maxOperationsLimit}.`,
    });
  }
  checkPolicies(options.agentPolicies);
  checkTemporalOptions(options);
  return options;
}

function checkTemporalOptions(options: ExtractionOptions): void {
  if (options.resolveTimes !== undefined && typeof options.resolveTimes !== "boolean")
    throw new InvalidArgumentError({
      argument: "extraction.resolveTimes",
      message: "expected true or false.",
    });
  if (options.eventExpiry !== undefined && options.eventExpiry !== null)
    parseDuration(options.eventExpiry, "extraction.eventExpiry");
}
