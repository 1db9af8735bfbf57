// Event categories decide retention (transactions and content are kept longest). The lists are
// the marketplace's own (seed 004); names that match none fall into 'other'.

export const CATEGORIES = ['transaction', 'interaction', 'user_activity', 'content', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

const BY_PREFIX: ReadonlyArray<readonly [string, Category]> = [
  ['project.', 'transaction'],
  ['proposal.', 'transaction'],
  ['milestone.', 'transaction'],
  ['payment.', 'transaction'],
  ['order.', 'transaction'],
  ['purchase', 'transaction'],
  ['subscription.', 'transaction'],
  ['profile.viewed', 'interaction'],
  ['project.viewed', 'interaction'],
  ['search', 'interaction'],
  ['filter.', 'interaction'],
  ['message.', 'interaction'],
  ['notification.', 'interaction'],
  ['page_view', 'interaction'],
  ['video_', 'interaction'],
  ['user.', 'user_activity'],
  ['session.', 'user_activity'],
  ['session_', 'user_activity'],
  ['password.', 'user_activity'],
  ['mfa.', 'user_activity'],
  ['login', 'user_activity'],
  ['logout', 'user_activity'],
  ['review.', 'content'],
  ['portfolio.', 'content'],
  ['profile.', 'content'],
  ['github.', 'content'],
];

// Viewing a project is an interaction even though other project.* events are transactions.
const EXACT: ReadonlyMap<string, Category> = new Map([
  ['profile.viewed', 'interaction'],
  ['project.viewed', 'interaction'],
]);

export function categorize(eventName: string): Category {
  const exact = EXACT.get(eventName);
  if (exact) return exact;
  for (const [prefix, category] of BY_PREFIX) {
    if (eventName.startsWith(prefix)) return category;
  }
  return 'other';
}
