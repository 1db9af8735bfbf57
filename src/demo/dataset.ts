// A realistic, deterministic 30-day dataset for one app: a product funnel with two A/B variants,
// search, video watching, learning (questions with the learner model's properties, materials and
// reading progress, concept mastery, tutor actions; curriculum.ts) and logins, so
// every report and insight has something to show. Same seed, same events (and same derived ids,
// so loading it twice stores it once).

export interface DemoOptions {
  readonly appId?: string;
  readonly users?: number;
  readonly days?: number;
  /** the dataset ends here (epoch ms, default now) */
  readonly endMs?: number;
  readonly seed?: number;
}

export type WireEvent = {
  app_id: string;
  event_name: string;
  user_id: string;
  session_id: string;
  timestamp: string;
  properties: Record<string, unknown>;
  context?: Record<string, string>;
};

/** mulberry32: a small, fast seeded generator, good enough for synthetic data (uniform in [0, 1)) */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** a realistic mix of browsers and devices, shared with the benchmarks' generators */
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
];
const COUNTRIES = ['US', 'DE', 'IN', 'BR', 'GB', 'FR', 'JP', 'NG'];
const PAGES = ['/', '/pricing', '/docs', '/blog', '/product/1', '/product/2', '/product/3'];
const QUERIES = ['react developer', 'python tutor', 'cardiology', 'espresso', 'jazz live', 'node.js', 'pharmacology quiz', 'cold brew', 'typescript', 'zzkx'];
const TOPICS = ['cardiology', 'pharmacology', 'anatomy', 'neurology', 'pathology'];
const ACTIONS = ['hint', 'worked_example', 'quiz', 'explanation', 'recap'];
const VIDEOS = ['v-101', 'v-102', 'v-103', 'v-104', 'v-105', 'v-106'];
const HOUR = 3_600_000;
const DAY = 86_400_000;

export function* demoEvents(options: DemoOptions = {}): Generator<WireEvent> {
  const appId = options.appId ?? 'demo';
  const users = options.users ?? 1500;
  const days = options.days ?? 30;
  const endMs = options.endMs ?? Date.now();
  const startMs = Math.floor((endMs - days * DAY) / DAY) * DAY;
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

  for (let u = 0; u < users; u++) {
    const userId = `u_${u}`;
    const variant = u % 2 === 0 ? 'A' : 'B';
    const firstDay = Math.floor(random() * days);
    const loyalty = random();
    const ua = pick(USER_AGENTS);
    const context = { user_agent: ua, ip: `203.0.${u % 250}.${(u * 7) % 250}`, country: pick(COUNTRIES) };
    for (let day = firstDay; day < days; day++) {
      if (day !== firstDay && random() > loyalty * 0.6) continue;
      const sessions = 1 + Math.floor(random() * 2);
      for (let s = 0; s < sessions; s++) {
        const sessionId = `s_${u}_${day}_${s}`;
        let t = startMs + day * DAY + Math.floor(random() * 20 * HOUR) + s * 2 * HOUR;
        if (t >= endMs) continue;
        const at = () => {
          t += 5_000 + Math.floor(random() * 120_000);
          return new Date(Math.min(t, endMs - 1)).toISOString();
        };
        const ev = (event_name: string, properties: Record<string, unknown>): WireEvent => ({
          app_id: appId, event_name, user_id: userId, session_id: sessionId, timestamp: at(), properties: { variant, ...properties }, context,
        });
        yield ev('session_start', {});
        if (day === firstDay && s === 0) yield ev('user.login', { method: pick(['password', 'github', 'google']) });
        const views = 1 + Math.floor(random() * 4);
        for (let i = 0; i < views; i++) yield ev('page_view', { page: pick(PAGES) });
        // product funnel: B converts better than A
        if (random() < 0.45) {
          const product = `p_${1 + Math.floor(random() * 12)}`;
          const price = 5 + Math.floor(random() * 60);
          yield ev('add_to_cart', { product_id: product, price });
          if (random() < 0.55) {
            yield ev('checkout', { product_id: product });
            if (random() < (variant === 'B' ? 0.7 : 0.5)) yield ev('purchase', { product_id: product, revenue: price, currency: 'USD' });
          }
        }
        if (random() < 0.5) {
          const query = pick(QUERIES);
          yield ev('search', { query, results_count: query === 'zzkx' ? 0 : Math.floor(random() * 40), search_time_ms: 20 + Math.floor(random() * 300) });
        }
        if (random() < 0.4) {
          const content = pick(VIDEOS);
          yield ev('video_start', { content_id: content });
          const beats = 1 + Math.floor(random() * 12);
          for (let b = 0; b < beats; b++) yield ev('video_heartbeat', { content_id: content, watch_time_seconds: 10 });
          if (beats > 8) yield ev('video_complete', { content_id: content });
        }
        if (random() < 0.5) {
          const topic = pick(TOPICS);
          const materialType = pick(['pdf', 'video', 'article']);
          const materialId = `${topic}-${materialType}`;
          yield ev('material_open', { material_type: materialType, topic, material_id: materialId, topic_id: topic });
          // reading progress, derived (no draw: the rest of the dataset stays as it was)
          yield ev('material_progress', { material_id: materialId, topic_id: topic, progress: ((u * 7 + day * 3 + s) % 10 + 1) / 10, seconds: 30 + ((u + day) % 5) * 30 });
          const questions = 1 + Math.floor(random() * 5);
          for (let q = 0; q < questions; q++) {
            const action = pick(ACTIONS);
            yield ev('tutor_action', { action_type: action, topic });
            const correct = random() < 0.5 + loyalty * 0.3;
            yield ev('question_answered', {
              topic,
              topic_id: topic,
              question_id: `q_${topic}_${Math.floor(random() * 30)}`,
              correct,
              selected_answer: correct ? 'A' : 'C',
              correct_answer: 'A',
              first_attempt: q === 0,
              time_to_answer_seconds: 10 + Math.floor(random() * 80),
            });
            yield ev('concept_event', { concept: topic, outcome: correct ? 'correct' : 'incorrect', delta_mastery: correct ? 0.05 + random() * 0.1 : -random() * 0.05 });
          }
        }
        yield ev('session_end', {});
      }
    }
  }
}
