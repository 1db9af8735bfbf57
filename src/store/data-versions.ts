// What the store holds, as a version per app: it moves whenever an app's answers may change — rows
// committed for it, an erasure, retention, a change made through the API — so an answer computed at
// one version is still right while the version stands (the answer cache, api/answer-cache.ts).
// Only meaningful where this process is the store's only writer (the embedded store): writes of
// other processes do not move it.

export interface DataVersions {
  /** the version answers about `appId` were computed at */
  of(appId: string): string;
  /** rows of these apps changed */
  bump(appIds: Iterable<string>): void;
  /** anything may have changed (an erasure, retention, a setting) */
  bumpAll(): void;
}

export function createDataVersions(): DataVersions {
  let all = 0;
  const perApp = new Map<string, number>();
  return {
    of: (appId) => `${all}.${perApp.get(appId) ?? 0}`,
    bump(appIds) {
      for (const id of appIds) perApp.set(id, (perApp.get(id) ?? 0) + 1);
    },
    bumpAll() {
      all++;
    },
  };
}
