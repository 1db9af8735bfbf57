// Plain-TypeScript reference of the action weights: the same rows, the same rules, no engine.
// Each concept event with a numeric reward in [from, to) is credited to the latest action of the
// same user and session at or before it (same instant counts; of several actions at one instant,
// the greatest event id); then the mean reward per action type and a softmax over the means.

export interface RefEvent {
  readonly event_id: string;
  readonly event_name: string;
  readonly user_id: string;
  readonly session_id: string;
  readonly timestamp: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface RefWeight {
  readonly actionType: string;
  readonly weight: number;
  readonly avgReward: number;
  readonly n: number;
}

export function referenceActionWeights(events: readonly RefEvent[], fromMs: number, toMs: number, temperature = 1): RefWeight[] {
  const inWindow = events.filter((e) => Date.parse(e.timestamp) >= fromMs && Date.parse(e.timestamp) < toMs);
  const actions = inWindow.filter((e) => e.event_name === 'tutor_action' && typeof e.properties.action_type === 'string' && e.properties.action_type !== '');
  const sums = new Map<string, { sum: number; n: number }>();
  for (const c of inWindow) {
    if (c.event_name !== 'concept_event') continue;
    const reward = typeof c.properties.delta_mastery === 'number' ? c.properties.delta_mastery : Number.NaN;
    if (!Number.isFinite(reward)) continue;
    const t = Date.parse(c.timestamp);
    let best: RefEvent | undefined;
    for (const a of actions) {
      if (a.user_id !== c.user_id || a.session_id !== c.session_id || Date.parse(a.timestamp) > t) continue;
      const ta = Date.parse(a.timestamp);
      const tb = best ? Date.parse(best.timestamp) : -Infinity;
      if (ta > tb || (ta === tb && best !== undefined && a.event_id > best.event_id)) best = a;
    }
    if (!best) continue;
    const type = best.properties.action_type as string;
    const s = sums.get(type) ?? { sum: 0, n: 0 };
    s.sum += reward;
    s.n += 1;
    sums.set(type, s);
  }
  const types = [...sums.keys()].sort();
  const means = types.map((t) => (sums.get(t) as { sum: number }).sum / (sums.get(t) as { n: number }).n);
  const max = Math.max(...means);
  const exps = means.map((m) => Math.exp((m - max) / temperature));
  const total = exps.reduce((a, b) => a + b, 0);
  return types.map((actionType, i) => ({ actionType, weight: exps[i] / total, avgReward: means[i], n: (sums.get(actionType) as { n: number }).n }));
}
