/** The value at `key`, created (and stored) first when absent. */
export function getOrCreate<TValue>(
  record: Partial<Record<string, TValue>>,
  key: string,
  create: () => TValue,
): TValue {
  let value = record[key];
  if (value === undefined) {
    value = create();
    record[key] = value;
  }
  return value;
}
