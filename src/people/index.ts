// Public surface of people: user profiles set by identify (versioned by time in the engine), the
// bounded in-memory cache ingest enriches events from, and the trait rules (limits, merge, the
// role and tenure facts).
export { createPeople } from './people-service.ts';
export type { People, PeopleOptions } from './people-service.ts';
export { createProfileStore, PROFILE_TABLE, MAX_PROFILE_VERSIONS } from './profile-store.ts';
export type { Profile, ProfileStore } from './profile-store.ts';
export { createProfileCache } from './profile-cache.ts';
export type { ProfileCache, ProfileCacheOptions } from './profile-cache.ts';
export { traitsProblem, mergeTraits, factsAt, factVersion, DEFAULT_TRAIT_LIMITS, ROLE_TRAIT, CREATED_AT_TRAIT } from './traits.ts';
export type { TraitLimits, TraitVersion, FactVersion } from './traits.ts';
export { createPersonLinks, PERSON_LINKS_TABLE, RESOLVED_LINKS_SQL, MAX_LINKED_IDS } from './person-links.ts';
export type { PersonLink, PersonLinks } from './person-links.ts';
