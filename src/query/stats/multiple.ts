// Multiple comparisons: with several treatments each compared against the control, Holm's
// step-down method keeps the family-wise error rate at alpha (uniformly more powerful than
// Bonferroni, and valid under any dependence between the tests).

/** Holm-adjusted p-values, in the order given */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
