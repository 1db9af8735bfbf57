// The anomaly rule's quality on generated series (docs/alerts.md, bench/README.md).
//   node bench/alerts/run.ts            (node_modules/.bin/node; about a minute)
// For each volume (peak counts per hour) and seed: 4 weeks of history, then 90 days evaluated hour
// by hour with the rule's own judge() (anomaly, default weeks 4; k as listed):
//   - clean: no anomaly; every alarmed hour is a false alarm (episodes: runs of alarmed hours);
//   - injected: a 1-hour spike (×4), a 3-hour drop (×0.2), a holiday (a weekday shaped like a quiet
//     weekend day, 24 h) and a persistent level shift (×1.6). An anomaly is detected when an hour
//     inside its window alarms (spike, drop, holiday: the anomalous hours; level shift: its first
//     24 h); the delay is the hours from its start to the end of the first alarmed bucket (when an
//     evaluation can see it). Precision is over alarmed hours: inside a window (true) or not
//     (false); the 21 days after a level shift, while the 4-week median moves to the new level, are
//     counted apart (its "adaptation" alarms), not as false alarms.

import { judge } from '../../src/alerts/index.ts';
import { generate, HOURS_PER_WEEK, type AnomalyKind, type Injected } from './series.ts';

const HOUR_MS = 3_600_000;
const HISTORY = 4 * HOURS_PER_WEEK;
const DAYS = 90;
const EVALUATED = DAYS * 24;
const PEAKS = [20, 200, 2000];
const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const KS = [3, 4, 5];
const ADAPTATION_HOURS = 21 * 24;

function alarms(values: readonly number[], k: number): boolean[] {
  const out: boolean[] = [];
  for (let i = HISTORY; i < values.length; i++) {
    const window = values.slice(Math.max(0, i - HISTORY), i + 1);
    out.push(judge({ kind: 'anomaly', k }, window, HOUR_MS, 'count').breached);
  }
  return out;
}

const episodes = (flags: readonly boolean[]) => flags.filter((f, i) => f && !flags[i - 1]).length;

function plan(seed: number): Injected[] {
  // weekday afternoons at fixed days, the hour varied by seed; the level shift last (it lasts)
  const at = (day: number, hour: number) => HISTORY + day * 24 + hour;
  return [
    { kind: 'spike', start: at(9, 11 + (seed % 5)), hours: 1 },
    { kind: 'drop', start: at(30, 10 + (seed % 4)), hours: 3 },
    { kind: 'holiday', start: at(51, 0), hours: 24 },
    { kind: 'level_shift', start: at(72, 9 + (seed % 6)), hours: 10_000 },
  ];
}

interface Tally {
  detected: Record<AnomalyKind, number>;
  injected: Record<AnomalyKind, number>;
  delays: Record<AnomalyKind, number[]>;
  truePoints: number;
  falsePoints: number;
  adaptationPoints: number;
  cleanPoints: number;
  cleanEpisodes: number;
  cleanSeries: number;
}

const kinds: AnomalyKind[] = ['spike', 'drop', 'holiday', 'level_shift'];
const zero = () => Object.fromEntries(kinds.map((k) => [k, 0])) as Record<AnomalyKind, number>;

function evaluate(peak: number, k: number): Tally {
  const t: Tally = { detected: zero(), injected: zero(), delays: { spike: [], drop: [], holiday: [], level_shift: [] }, truePoints: 0, falsePoints: 0, adaptationPoints: 0, cleanPoints: 0, cleanEpisodes: 0, cleanSeries: 0 };
  for (const seed of SEEDS) {
    const clean = alarms(generate(HISTORY + EVALUATED, peak, seed * 7919).values, k);
    t.cleanPoints += clean.filter(Boolean).length;
    t.cleanEpisodes += episodes(clean);
    t.cleanSeries++;

    const injected = plan(seed);
    const flags = alarms(generate(HISTORY + EVALUATED, peak, seed * 7919, injected).values, k);
    const windowOf = (a: Injected) => [a.start, a.start + (a.kind === 'level_shift' ? 24 : a.hours)] as const;
    flags.forEach((alarmed, j) => {
      if (!alarmed) return;
      const h = HISTORY + j;
      if (injected.some((a) => h >= windowOf(a)[0] && h < windowOf(a)[1])) t.truePoints++;
      else if (injected.some((a) => a.kind === 'level_shift' && h >= a.start && h < a.start + ADAPTATION_HOURS)) t.adaptationPoints++;
      else t.falsePoints++;
    });
    for (const a of injected) {
      t.injected[a.kind]++;
      const [from, to] = windowOf(a);
      for (let h = from; h < to; h++) {
        if (flags[h - HISTORY]) {
          t.detected[a.kind]++;
          t.delays[a.kind].push(h - a.start + 1);
          break;
        }
      }
    }
  }
  return t;
}

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
const mean = (xs: readonly number[]) => (xs.length === 0 ? 'n/a' : (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1));

const started = Date.now();
console.log(`anomaly rule (seasonal median of 4 weeks, MAD band, Anscombe-transformed counts); ${SEEDS.length} seeds per volume, ${DAYS} days evaluated hourly after 4 weeks of history\n`);
console.log('| k | peak/h | false alarms on a clean series (hours / episodes per 90 days) | precision | recall spike | drop | holiday | level shift | mean delay h (spike / drop / holiday / shift) | shift adaptation alarms (h per series) |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const k of KS) {
  for (const peak of PEAKS) {
    const t = evaluate(peak, k);
    const recall = (kind: AnomalyKind) => `${t.detected[kind]}/${t.injected[kind]}`;
    console.log(
      `| ${k} | ${peak} | ${(t.cleanPoints / t.cleanSeries).toFixed(2)} / ${(t.cleanEpisodes / t.cleanSeries).toFixed(2)} | ${pct(t.truePoints, t.truePoints + t.falsePoints)} | ${recall('spike')} | ${recall('drop')} | ${recall('holiday')} | ${recall('level_shift')} | ${kinds.map((kind) => mean(t.delays[kind])).join(' / ')} | ${(t.adaptationPoints / SEEDS.length).toFixed(1)} |`,
    );
  }
}
console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s`);
