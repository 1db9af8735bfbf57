// Learning: one learner's dashboard (7/30/90-day summaries and daily activity) and their activity
// heatmap (a year of days, by week), from the learner views of seed 002.
import { useMemo, useState } from 'react';
import { unwrap } from '../api/client.ts';
import { useTally } from '../context.ts';
import { EChart, heatColors } from '../charts/echart.tsx';
import { useTheme } from '../theme.tsx';
import { Card, DataTable, Kpi, Status, TextInput } from '../ui/kit.tsx';
import { pct } from '../ui/format.ts';
import { useAsync } from '../ui/use-async.ts';
import { useUrlState } from '../url-state.ts';

type Day = { date: string; questions_attempted: number; correct: number; accuracy: number | null; study_seconds: number };

export default function LearningPage() {
  const { api, session } = useTally();
  const app = session.appId;
  const [state, setState] = useUrlState({ user: '' });
  const [draft, setDraft] = useState(state.user);
  const user = state.user;
  const dashboard = useAsync(user ? () => unwrap(api.GET('/v1/learning/users/{user_id}/dashboard', { params: { path: { user_id: user }, query: { app_id: app } } })) : undefined, `${app}:${user}`);
  const heatmap = useAsync(user ? () => unwrap(api.GET('/v1/learning/users/{user_id}/heatmap', { params: { path: { user_id: user }, query: { app_id: app } } })) : undefined, `${app}:${user}:h`);
  const o = dashboard.data?.overview;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Learning</h1>
          <p className="muted">A learner's progress: questions, accuracy and study time (the learner views of docs/learning.md).</p>
        </div>
      </div>
      <form
        className="card row"
        aria-label="Learner"
        onSubmit={(e) => {
          e.preventDefault();
          setState({ user: draft.trim() });
        }}
      >
        <TextInput label="Learner (user id)" value={draft} onChange={setDraft} placeholder="u_42" />
        <button type="submit" className="btn primary" disabled={!draft.trim()}>
          Show
        </button>
      </form>
      {!user ? (
        <p className="muted">Enter a learner's user id.</p>
      ) : (
        <>
          <Status loading={dashboard.loading} error={dashboard.error} empty={!o} emptyText={`No study activity recorded for ${user}.`}>
            {o && (
              <div className="kpis">
                <Kpi label="Questions, 7 days" value={o.last_7_days.questions} />
                <Kpi label="Accuracy, 7 days" value={o.last_7_days.accuracy} format={(v) => pct(v)} />
                <Kpi label="Questions, 30 days" value={o.last_30_days.questions} />
                <Kpi label="Accuracy, 30 days" value={o.last_30_days.accuracy} format={(v) => pct(v)} />
                <Kpi label="Study hours, 30 days" value={Math.round((o.last_30_days.study_seconds / 3600) * 10) / 10} />
                <Kpi label="Active days, 90 days" value={o.last_90_days.active_days} />
              </div>
            )}
          </Status>
          <Card title="Activity heatmap">
            <Status loading={heatmap.loading} error={heatmap.error} empty={!heatmap.data?.days.length} emptyText="No day with activity.">
              {heatmap.data && <Heatmap days={heatmap.data.days} />}
            </Status>
          </Card>
          <Card title="Daily activity">
            <Status loading={dashboard.loading} error={dashboard.error} empty={!dashboard.data?.daily.length} emptyText="No daily activity.">
              <DataTable csvName={`learner-${user}`} columns={[{ key: 'date', label: 'Date' }, { key: 'questions_attempted', label: 'Questions', numeric: true }, { key: 'correct', label: 'Correct', numeric: true }, { key: 'accuracy', label: 'Accuracy', numeric: true, render: (v) => pct(v as number | null) }, { key: 'study_seconds', label: 'Study (s)', numeric: true }, { key: 'sessions', label: 'Sessions', numeric: true }]} rows={dashboard.data?.daily ?? []} />
            </Status>
          </Card>
        </>
      )}
    </div>
  );
}

function Heatmap({ days }: { days: Day[] }) {
  const theme = useTheme();
  const option = useMemo(() => {
    // a calendar of the last 26 weeks (Monday first) up to the latest active day or today
    const DAY = 86_400_000;
    const byDate = new Map(days.map((d) => [d.date, d.questions_attempted]));
    const lastMs = Math.max(Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`), ...days.map((d) => Date.parse(`${d.date}T00:00:00Z`)));
    const lastMonday = lastMs - ((new Date(lastMs).getUTCDay() + 6) % 7) * DAY;
    const monday = lastMonday - 25 * 7 * DAY;
    const cells: Array<[number, number, number]> = [];
    for (let t = monday; t <= lastMs; t += DAY) {
      cells.push([Math.floor((t - monday) / (7 * DAY)), (new Date(t).getUTCDay() + 6) % 7, byDate.get(new Date(t).toISOString().slice(0, 10)) ?? 0]);
    }
    return {
      tooltip: { trigger: 'item' },
      grid: { left: 40, right: 10, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: Array.from({ length: 26 }, (_, w) => new Date(monday + w * 7 * DAY).toISOString().slice(5, 10)) },
      yAxis: { type: 'category', data: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], inverse: true },
      visualMap: { min: 0, max: Math.max(1, ...days.map((d) => d.questions_attempted)), orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, inRange: { color: heatColors(theme) }, text: ['more', 'none'] },
      series: [{ type: 'heatmap', data: cells, itemStyle: { borderColor: theme === 'dark' ? '#161d2e' : '#ffffff', borderWidth: 2 } }],
    };
  }, [days, theme]);
  return <EChart option={option} label={`Questions attempted per day over ${days.length} days`} small />;
}
