// Metrics of one kind are created once per registry: a process may start several workers or
// captures on one registry, and prom-client refuses a name registered twice.

import type { Registry } from 'prom-client';

export function perRegistry<T>(build: (registry: Registry) => T): (registry: Registry) => T {
  const built = new WeakMap<Registry, T>();
  return (registry) => {
    let metrics = built.get(registry);
    if (metrics === undefined) {
      metrics = build(registry);
      built.set(registry, metrics);
    }
    return metrics;
  };
}
