// An insight's whole state lives in the URL (`?q=` holding its JSON), so a link, a reload and a
// dashboard tile all ask the same question.
import { useLocation, useSearch } from 'wouter';

export function parseState<T extends object>(search: string, defaults: T): T {
  const q = new URLSearchParams(search).get('q');
  if (!q) return defaults;
  try {
    return { ...defaults, ...(JSON.parse(q) as Partial<T>) };
  } catch {
    return defaults;
  }
}

export function stateQuery(state: object): string {
  return `q=${encodeURIComponent(JSON.stringify(state))}`;
}

export function useUrlState<T extends object>(defaults: T): [T, (next: T) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const state = parseState(search, defaults);
  return [state, (next: T) => navigate(`${location}?${stateQuery(next)}`)];
}
