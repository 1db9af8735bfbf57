// Synthetic events for benchmarks: realistic shapes (property mix, user agents, IPs), cheap to make.

import { uuidv7 } from '../../src/event/index.ts';

const NAMES = ['page_view', 'page_view', 'page_view', 'search', 'add_to_cart', 'purchase', 'video_heartbeat', 'question_answered'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
];

export function benchEvent(i: number, appId: string, startMs: number, spanMs: number) {
  const ts = startMs + Math.floor((i * 7919) % spanMs);
  const name = NAMES[i % NAMES.length];
  return {
    event_id: uuidv7(ts),
    app_id: appId,
    event_name: name,
    user_id: `u_${(i * 31) % 100_000}`,
    session_id: `s_${Math.floor(i / 20)}`,
    timestamp: new Date(ts).toISOString(),
    properties: { page: `/p/${i % 200}`, revenue: name === 'purchase' ? (i % 90) + 0.99 : undefined, variant: i % 2 ? 'A' : 'B', query: name === 'search' ? `q${i % 500}` : undefined, results_count: i % 40 },
    context: { user_agent: AGENTS[i % AGENTS.length], ip: `198.51.${i % 250}.${i % 200}`, country: 'US' },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
