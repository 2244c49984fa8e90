/** Edit distance between two short strings (insertions, deletions, substitutions and adjacent swaps). */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known name a mistyped one most likely meant ("vectorWeigth" → "vectorWeight", "min_relevance" →
 * "minRelevance"), or undefined when none is close.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const folded = name.toLowerCase().replace(/[_-]/gu, "");
  // A shortened name ("halfLife" for "halfLifeDays") is a near miss however many letters it drops.
  const prefixed =
    folded.length >= 4 ? known.find((candidate) => candidate.toLowerCase().startsWith(folded)) : undefined;
  if (prefixed) return prefixed;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const value = distance(folded, candidate.toLowerCase());
    if (value < bestDistance) {
      best = candidate;
      bestDistance = value;
    }
  }
  // A third of the name may differ: enough for typos and snake_case, not for unrelated words.
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}
