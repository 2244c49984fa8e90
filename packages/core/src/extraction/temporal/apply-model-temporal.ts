import type { AddOperation } from "../../memory/memory-operation.js";
import { type TemporalSettings, applyTimes } from "./apply-temporal.js";
import { parseModelDate } from "./model-date.js";
import { referenceTime } from "./reference-time.js";
import { resolveTimeExpressions } from "./resolve-time-expressions.js";
import { isRecurring, sentenceTense } from "./sentence-tense.js";

/**
 * Resolves times in a memory the model wrote, against when its newest message was said: expressions left in the
 * text first ("next Tuesday"), else the model's own `date` (already validated); see `applyTemporal`.
 */
export function applyModelTemporal(
  operation: AddOperation,
  modelDate: string | null | undefined,
  settings: TemporalSettings,
): AddOperation {
  const reference = referenceTime(operation.sources, settings.now);
  let times = resolveTimeExpressions(settings.parse, operation.memory, reference);
  const stated = modelDate ? parseModelDate(modelDate) : undefined;
  if (!times.length && stated && !isRecurring(operation.memory)) times = [stated];
  return applyTimes(operation, times, sentenceTense(operation.memory), reference, settings);
}
