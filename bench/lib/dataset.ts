// The query benchmark's dataset: N events over D days for about U users, generated as a stream
// (one session at a time, nothing held), the same every run for the same options. Shapes that make
// every insight meaningful: a daily rhythm and weekly seasonality, a Zipf-like mix of pages, the
// product funnel page_view → add_to_cart → checkout → purchase{revenue}, a `variant` property on
// every event (B converts a little better), and users who come back with a decaying probability
// (a short-lived majority and a loyal minority), so retention has signal.

import { USER_AGENTS, seededRandom as rng } from '../../src/demo/dataset.ts';

const DAY_MS = 86_400_000;
/** users signed up before the first day, so day 0 already has returning users */
const PRE_DAYS = 30;
const PAGES = [
  '/', '/search', '/products', '/cart', '/pricing', '/account', '/help', '/blog', '/about', '/login',
  ...Array.from({ length: 40 }, (_, i) => `/product/${i + 1}`),
];
const QUERIES = ['shoes', 'red dress', 'laptop', 'coffee', 'headphones', 'desk', 'lamp', 'gift', 'sale', 'zzkx'];
const COUNTRIES = ['US', 'US', 'US', 'DE', 'GB', 'IN', 'BR', 'FR', 'JP', 'NG'];

export interface DatasetOptions {
  readonly appId: string;
  /** exactly this many events */
  readonly events: number;
  /** about this many distinct users */
  readonly users: number;
  readonly days: number;
  /** the dataset ends before this instant (epoch ms, a UTC midnight) */
  readonly endMs: number;
  readonly seed: number;
}

export interface DatasetEvent {
  event_id: string;
  app_id: string;
  event_name: string;
  user_id: string;
  session_id: string;
  /** canonical ISO UTC with milliseconds */
  timestamp: string;
  properties: Record<string, string | number>;
  context: { user_agent: string; country: string; ip: string };
}

/** a stable per-user hash (variant, device, country never change for a user) */
function hash32(n: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** a UUID v7 layout from the event time and a sequence number: unique, time-ordered, deterministic */
export function sequentialEventId(ms: number, seq: number): string {
  const t = ms.toString(16).padStart(12, '0');
  const s = seq.toString(16).padStart(15, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${s.slice(0, 3)}-8${s.slice(3, 6)}-${s.slice(6, 15).padStart(12, '0')}`;
}

export function datasetStartMs(o: Pick<DatasetOptions, 'days' | 'endMs'>): number {
  return o.endMs - o.days * DAY_MS;
}

export function* generateDataset(o: DatasetOptions): Generator<DatasetEvent> {
  const random = rng(o.seed);
  const startMs = datasetStartMs(o);
  const perDay = Math.max(1, Math.floor(o.users / (o.days + PRE_DAYS)));
  // events per day: weekends at 75%, 30% growth over the range
  const weights = Array.from({ length: o.days }, (_, d) => {
    const dow = new Date(startMs + d * DAY_MS).getUTCDay();
    return (dow === 0 || dow === 6 ? 0.75 : 1) * (1 + (0.3 * d) / o.days);
  });
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let emitted = 0;
  let session = 0;
  let target = 0;

  for (let d = 0; d < o.days && emitted < o.events; d++) {
    target = d === o.days - 1 ? o.events : Math.min(o.events, target + Math.round((o.events * weights[d]) / totalWeight));
    const dayStart = startMs + d * DAY_MS;
    let newcomer = 0;
    while (emitted < target) {
      let user: number;
      if (newcomer < perDay) {
        user = (d + PRE_DAYS) * perDay + newcomer++;
      } else {
        // days since sign-up: most users fade within a week or two, a loyal fifth keeps coming
        const tau = random() < 0.8 ? 6 : 45;
        const age = 1 + Math.floor(-tau * Math.log(1 - random()));
        const signup = Math.max(0, d + PRE_DAYS - age);
        user = signup * perDay + Math.floor(perDay * random() ** 1.5);
      }
      const h = hash32(user);
      const variant = h & 1 ? 'B' : 'A';
      const userId = `u_${user}`;
      const sessionId = `s_${session++}`;
      const context = { user_agent: USER_AGENTS[(h >>> 1) % USER_AGENTS.length], country: COUNTRIES[(h >>> 4) % COUNTRIES.length], ip: `198.51.${(h >>> 8) % 250}.${(h >>> 16) % 250}` };
      // daytime-heavy: a triangular distribution peaking around 11:00 UTC; late sessions may run
      // past midnight into the next day (never past the end of the dataset)
      let t = dayStart + Math.floor(((random() + random()) / 2) * DAY_MS * 0.92);
      const make = (event_name: string, properties: Record<string, string | number>): DatasetEvent => {
        t += 2_000 + Math.floor(-40_000 * Math.log(1 - random()));
        const ts = Math.min(t, o.endMs - 1);
        return { event_id: sequentialEventId(ts, emitted), app_id: o.appId, event_name, user_id: userId, session_id: sessionId, timestamp: new Date(ts).toISOString(), properties: { ...properties, variant }, context };
      };
      const views = 1 + Math.floor(-2.5 * Math.log(1 - random()));
      let cart = 0;
      for (let v = 0; v < views && emitted < target; v++) {
        const page = PAGES[Math.floor(PAGES.length * random() ** 2.2)];
        yield make('page_view', { page });
        emitted++;
        if (v === 0 && random() < 0.12 && emitted < target) {
          yield make('search', { query: QUERIES[Math.floor(random() * QUERIES.length)], results_count: Math.floor(random() * 60) });
          emitted++;
        }
        if (page.startsWith('/product/') && random() < 0.25 && emitted < target) {
          const price = Math.round((5 + random() * 95) * 100) / 100;
          cart += price;
          yield make('add_to_cart', { page, product_id: page.slice(9), price });
          emitted++;
        }
      }
      if (random() < 0.03 && emitted < target) {
        yield make('video_start', { video_id: `v-${1 + Math.floor(random() * 20)}` });
        emitted++;
      }
      if (cart > 0 && random() < 0.5 && emitted < target) {
        yield make('checkout', { items: 1 + Math.floor(random() * 3) });
        emitted++;
        if (random() < (variant === 'B' ? 0.66 : 0.6) && emitted < target) {
          yield make('purchase', { revenue: Math.round(cart * 100) / 100, currency: 'USD' });
          emitted++;
        }
      }
    }
  }
}
