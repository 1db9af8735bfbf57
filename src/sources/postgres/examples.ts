// The documented example mappings (docs/cdc.md): seed 000's tutor tables and seed 004's
// platform_events, usable as TALLY_CDC_MAPPINGS as they are (JSON.stringify). Tests run them.

export const SEED_000_MAPPINGS = Object.freeze({
  'public.concept_events': { app_id: 'tutor', event_name: 'concept_event' },
  'public.actions': { app_id: 'tutor', event_name: 'tutor_action' },
});

export const SEED_004_MAPPINGS = Object.freeze({
  'public.platform_events': { app_id: 'platform', event_name_column: 'event_type', category: 'event_category', event_id: 'event_id' },
});
