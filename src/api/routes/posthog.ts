import type { RouteGroup } from '../schemas.ts';
export const posthogRoutes: RouteGroup = async () => {};
