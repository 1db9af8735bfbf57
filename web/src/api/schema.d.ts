// Generated from the OpenAPI document by web/scripts/api-types.ts (openapi-typescript). Do not edit.

export interface paths {
    "/v1/apps/{app_id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List an app's keys (admin token) */
        get: operations["listKeys"];
        put?: never;
        /**
         * Create a key (admin token)
         * @description A write key ingests into this app; a read key reads this app and any listed in `grant_app_ids`.
         */
        post: operations["createKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{app_id}/keys/{key_id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate a key: new secret, same id; the old secret stops working (admin token) */
        post: operations["rotateKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{app_id}/keys/{key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a key (admin token) */
        delete: operations["revokeKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/query": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run read-only SQL over your apps
         * @description One SELECT over `events` (and rollups) of the apps this key may read; every table read is limited to those apps by the engine. No table functions except numbers/values, no system tables except system.one/numbers, no SETTINGS, one statement. Limits: time, result rows, memory, rows read.
         */
        post: operations["runQuery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Erase a user's data in an app (admin token) */
        delete: operations["eraseUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{user_id}/anonymize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Anonymise a user's data in an app (admin token)
         * @description user_id is replaced by a random pseudonym; anonymous_id, IP prefix and user agent are cleared; email, phone, address and the configured scrub keys leave properties.
         */
        post: operations["anonymizeUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/erasures/{erasure_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An erasure receipt (admin token) */
        get: operations["getErasure"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{user_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything stored about a user in an app, as NDJSON (admin token or a read key of the app)
         * @description One JSON object per line: { "table": "events", "row": { ... } }.
         */
        get: operations["exportUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Query the audit log (admin token) */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List apps (admin token) */
        get: operations["listApps"];
        put?: never;
        /** Create an app (admin token) */
        post: operations["createApp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List an app's events */
        get: operations["listEvents"];
        put?: never;
        /** Ingest one event */
        post: operations["ingestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ingest a batch of events
         * @description JSON { "events": [...] } or NDJSON (application/x-ndjson), optionally gzip (Content-Encoding: gzip). At most 10000 events and 16777216 bytes after decompression.
         */
        post: operations["ingestBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a report template */
        post: operations["runReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dashboards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's saved dashboards */
        get: operations["listDashboards"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dashboards/{dashboard_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A saved dashboard */
        get: operations["getDashboard"];
        /** Save a dashboard (replaces one with the same id) */
        put: operations["saveDashboard"];
        post?: never;
        /** Delete a saved dashboard */
        delete: operations["deleteDashboard"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemas/{event_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An event's current schema and its version history (newest first) */
        get: operations["getSchema"];
        /**
         * Register a version of an event's properties schema
         * @description Admin token or a read key of the app. An unchanged schema (same schema, category, description, owner) adds no version and answers 200; a new version answers 201.
         */
        put: operations["registerSchema"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schemas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's current schemas (one per event) and its validation mode */
        get: operations["listSchemas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/apps/{app_id}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's settings (schema validation mode) */
        get: operations["getAppSettings"];
        /**
         * Change an app's settings
         * @description schema_mode: off (no validation), warn (accept mismatches and count them), enforce (reject and quarantine them). Admin token or a read key of the app.
         */
        put: operations["updateAppSettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quarantine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List an app's quarantined (rejected) events, newest first */
        get: operations["listQuarantine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quarantine/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's quarantined events counted by reason code */
        get: operations["getQuarantineSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quarantine/{quarantine_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inspect one quarantined event, with its whole stored payload */
        get: operations["getQuarantinedEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quarantine/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replay quarantined events against the current schemas
         * @description Takes still-quarantined rows of the app (all, or those with the given ids and/or code), oldest first, and ingests them again without re-quarantining. What passes is stored once (event ids are kept or derived from the content) and marked replayed; the rest keep their new reasons. Payloads cut at the size limit are never replayed. Admin token or a write key of the app.
         */
        post: operations["replayQuarantine"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Change-capture sources and their status (admin token) */
        get: operations["listSources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/properties/materialized": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Properties kept in columns of their own, and the ones questions read most from the JSON (admin token) */
        get: operations["listMaterializedProperties"];
        put?: never;
        /**
         * Keep a property in a column of its own (admin token)
         * @description New events get the column as they are written; stored events are rewritten in the background (`backfilled`). Idempotent.
         */
        post: operations["materializeProperty"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/properties/materialized/{property}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Read a property from the JSON text again and drop its column (admin token) */
        delete: operations["dropMaterializedProperty"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tally.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The one-line script: automatic page views, window.tally.track()
         * @description Add `<script defer src="https://TALLY/tally.js" data-write-key="…" data-app="…"></script>` to a page. See docs/sdk.md.
         */
        get: operations["getScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insights/trends": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trends: event measures per time bucket, with breakdown and comparison
         * @description math: count, unique_users (exact), unique_users_approx (HyperLogLog, answers carry error_bound), unique_sessions, sum/avg/min/max/p50/p90/p99 of a numeric property. Buckets minute/hour/day/week (Monday)/month in the timezone, every bucket present (empty = 0), at most 5000 per series.
         */
        post: operations["getTrends"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insights/aggregations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Aggregations: events and distinct users per bucket, category and event name
         * @description Read from the hourly rollup (AggregatingMergeTree kept by a materialized view); equal to the same question over raw events. With a segment, read from raw events.
         */
        post: operations["getAggregations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insights/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment members: lifecycle, power users, churn risk, saved or inline custom segments
         * @description Definitions in docs/segments.md. Members are ordered by user_id and paged with next_cursor.
         */
        post: operations["listSegmentMembers"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/segments/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A saved segment */
        get: operations["getSegment"];
        /** Save a custom segment by name (replaces one of the same name) */
        put: operations["saveSegment"];
        post?: never;
        /** Delete a saved segment */
        delete: operations["deleteSegment"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/segments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's saved segments */
        get: operations["listSegments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insights/funnels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Funnels: users through 2-10 steps within a conversion window
         * @description An attempt starts at a step-1 event inside [from, to); every step is at most `window` after it (inclusive; later steps may fall past `to`). ordered: steps in order, other events may come between, each event fills one step; strict: steps are consecutive events of the user; any: steps in any order. Events in the same millisecond are taken in step order. Each user counts once, with their best attempt (deepest; among those the one starting last), which gives the times to convert and the breakdown value (read on its first event). Time quantiles interpolate between ranks (median of 1,2,3,4 = 2.5).
         */
        post: operations["getFunnel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insights/funnels/dropped": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Funnels: the users who reached a step but not the next one (paged by user_id)
         * @description An attempt starts at a step-1 event inside [from, to); every step is at most `window` after it (inclusive; later steps may fall past `to`). ordered: steps in order, other events may come between, each event fills one step; strict: steps are consecutive events of the user; any: steps in any order. Events in the same millisecond are taken in step order. Each user counts once, with their best attempt (deepest; among those the one starting last), which gives the times to convert and the breakdown value (read on its first event).
         */
        post: operations["listFunnelDropOffs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insights/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retention: cohorts by first start event, returns per day/week/month
         * @description A user's cohort is the period (in the timezone; weeks start Monday) of their first start_event in [from, to). Return events count inside [from, to) only. filters and segment apply to both events; start_filters/return_filters to one.
         */
        post: operations["getRetention"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insights/paths": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Paths: most frequent next (or previous) events after a start event
         * @description Each start_event occurrence in [from, to) starts a path of the next (previous) `depth` events of the user in the range (inside its session with session_scoped). Per depth d, the `limit` most frequent first-d-event sequences with their occurrences and users.
         */
        post: operations["getPaths"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/insights/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Experiments: A/B/n conversion or continuous metrics with significance
         * @description A user's variant is the first value of variant_property on their events (or exposure events) in [from, to); conversions = users with a goal event in range. Conversion: pooled two-proportion z-test, Wald interval of the difference, Katz interval of the lift. Continuous (per-user sum of a property): Welch t-test. More than two variants: each against the control (control, or the first alphabetically), Holm-adjusted. SRM: chi-square against expected_split (mismatch when p < 0.001). probability_best from Beta(1+conversions, 1+users-conversions) (or normal) posteriors by numeric integration. status not_enough_data when a variant has fewer than min_users_per_variant users (100) or min_conversions_per_variant conversions (5). sequential: mSPRT always-valid p-values over daily looks (mixing N(0, (tau*sigma)^2), tau 0.1).
         */
        post: operations["getExperimentResults"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's curriculum */
        get: operations["getLearningTopics"];
        /** Upsert topics of an app's curriculum */
        put: operations["putLearningTopics"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/users/{user_id}/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A learner's dashboard: 7/30/90-day overview and the 90 daily rows ending on its as_of_date (the last daily run) */
        get: operations["getLearnerDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/users/{user_id}/heatmap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A learner's activity per day (days without activity are absent) */
        get: operations["getLearnerHeatmap"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/users/{user_id}/mastery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A learner's mastery of each topic, with the topic */
        get: operations["getLearnerMastery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/users/{user_id}/gaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A learner's knowledge gaps, highest priority first */
        get: operations["getLearnerGaps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/users/{user_id}/reviews/due": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Questions due for review at a time, most overdue first */
        get: operations["getLearnerDueReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/users/{user_id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A learner's study sessions started in the last days, newest first */
        get: operations["getLearnerSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/users/{user_id}/questions/{question_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A learner's attempts at one question, numbered, with its review */
        get: operations["getLearnerQuestionHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/users/{user_id}/materials/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A learner's progress in each material, most recent first */
        get: operations["getLearnerMaterialProgress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/topics/performance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Topic performance per day (topic_daily_stats) */
        get: operations["getTopicPerformance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/first-attempt-accuracy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** First-attempt accuracy by topic: learners' first answers to each question on the UTC days from `from`'s day up to (not including) `to`'s day */
        get: operations["getFirstAttemptAccuracy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/mastery/distribution": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The cohort's mastery per topic: mean, learners at or above the mastery threshold, ten buckets */
        get: operations["getMasteryDistribution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mint a learner token: reads only this user's learner views of this app, until it expires */
        post: operations["createLearnerToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/learning/action-weights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's current action weights */
        get: operations["getActionWeights"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/identify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set traits of a user
         * @description Writes one version of the user's profile: the traits sent, at `timestamp`. Answers once stored; events of the user ingested afterwards are enriched with the new traits.
         */
        post: operations["identify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/profiles/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's profile */
        get: operations["getProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segment/v1/track": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment track
         * @description Segment HTTP Tracking API (docs/migrate-from-segment.md). Write key as Basic auth user name or `writeKey`; gzip accepted.
         */
        post: operations["segmentTrack"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segment/v1/identify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment identify
         * @description Segment HTTP Tracking API (docs/migrate-from-segment.md). Write key as Basic auth user name or `writeKey`; gzip accepted.
         */
        post: operations["segmentIdentify"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segment/v1/page": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment page
         * @description Segment HTTP Tracking API (docs/migrate-from-segment.md). Write key as Basic auth user name or `writeKey`; gzip accepted.
         */
        post: operations["segmentPage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segment/v1/screen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment screen
         * @description Segment HTTP Tracking API (docs/migrate-from-segment.md). Write key as Basic auth user name or `writeKey`; gzip accepted.
         */
        post: operations["segmentScreen"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segment/v1/group": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment group
         * @description Segment HTTP Tracking API (docs/migrate-from-segment.md). Write key as Basic auth user name or `writeKey`; gzip accepted.
         */
        post: operations["segmentGroup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segment/v1/alias": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment alias
         * @description Segment HTTP Tracking API (docs/migrate-from-segment.md). Write key as Basic auth user name or `writeKey`; gzip accepted.
         */
        post: operations["segmentAlias"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/segment/v1/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Segment batch
         * @description Segment HTTP Tracking API (docs/migrate-from-segment.md). Write key as Basic auth user name or `writeKey`; gzip accepted.
         */
        post: operations["segmentBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/batch/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * PostHog capture (/batch/)
         * @description PostHog's capture protocol (also /batch, /capture, /e, /i/v0/e, with or without a trailing slash): the project key is a Tally write key, in api_key / token. JSON, gzip (Content-Encoding or ?compression=gzip-js), base64 form posts. docs/migrate-from-posthog.md
         */
        post: operations["posthogBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/capture/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * PostHog capture (/capture/)
         * @description PostHog's capture protocol (also /batch, /capture, /e, /i/v0/e, with or without a trailing slash): the project key is a Tally write key, in api_key / token. JSON, gzip (Content-Encoding or ?compression=gzip-js), base64 form posts. docs/migrate-from-posthog.md
         */
        post: operations["posthogCapture"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/e/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * PostHog capture (/e/)
         * @description PostHog's capture protocol (also /batch, /capture, /e, /i/v0/e, with or without a trailing slash): the project key is a Tally write key, in api_key / token. JSON, gzip (Content-Encoding or ?compression=gzip-js), base64 form posts. docs/migrate-from-posthog.md
         */
        post: operations["posthogEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/i/v0/e/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * PostHog capture (/i/v0/e/)
         * @description PostHog's capture protocol (also /batch, /capture, /e, /i/v0/e, with or without a trailing slash): the project key is a Tally write key, in api_key / token. JSON, gzip (Content-Encoding or ?compression=gzip-js), base64 form posts. docs/migrate-from-posthog.md
         */
        post: operations["posthogIngestEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/metrics/realtime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's unexpired cached metrics */
        get: operations["listRealtimeMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scheduled jobs: schedule and next run */
        get: operations["listJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{name}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's runs, newest first */
        get: operations["listJobRuns"];
        put?: never;
        /**
         * Start a run now, or a backfill over a date range
         * @description Queues one run for now (its window ends now), or with from and to one run per scheduled time in [from, to) (per day for jobs without a schedule). Runs of one job never overlap; each is retried with backoff on failure. Outputs are keyed by the scheduled time, so a repeated run replaces what an earlier one wrote. Answers 202 with the queued runs; poll GET /v1/jobs/{name}/runs for their status. Admin token or a read key of the app.
         */
        post: operations["startJobRuns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{name}/runs/{run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One run of a job */
        get: operations["getJobRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the sinks (admin token) */
        get: operations["listSinks"];
        put?: never;
        /**
         * Configure an export sink for an app (admin token)
         * @description kind parquet: path; s3: endpoint, bucket, prefix, credentials; postgres: url, table; clickhouse: url, database, table. The sink exports the app's events from the first one stored, batch by batch, on the sink_sync schedule and on POST /v1/sinks/{sink_id}/sync.
         */
        post: operations["createSink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks/{sink_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a sink (admin token)
         * @description Waits for the batch the sink is running, then stops its exports; the data already exported stays at the destination and its batch history in warehouse_sync_status; the sink is no longer listed, synced or erased from, and its credentials are not kept.
         */
        delete: operations["deleteSink"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks/{sink_id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync a sink now; answers when the sync ends (admin token)
         * @description Runs up to TALLY_SINKS_MAX_BATCHES_PER_SYNC batches from the cursor; resumes a batch a stopped process left, and retries a failed one.
         */
        post: operations["syncSink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks/{sink_id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sink's cursor, export lag and batches (warehouse_sync_status; admin token) */
        get: operations["getSinkStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sinks/{sink_id}/failures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sink's batches that failed or needed a retry, newest first (admin token) */
        get: operations["getSinkFailures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app's alert rules, with their state */
        get: operations["listAlerts"];
        put?: never;
        /**
         * Create an alert rule on a trends series
         * @description condition: threshold (op above/below, value, for), change against the previous bucket (op increase/decrease/either, percent or absolute) or anomaly (outside a seasonal band: k, weeks, min_band). Evaluated every `every` by the alerts_evaluate job; notifications are signed webhooks (x-tally-signature) with "state": "firing" | "resolved".
         */
        post: operations["createAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/pipeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The built-in pipeline rules: thresholds, state, silences (admin token) */
        get: operations["listPipelineAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/pipeline/{name}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A pipeline rule's history, newest first (admin token) */
        get: operations["listPipelineAlertEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/pipeline/{name}/silence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Silence a pipeline rule (admin token) */
        post: operations["silencePipelineAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/pipeline/{name}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test notification to the pipeline webhook (admin token) */
        post: operations["testPipelineAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{alert_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert rule, with its state */
        get: operations["getAlert"];
        put?: never;
        post?: never;
        /** Delete an alert rule (its history stays 90 days) */
        delete: operations["deleteAlert"];
        options?: never;
        head?: never;
        /** Change an alert rule (the fields given) */
        patch: operations["updateAlert"];
        trace?: never;
    };
    "/v1/alerts/{alert_id}/silence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Silence an alert rule: it is still evaluated and recorded, but delivers nothing until the silence ends */
        post: operations["silenceAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{alert_id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test notification (the current value, marked test) to the rule's webhook
         * @description Delivered like a real notification (signature, retries) even while silenced; recorded in the history as kind test.
         */
        post: operations["testAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{alert_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rule's history, newest first: value, band, state change, delivery result */
        get: operations["listAlertEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{alert_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rule's delivery log: every webhook attempt, newest first */
        get: operations["listAlertDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listKeys: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: {
                            key_id: string;
                            app_id: string;
                            kind: "read" | "write";
                            /** @description apps the key may act on */
                            app_ids: string[];
                            name: string;
                            /** @description 0 = the configured default of its kind */
                            rate_per_second: number;
                            created_at: string;
                            rotated_at: string | null;
                            revoked: boolean;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    createKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    kind: "read" | "write";
                    /** @description read keys only: more apps to read */
                    grant_app_ids?: string[];
                    name?: string;
                    /** @description own rate limit; 0 = default */
                    rate_per_second?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key_id: string;
                        app_id: string;
                        kind: "read" | "write";
                        /** @description apps the key may act on */
                        app_ids: string[];
                        name: string;
                        /** @description 0 = the configured default of its kind */
                        rate_per_second: number;
                        created_at: string;
                        rotated_at: string | null;
                        revoked: boolean;
                    } & {
                        /** @description the secret: shown once */
                        key: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    rotateKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app_id: string;
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key_id: string;
                        app_id: string;
                        kind: "read" | "write";
                        /** @description apps the key may act on */
                        app_ids: string[];
                        name: string;
                        /** @description 0 = the configured default of its kind */
                        rate_per_second: number;
                        created_at: string;
                        rotated_at: string | null;
                        revoked: boolean;
                    } & {
                        /** @description the secret: shown once */
                        key: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    revokeKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app_id: string;
                key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key_id: string;
                        app_id: string;
                        kind: "read" | "write";
                        /** @description apps the key may act on */
                        app_ids: string[];
                        name: string;
                        /** @description 0 = the configured default of its kind */
                        rate_per_second: number;
                        created_at: string;
                        rotated_at: string | null;
                        revoked: boolean;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    runQuery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description one SELECT (WITH/UNION allowed) over events and rollups; see docs/security.md */
                    sql: string;
                    app_id?: string;
                    app_ids?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rows: {
                            [key: string]: unknown;
                        }[];
                        row_count: number;
                        elapsed_ms: number;
                        app_ids: string[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    eraseUser: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        erasure_id: string;
                        kind: "erase" | "anonymize";
                        app_id: string;
                        status: "running" | "complete" | "failed";
                        requested_at: string;
                        completed_at: string | null;
                        tables: {
                            table: string;
                            /** @description 'rows' naming the user, 'payload' (raw JSON naming the user), 'rollup' (groups recomputed) */
                            kind: string;
                            matched: number;
                            /** @description rows still naming the user: 0 when complete */
                            remaining: number;
                        }[];
                        error: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    anonymizeUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        erasure_id: string;
                        kind: "erase" | "anonymize";
                        app_id: string;
                        status: "running" | "complete" | "failed";
                        requested_at: string;
                        completed_at: string | null;
                        tables: {
                            table: string;
                            /** @description 'rows' naming the user, 'payload' (raw JSON naming the user), 'rollup' (groups recomputed) */
                            kind: string;
                            matched: number;
                            /** @description rows still naming the user: 0 when complete */
                            remaining: number;
                        }[];
                        error: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getErasure: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                erasure_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        erasure_id: string;
                        kind: "erase" | "anonymize";
                        app_id: string;
                        status: "running" | "complete" | "failed";
                        requested_at: string;
                        completed_at: string | null;
                        tables: {
                            table: string;
                            /** @description 'rows' naming the user, 'payload' (raw JSON naming the user), 'rollup' (groups recomputed) */
                            kind: string;
                            matched: number;
                            /** @description rows still naming the user: 0 when complete */
                            remaining: number;
                        }[];
                        error: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    exportUser: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description NDJSON, one object per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                /** @description inclusive; ISO time or relative like -7d (default: 30 days before `to`) */
                from?: string;
                /** @description exclusive (default: now) */
                to?: string;
                key_id?: string;
                action?: string;
                app_id?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: {
                            at: string;
                            request_id: string;
                            /** @description the key id, 'admin', or '' when the caller was not identified */
                            key_id: string;
                            caller_kind: string;
                            /** @description read, query, export, erase, anonymize, key_create, key_rotate, key_revoke, key_list, audit, change */
                            action: string;
                            method: string;
                            route: string;
                            app_ids: string[];
                            /** @description a report template, or a SHA-256 of the SQL text or of the user id */
                            subject: string;
                            status: number;
                            duration_ms: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listApps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        apps: string[];
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    createApp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        write_key: string;
                        read_key: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflicts with what exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query: {
                app_id: string;
                event_name?: string;
                user_id?: string;
                /** @description inclusive; ISO time or relative like -7d (default: 30 days before `to`) */
                from?: string;
                /** @description exclusive; ISO time or relative (default: now) */
                to?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        total: number;
                        events: {
                            [key: string]: unknown;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    ingestEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description gzip: the body is gzip-compressed */
                "content-encoding"?: "gzip" | "identity";
            };
            path?: never;
            cookie?: never;
        };
        /** @description One event. Validated by Tally itself so each rejection gets its own code. */
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description client-made UUID (v7 recommended); derived from the content when absent
                     */
                    event_id?: string;
                    app_id: string;
                    event_name: string;
                    user_id?: string;
                    anonymous_id?: string;
                    session_id?: string;
                    timestamp: string | number;
                    properties?: {
                        [key: string]: unknown;
                    };
                    context?: {
                        [key: string]: unknown;
                    };
                    /** @description what the event is about (seed 004), e.g. project */
                    entity_type?: string;
                    /** @description the id of that entity */
                    entity_id?: string | number;
                    /** @description about the emission (flow, attempt, release); the properties' limits, at most 16 KiB encoded */
                    metadata?: {
                        [key: string]: unknown;
                    };
                    /** @description where the event was emitted, e.g. web, ios, api */
                    source?: string;
                };
            };
        };
        responses: {
            /** @description Answered only after the accepted events are committed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    } & {
                        /** @description events newly stored */
                        accepted?: number;
                        /** @description events whose event_id was already stored */
                        duplicates?: number;
                        rejected?: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    } & {
                        /** @description events newly stored */
                        accepted?: number;
                        /** @description events whose event_id was already stored */
                        duplicates?: number;
                        rejected?: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    } & {
                        /** @description events newly stored */
                        accepted?: number;
                        /** @description events whose event_id was already stored */
                        duplicates?: number;
                        rejected?: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    } & {
                        /** @description events newly stored */
                        accepted?: number;
                        /** @description events whose event_id was already stored */
                        duplicates?: number;
                        rejected?: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    ingestBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description gzip: the body is gzip-compressed */
                "content-encoding"?: "gzip" | "identity";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: {
                        /**
                         * Format: uuid
                         * @description client-made UUID (v7 recommended); derived from the content when absent
                         */
                        event_id?: string;
                        app_id: string;
                        event_name: string;
                        user_id?: string;
                        anonymous_id?: string;
                        session_id?: string;
                        timestamp: string | number;
                        properties?: {
                            [key: string]: unknown;
                        };
                        context?: {
                            [key: string]: unknown;
                        };
                        /** @description what the event is about (seed 004), e.g. project */
                        entity_type?: string;
                        /** @description the id of that entity */
                        entity_id?: string | number;
                        /** @description about the emission (flow, attempt, release); the properties' limits, at most 16 KiB encoded */
                        metadata?: {
                            [key: string]: unknown;
                        };
                        /** @description where the event was emitted, e.g. web, ios, api */
                        source?: string;
                    }[];
                };
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Answered only after the accepted events are committed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    runReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description overview_stats, top_content, search_analytics, dashboard_metrics, engagement, revenue */
                    template: string;
                    app_id: string;
                    from?: string;
                    to?: string;
                    timezone?: string;
                    event?: string;
                    property?: string;
                    limit?: number;
                    /** @description reference time for dashboard_metrics (default now) */
                    at?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        template: string;
                        app_id: string;
                        from: string;
                        to: string;
                        timezone: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listDashboards: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dashboards: {
                            dashboard_id: string;
                            title: string;
                            tiles: {
                                /** @description unique within the dashboard */
                                id: string;
                                kind: "trends" | "funnels" | "retention" | "paths" | "experiments" | "segments";
                                title: string;
                                /** @description the insight's state: the query string of its page (/insights/{kind}?…) */
                                state: string;
                                /** @description columns the tile spans (default 1) */
                                width?: 1 | 2;
                            }[];
                            updated_at: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getDashboard: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description lower-case letters, digits, _ and - (at most 64) */
                dashboard_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dashboard_id: string;
                        title: string;
                        tiles: {
                            /** @description unique within the dashboard */
                            id: string;
                            kind: "trends" | "funnels" | "retention" | "paths" | "experiments" | "segments";
                            title: string;
                            /** @description the insight's state: the query string of its page (/insights/{kind}?…) */
                            state: string;
                            /** @description columns the tile spans (default 1) */
                            width?: 1 | 2;
                        }[];
                        updated_at: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    saveDashboard: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description lower-case letters, digits, _ and - (at most 64) */
                dashboard_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    /** @description in layout order */
                    tiles: {
                        /** @description unique within the dashboard */
                        id: string;
                        kind: "trends" | "funnels" | "retention" | "paths" | "experiments" | "segments";
                        title: string;
                        /** @description the insight's state: the query string of its page (/insights/{kind}?…) */
                        state: string;
                        /** @description columns the tile spans (default 1) */
                        width?: 1 | 2;
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dashboard_id: string;
                        title: string;
                        tiles: {
                            /** @description unique within the dashboard */
                            id: string;
                            kind: "trends" | "funnels" | "retention" | "paths" | "experiments" | "segments";
                            title: string;
                            /** @description the insight's state: the query string of its page (/insights/{kind}?…) */
                            state: string;
                            /** @description columns the tile spans (default 1) */
                            width?: 1 | 2;
                        }[];
                        updated_at: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteDashboard: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description lower-case letters, digits, _ and - (at most 64) */
                dashboard_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        deleted: true;
                        dashboard_id: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getSchema: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                event_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        current: {
                            app_id: string;
                            event_name: string;
                            /** @description starts at 1; every change adds a version, versions are never changed */
                            version: number;
                            /** @description JSON Schema (draft 2020-12) of the properties */
                            schema: {
                                [key: string]: unknown;
                            };
                            /** @description overrides the name-based category (retention); '' = none */
                            category: string;
                            description: string;
                            owner: string;
                            created_at: string;
                            /** @description 'admin' or the id of the key that registered it */
                            created_by: string;
                        };
                        versions: {
                            app_id: string;
                            event_name: string;
                            /** @description starts at 1; every change adds a version, versions are never changed */
                            version: number;
                            /** @description JSON Schema (draft 2020-12) of the properties */
                            schema: {
                                [key: string]: unknown;
                            };
                            /** @description overrides the name-based category (retention); '' = none */
                            category: string;
                            description: string;
                            owner: string;
                            created_at: string;
                            /** @description 'admin' or the id of the key that registered it */
                            created_by: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    registerSchema: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                event_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description JSON Schema (draft 2020-12) for the event's properties; the root is { "type": "object" } */
                    schema: {
                        [key: string]: unknown;
                    };
                    category?: "" | "transaction" | "interaction" | "user_activity" | "content" | "other";
                    description?: string;
                    owner?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        event_name: string;
                        /** @description starts at 1; every change adds a version, versions are never changed */
                        version: number;
                        /** @description JSON Schema (draft 2020-12) of the properties */
                        schema: {
                            [key: string]: unknown;
                        };
                        /** @description overrides the name-based category (retention); '' = none */
                        category: string;
                        description: string;
                        owner: string;
                        created_at: string;
                        /** @description 'admin' or the id of the key that registered it */
                        created_by: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        event_name: string;
                        /** @description starts at 1; every change adds a version, versions are never changed */
                        version: number;
                        /** @description JSON Schema (draft 2020-12) of the properties */
                        schema: {
                            [key: string]: unknown;
                        };
                        /** @description overrides the name-based category (retention); '' = none */
                        category: string;
                        description: string;
                        owner: string;
                        created_at: string;
                        /** @description 'admin' or the id of the key that registered it */
                        created_by: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflicts with what exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listSchemas: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        schema_mode: "off" | "warn" | "enforce";
                        schemas: {
                            app_id: string;
                            event_name: string;
                            /** @description starts at 1; every change adds a version, versions are never changed */
                            version: number;
                            /** @description JSON Schema (draft 2020-12) of the properties */
                            schema: {
                                [key: string]: unknown;
                            };
                            /** @description overrides the name-based category (retention); '' = none */
                            category: string;
                            description: string;
                            owner: string;
                            created_at: string;
                            /** @description 'admin' or the id of the key that registered it */
                            created_by: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getAppSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        schema_mode: "off" | "warn" | "enforce";
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    updateAppSettings: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                app_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    schema_mode: "off" | "warn" | "enforce";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        schema_mode: "off" | "warn" | "enforce";
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listQuarantine: {
        parameters: {
            query: {
                app_id: string;
                code?: string;
                event_name?: string;
                status?: "quarantined" | "replayed" | "all";
                /** @description received at or after; ISO time or relative like -7d */
                from?: string;
                /** @description received before; ISO time or relative */
                to?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        total: number;
                        items: {
                            quarantine_id: string;
                            app_id: string;
                            received_at: string;
                            /** @description the key that sent the event, or 'admin' */
                            key_id: string;
                            /** @description reason (an error code from docs/errors.md) */
                            code: string;
                            message: string;
                            event_name: string;
                            event_id: string;
                            /** @description the event as received (JSON text); in lists the first 1024 characters */
                            payload: string;
                            /** @description size of the whole payload */
                            payload_bytes: number;
                            /** @description the stored payload was cut at the size limit (not replayable) */
                            payload_truncated: boolean;
                            status: "quarantined" | "replayed";
                            replay_count: number;
                            replayed_at: string | null;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getQuarantineSummary: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        total: number;
                        by_code: {
                            code: string;
                            count: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getQuarantinedEvent: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                quarantine_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        quarantine_id: string;
                        app_id: string;
                        received_at: string;
                        /** @description the key that sent the event, or 'admin' */
                        key_id: string;
                        /** @description reason (an error code from docs/errors.md) */
                        code: string;
                        message: string;
                        event_name: string;
                        event_id: string;
                        /** @description the event as received (JSON text); in lists the first 1024 characters */
                        payload: string;
                        /** @description size of the whole payload */
                        payload_bytes: number;
                        /** @description the stored payload was cut at the size limit (not replayable) */
                        payload_truncated: boolean;
                        status: "quarantined" | "replayed";
                        replay_count: number;
                        replayed_at: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    replayQuarantine: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description replay these rows only */
                    ids?: string[];
                    code?: string;
                    /**
                     * @description most rows in this call
                     * @default 1000
                     */
                    limit?: number;
                    /** @description next_cursor of the previous call */
                    cursor?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description quarantined rows taken in this call */
                        matched: number;
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events already stored (never counted twice) */
                        duplicates: number;
                        still_rejected: number;
                        rejected: {
                            quarantine_id: string;
                            code: string;
                            message: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listSources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sources: {
                            /** @enum {string} */
                            kind: "postgres";
                            /** @description another_process: read from the slot in PostgreSQL; the counts are then null */
                            runs_in: "this_process" | "another_process";
                            slot: string;
                            publication: string;
                            /** @description unknown: captured by another process and PostgreSQL did not answer */
                            state: "starting" | "snapshot" | "streaming" | "reconnecting" | "stopped" | "unknown";
                            /** @description captured tables (schema.table) */
                            tables: string[];
                            confirmed_lsn: string | null;
                            lag_bytes: number | null;
                            retained_wal_bytes: number | null;
                            lag_seconds: number | null;
                            /** @description the slot holds more WAL than TALLY_CDC_MAX_SLOT_WAL_BYTES */
                            over_wal_bound: boolean;
                            rows: {
                                snapshot: number;
                                stored: number;
                                duplicates: number;
                                quarantined: number;
                                ignored: number;
                            } | null;
                            truncates: number | null;
                            last_error: string | null;
                        }[];
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listMaterializedProperties: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        properties: {
                            property: string;
                            /** @description the store's column (mp_ and a hash of the key) */
                            column: string;
                            /** @description a dictionary-encoded column (chosen when the property has few distinct values) */
                            low_cardinality: boolean;
                            /** @description stored events have the column written; until then older parts compute it as they are read */
                            backfilled: boolean;
                        }[];
                        suggestions: {
                            property: string;
                            /** @description reads of it from the JSON text in the SQL of questions since this process started */
                            reads: number;
                        }[];
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    materializeProperty: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description an event property key */
                    property: string;
                    /** @description dictionary-encode the column; default: when up to a million stored events that have it hold at most 10000 distinct values */
                    low_cardinality?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        property: string;
                        /** @description the store's column (mp_ and a hash of the key) */
                        column: string;
                        /** @description a dictionary-encoded column (chosen when the property has few distinct values) */
                        low_cardinality: boolean;
                        /** @description stored events have the column written; until then older parts compute it as they are read */
                        backfilled: boolean;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        property: string;
                        /** @description the store's column (mp_ and a hash of the key) */
                        column: string;
                        /** @description a dictionary-encoded column (chosen when the property has few distinct values) */
                        low_cardinality: boolean;
                        /** @description stored events have the column written; until then older parts compute it as they are read */
                        backfilled: boolean;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflicts with what exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    dropMaterializedProperty: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an event property key */
                property: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        deleted: true;
                        property: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflicts with what exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The store answers and ingest is accepting */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready";
                        /** @description events waiting in the ingest queue */
                        queue_events: number;
                        /** @description their encoded bytes */
                        queue_bytes: number;
                    };
                };
            };
            /** @description Not ready: shutting down, or the store does not answer */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: "shutting_down" | "store_unavailable";
                    };
                };
            };
        };
    };
    getScript: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getTrends: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description inclusive; ISO or relative like -30d (default -30d) */
                    from?: string;
                    /** @description exclusive; ISO or relative (default now) */
                    to?: string;
                    /** @default day */
                    interval?: "minute" | "hour" | "day" | "week" | "month";
                    /** @description IANA name; buckets start at local midnight (default UTC) */
                    timezone?: string;
                    series: {
                        event: string;
                        /** @default count */
                        math?: "count" | "unique_users" | "unique_users_approx" | "unique_sessions" | "sum" | "avg" | "min" | "max" | "p50" | "p90" | "p99";
                        /** @description numeric property for sum/avg/min/max/p50/p90/p99 */
                        property?: string;
                        filters?: {
                            /** @description a property key, or a context/event column when source says so */
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                            value?: (string | number | boolean) | (string | number | boolean)[];
                        }[];
                        label?: string;
                    }[];
                    breakdown?: {
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        /**
                         * @description top N values; the rest form one "other" series
                         * @default 10
                         */
                        limit?: number;
                    };
                    filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                    segment?: {
                        builtin: "new" | "returning" | "resurrecting" | "dormant";
                        /** @description range start (inclusive), ISO or relative; default -30d */
                        from?: string;
                        /** @description range end (exclusive), ISO or relative; default now */
                        to?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "power_users";
                        /** @description window length in days, 7 or 28 are usual (default 28) */
                        window_days?: number;
                        /** @description default 90 */
                        percentile?: number;
                        /** @description default active_days */
                        measure?: "active_days" | "events";
                        /** @description window end (exclusive); default now */
                        to?: string;
                        /** @description for counting active days; default UTC */
                        timezone?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "churn_risk";
                        /** @description default 28 */
                        window_days?: number;
                        /** @description members have score >= threshold (default 0.6) */
                        threshold?: number;
                        /** @description numeric property for the monetary part (default revenue) */
                        value_property?: string;
                        /** @description window end (exclusive); default now */
                        to?: string;
                    } | {
                        /** @description letters, digits, _ . - (at most 64) */
                        saved: string;
                    } | {
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        custom: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                    };
                    /** @description add each series over the previous period of the same length */
                    compare?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        interval: string;
                        timezone: string;
                        series: {
                            label: string;
                            event: string;
                            math: string;
                            /** @description '$other' on the series of every value outside the top N */
                            breakdown_value?: string;
                            is_other?: boolean;
                            /** @enum {string} */
                            compare?: "previous";
                            /** @description unique_users_approx: each value is within about ±2 relative standard errors with 95% confidence */
                            error_bound?: {
                                relative_standard_error: number;
                                method: string;
                            };
                            points: {
                                /** @description bucket start, ISO UTC instant */
                                t: string;
                                value: number;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getAggregations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description inclusive; ISO or relative like -7d (default -30d) */
                    from?: string;
                    /** @description exclusive; ISO or relative (default now) */
                    to?: string;
                    granularity: "hourly" | "daily" | "weekly";
                    /** @description IANA name; buckets are local hours, days and Monday-weeks (default UTC) */
                    timezone?: string;
                    category?: string;
                    event_name?: string;
                    /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                    segment?: {
                        builtin: "new" | "returning" | "resurrecting" | "dormant";
                        /** @description range start (inclusive), ISO or relative; default -30d */
                        from?: string;
                        /** @description range end (exclusive), ISO or relative; default now */
                        to?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "power_users";
                        /** @description window length in days, 7 or 28 are usual (default 28) */
                        window_days?: number;
                        /** @description default 90 */
                        percentile?: number;
                        /** @description default active_days */
                        measure?: "active_days" | "events";
                        /** @description window end (exclusive); default now */
                        to?: string;
                        /** @description for counting active days; default UTC */
                        timezone?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "churn_risk";
                        /** @description default 28 */
                        window_days?: number;
                        /** @description members have score >= threshold (default 0.6) */
                        threshold?: number;
                        /** @description numeric property for the monetary part (default revenue) */
                        value_property?: string;
                        /** @description window end (exclusive); default now */
                        to?: string;
                    } | {
                        /** @description letters, digits, _ . - (at most 64) */
                        saved: string;
                    } | {
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        custom: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        granularity: string;
                        timezone: string;
                        source: "rollup" | "events";
                        rows: {
                            /** @description bucket start, ISO UTC instant */
                            bucket: string;
                            category: string;
                            event_name: string;
                            events: number;
                            /** @description exact */
                            unique_users: number;
                            /** @description uniq (adaptive sampling); exact for small sets */
                            unique_users_approx: number;
                            /** @description sum of the numeric revenue property */
                            revenue: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listSegmentMembers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                    segment: {
                        builtin: "new" | "returning" | "resurrecting" | "dormant";
                        /** @description range start (inclusive), ISO or relative; default -30d */
                        from?: string;
                        /** @description range end (exclusive), ISO or relative; default now */
                        to?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "power_users";
                        /** @description window length in days, 7 or 28 are usual (default 28) */
                        window_days?: number;
                        /** @description default 90 */
                        percentile?: number;
                        /** @description default active_days */
                        measure?: "active_days" | "events";
                        /** @description window end (exclusive); default now */
                        to?: string;
                        /** @description for counting active days; default UTC */
                        timezone?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "churn_risk";
                        /** @description default 28 */
                        window_days?: number;
                        /** @description members have score >= threshold (default 0.6) */
                        threshold?: number;
                        /** @description numeric property for the monetary part (default revenue) */
                        value_property?: string;
                        /** @description window end (exclusive); default now */
                        to?: string;
                    } | {
                        /** @description letters, digits, _ . - (at most 64) */
                        saved: string;
                    } | {
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        custom: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                    };
                    /** @default 100 */
                    limit?: number;
                    cursor?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        kind: string;
                        /** @description the window the segment was computed over */
                        from: string;
                        to: string;
                        size: number;
                        /** @description power_users: the percentile cut-off */
                        threshold?: number | null;
                        members: ({
                            user_id: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getSegment: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description letters, digits, _ . - (at most 64) */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        definition: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                        updated_at: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    saveSegment: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description letters, digits, _ . - (at most 64) */
                name: string;
            };
            cookie?: never;
        };
        /** @description users with at least min_count events matching event and filters in [from, to) */
        requestBody: {
            content: {
                "application/json": {
                    /** @description event name the user did (any event when absent) */
                    event?: string;
                    filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    /** @description at least this many matching events (default 1) */
                    min_count?: number;
                    /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                    from?: string;
                    /** @description window end (exclusive): ISO time, relative, or now (default) */
                    to?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        definition: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                        updated_at: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteSegment: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description letters, digits, _ . - (at most 64) */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        deleted: true;
                        name: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listSegments: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        segments: {
                            name: string;
                            /** @description users with at least min_count events matching event and filters in [from, to) */
                            definition: {
                                /** @description event name the user did (any event when absent) */
                                event?: string;
                                filters?: {
                                    /** @description a property key, or a context/event column when source says so */
                                    property: string;
                                    /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                    source?: "properties" | "context" | "event" | "person";
                                    op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                    value?: (string | number | boolean) | (string | number | boolean)[];
                                }[];
                                /** @description at least this many matching events (default 1) */
                                min_count?: number;
                                /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                                from?: string;
                                /** @description window end (exclusive): ISO time, relative, or now (default) */
                                to?: string;
                            };
                            updated_at: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getFunnel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description count at step k = users who completed steps 1..k within `window` of a step-1 event inside [from, to) */
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description inclusive; ISO time or relative like -30d (default: 30 days before `to`) */
                    from?: string;
                    /** @description exclusive; ISO time or relative (default: now) */
                    to?: string;
                    /**
                     * @description conversion window from the first step: 30m, 2h, 1d, 7d... (inclusive; at most 366d)
                     * @default 1d
                     */
                    window?: string;
                    /**
                     * @description ordered: steps in order, other events may come between; strict: consecutive events; any: in any order
                     * @default ordered
                     */
                    order?: "ordered" | "strict" | "any";
                    steps: {
                        event: string;
                        filters?: {
                            /** @description a property key, or a context/event column when source says so */
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                            value?: (string | number | boolean) | (string | number | boolean)[];
                        }[];
                    }[];
                    filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                    segment?: {
                        builtin: "new" | "returning" | "resurrecting" | "dormant";
                        /** @description range start (inclusive), ISO or relative; default -30d */
                        from?: string;
                        /** @description range end (exclusive), ISO or relative; default now */
                        to?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "power_users";
                        /** @description window length in days, 7 or 28 are usual (default 28) */
                        window_days?: number;
                        /** @description default 90 */
                        percentile?: number;
                        /** @description default active_days */
                        measure?: "active_days" | "events";
                        /** @description window end (exclusive); default now */
                        to?: string;
                        /** @description for counting active days; default UTC */
                        timezone?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "churn_risk";
                        /** @description default 28 */
                        window_days?: number;
                        /** @description members have score >= threshold (default 0.6) */
                        threshold?: number;
                        /** @description numeric property for the monetary part (default revenue) */
                        value_property?: string;
                        /** @description window end (exclusive); default now */
                        to?: string;
                    } | {
                        /** @description letters, digits, _ . - (at most 64) */
                        saved: string;
                    } | {
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        custom: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                    };
                    breakdown?: {
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        /**
                         * @description top N values by users; the rest form one "$other" group
                         * @default 10
                         */
                        limit?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        from: string;
                        to: string;
                        window_ms: number;
                        order: string;
                        steps: {
                            event: string;
                            /** @description users whose best attempt reached this step */
                            count: number;
                            conversion_from_first: number;
                            conversion_from_previous: number;
                            /** @description users who reached the previous step but not this one */
                            drop_off: number;
                            drop_off_rate: number;
                            /** @description from the first step of the best attempt; null for step 1 */
                            median_time_to_convert_ms: number | null;
                            /** @description from the first step of the best attempt; null for step 1 */
                            p90_time_to_convert_ms: number | null;
                            /** @description from the previous step */
                            median_time_from_previous_ms: number | null;
                            /** @description from the previous step */
                            p90_time_from_previous_ms: number | null;
                        }[];
                        breakdown?: {
                            breakdown_value: string;
                            is_other?: boolean;
                            steps: {
                                event: string;
                                /** @description users whose best attempt reached this step */
                                count: number;
                                conversion_from_first: number;
                                conversion_from_previous: number;
                                /** @description users who reached the previous step but not this one */
                                drop_off: number;
                                drop_off_rate: number;
                                /** @description from the first step of the best attempt; null for step 1 */
                                median_time_to_convert_ms: number | null;
                                /** @description from the first step of the best attempt; null for step 1 */
                                p90_time_to_convert_ms: number | null;
                                /** @description from the previous step */
                                median_time_from_previous_ms: number | null;
                                /** @description from the previous step */
                                p90_time_from_previous_ms: number | null;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listFunnelDropOffs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description inclusive; ISO time or relative like -30d (default: 30 days before `to`) */
                    from?: string;
                    /** @description exclusive; ISO time or relative (default: now) */
                    to?: string;
                    /**
                     * @description conversion window from the first step: 30m, 2h, 1d, 7d... (inclusive; at most 366d)
                     * @default 1d
                     */
                    window?: string;
                    /**
                     * @description ordered: steps in order, other events may come between; strict: consecutive events; any: in any order
                     * @default ordered
                     */
                    order?: "ordered" | "strict" | "any";
                    steps: {
                        event: string;
                        filters?: {
                            /** @description a property key, or a context/event column when source says so */
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                            value?: (string | number | boolean) | (string | number | boolean)[];
                        }[];
                    }[];
                    filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                    segment?: {
                        builtin: "new" | "returning" | "resurrecting" | "dormant";
                        /** @description range start (inclusive), ISO or relative; default -30d */
                        from?: string;
                        /** @description range end (exclusive), ISO or relative; default now */
                        to?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "power_users";
                        /** @description window length in days, 7 or 28 are usual (default 28) */
                        window_days?: number;
                        /** @description default 90 */
                        percentile?: number;
                        /** @description default active_days */
                        measure?: "active_days" | "events";
                        /** @description window end (exclusive); default now */
                        to?: string;
                        /** @description for counting active days; default UTC */
                        timezone?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "churn_risk";
                        /** @description default 28 */
                        window_days?: number;
                        /** @description members have score >= threshold (default 0.6) */
                        threshold?: number;
                        /** @description numeric property for the monetary part (default revenue) */
                        value_property?: string;
                        /** @description window end (exclusive); default now */
                        to?: string;
                    } | {
                        /** @description letters, digits, _ . - (at most 64) */
                        saved: string;
                    } | {
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        custom: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                    };
                    /** @description 1-based: users who reached this step but not the next */
                    dropped_at_step: number;
                    /** @default 100 */
                    limit?: number;
                    /** @description next_cursor of the previous page */
                    cursor?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dropped_at_step: number;
                        event: string;
                        next_event: string;
                        total: number;
                        users: {
                            user_id: string;
                            started_at: string;
                            reached_at: string;
                        }[];
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getRetention: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description inclusive; ISO time or relative like -30d (default: 30 days before `to`) */
                    from?: string;
                    /** @description exclusive; ISO time or relative (default: now) */
                    to?: string;
                    start_event: string;
                    return_event: string;
                    /**
                     * @description weeks start on Monday
                     * @default day
                     */
                    period?: "day" | "week" | "month";
                    /**
                     * @description values per cohort: k = 0 .. periods - 1
                     * @default 8
                     */
                    periods?: number;
                    /** @description IANA name; periods start at local midnight (default UTC) */
                    timezone?: string;
                    /** @description cohort by the value of a property on the first start event instead of by its period */
                    cohort_by?: {
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        /**
                         * @description largest N cohorts; the rest form one "$other" cohort
                         * @default 20
                         */
                        limit?: number;
                    };
                    filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    start_filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    return_filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                    segment?: {
                        builtin: "new" | "returning" | "resurrecting" | "dormant";
                        /** @description range start (inclusive), ISO or relative; default -30d */
                        from?: string;
                        /** @description range end (exclusive), ISO or relative; default now */
                        to?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "power_users";
                        /** @description window length in days, 7 or 28 are usual (default 28) */
                        window_days?: number;
                        /** @description default 90 */
                        percentile?: number;
                        /** @description default active_days */
                        measure?: "active_days" | "events";
                        /** @description window end (exclusive); default now */
                        to?: string;
                        /** @description for counting active days; default UTC */
                        timezone?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "churn_risk";
                        /** @description default 28 */
                        window_days?: number;
                        /** @description members have score >= threshold (default 0.6) */
                        threshold?: number;
                        /** @description numeric property for the monetary part (default revenue) */
                        value_property?: string;
                        /** @description window end (exclusive); default now */
                        to?: string;
                    } | {
                        /** @description letters, digits, _ . - (at most 64) */
                        saved: string;
                    } | {
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        custom: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        from: string;
                        to: string;
                        period: string;
                        periods: number;
                        timezone: string;
                        cohorts: {
                            /** @description period start (local midnight in the timezone, as an ISO instant), or the property value with cohort_by */
                            cohort: string;
                            /** @description period start as a local date */
                            cohort_date?: string;
                            is_other?: boolean;
                            size: number;
                            /** @description values[k]: cohort users with a return event in the k-th period after the cohort's (k = 0: the same period) */
                            values: number[];
                            /** @description 100 * values[k] / size */
                            percentages: number[];
                            /** @description periods of this cohort starting before `to` (later ones read 0) */
                            periods_observed?: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getPaths: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description inclusive; ISO time or relative like -30d (default: 30 days before `to`) */
                    from?: string;
                    /** @description exclusive; ISO time or relative (default: now) */
                    to?: string;
                    start_event: string;
                    start_filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    /** @default next */
                    direction?: "next" | "previous";
                    /** @default 3 */
                    depth?: number;
                    /**
                     * @description most frequent paths returned per depth
                     * @default 10
                     */
                    limit?: number;
                    /**
                     * @description paths stay inside the start event's session
                     * @default false
                     */
                    session_scoped?: boolean;
                    /** @description event names left out of paths (e.g. heartbeats) */
                    exclude_events?: string[];
                    filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                    segment?: {
                        builtin: "new" | "returning" | "resurrecting" | "dormant";
                        /** @description range start (inclusive), ISO or relative; default -30d */
                        from?: string;
                        /** @description range end (exclusive), ISO or relative; default now */
                        to?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "power_users";
                        /** @description window length in days, 7 or 28 are usual (default 28) */
                        window_days?: number;
                        /** @description default 90 */
                        percentile?: number;
                        /** @description default active_days */
                        measure?: "active_days" | "events";
                        /** @description window end (exclusive); default now */
                        to?: string;
                        /** @description for counting active days; default UTC */
                        timezone?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "churn_risk";
                        /** @description default 28 */
                        window_days?: number;
                        /** @description members have score >= threshold (default 0.6) */
                        threshold?: number;
                        /** @description numeric property for the monetary part (default revenue) */
                        value_property?: string;
                        /** @description window end (exclusive); default now */
                        to?: string;
                    } | {
                        /** @description letters, digits, _ . - (at most 64) */
                        saved: string;
                    } | {
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        custom: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        from: string;
                        to: string;
                        start_event: string;
                        direction: string;
                        starts: {
                            events: number;
                            users: number;
                        };
                        depths: {
                            depth: number;
                            paths: {
                                /** @description events after the start event (nearest first for previous) */
                                path: string[];
                                users: number;
                                /** @description start occurrences followed (or preceded) by this sequence */
                                events: number;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getExperimentResults: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description inclusive; ISO time or relative like -30d (default: 30 days before `to`) */
                    from?: string;
                    /** @description exclusive; ISO time or relative (default: now) */
                    to?: string;
                    /** @default variant */
                    variant_property?: string;
                    /** @description read the variant only from this event */
                    exposure_event?: string;
                    /** @description the control variant (default: the first in alphabetical order) */
                    control?: string;
                    goal: {
                        event: string;
                        filters?: {
                            /** @description a property key, or a context/event column when source says so */
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                            value?: (string | number | boolean) | (string | number | boolean)[];
                        }[];
                    };
                    metric?: {
                        /** @enum {string} */
                        type: "conversion";
                    } | {
                        /** @enum {string} */
                        type: "continuous";
                        event: string;
                        property: string;
                        filters?: {
                            /** @description a property key, or a context/event column when source says so */
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                            value?: (string | number | boolean) | (string | number | boolean)[];
                        }[];
                    };
                    /** @default 0.95 */
                    confidence_level?: number;
                    /**
                     * @description always-valid p-values (mSPRT): safe to look every day
                     * @default false
                     */
                    sequential?: boolean;
                    /**
                     * @description mSPRT mixing scale, in per-user standard deviations
                     * @default 0.1
                     */
                    sequential_tau?: number;
                    /** @description intended share of users per variant, e.g. {"A": 0.5, "B": 0.5} (default equal) */
                    expected_split?: {
                        [key: string]: number;
                    };
                    /** @default 100 */
                    min_users_per_variant?: number;
                    /** @default 5 */
                    min_conversions_per_variant?: number;
                    filters?: {
                        /** @description a property key, or a context/event column when source says so */
                        property: string;
                        /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                        source?: "properties" | "context" | "event" | "person";
                        op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                        value?: (string | number | boolean) | (string | number | boolean)[];
                    }[];
                    /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                    segment?: {
                        builtin: "new" | "returning" | "resurrecting" | "dormant";
                        /** @description range start (inclusive), ISO or relative; default -30d */
                        from?: string;
                        /** @description range end (exclusive), ISO or relative; default now */
                        to?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "power_users";
                        /** @description window length in days, 7 or 28 are usual (default 28) */
                        window_days?: number;
                        /** @description default 90 */
                        percentile?: number;
                        /** @description default active_days */
                        measure?: "active_days" | "events";
                        /** @description window end (exclusive); default now */
                        to?: string;
                        /** @description for counting active days; default UTC */
                        timezone?: string;
                    } | {
                        /** @enum {string} */
                        builtin: "churn_risk";
                        /** @description default 28 */
                        window_days?: number;
                        /** @description members have score >= threshold (default 0.6) */
                        threshold?: number;
                        /** @description numeric property for the monetary part (default revenue) */
                        value_property?: string;
                        /** @description window end (exclusive); default now */
                        to?: string;
                    } | {
                        /** @description letters, digits, _ . - (at most 64) */
                        saved: string;
                    } | {
                        /** @description users with at least min_count events matching event and filters in [from, to) */
                        custom: {
                            /** @description event name the user did (any event when absent) */
                            event?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            /** @description at least this many matching events (default 1) */
                            min_count?: number;
                            /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                            from?: string;
                            /** @description window end (exclusive): ISO time, relative, or now (default) */
                            to?: string;
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        from: string;
                        to: string;
                        variant_property: string;
                        status: "ready" | "not_enough_data";
                        reasons: string[];
                        metric: string;
                        test: string;
                        correction: string;
                        control: string | null;
                        confidence_level: number;
                        variants: {
                            variant: string;
                            is_control: boolean;
                            users: number;
                            conversions: number;
                            rate: number;
                            mean?: number;
                            stddev?: number;
                            total?: number;
                            expected_share?: number;
                            probability_best: number;
                            /** @description this variant against the control */
                            comparison?: {
                                diff: number;
                                diff_ci: number[] | null;
                                lift: number | null;
                                lift_ci: number[] | null;
                                /** @description z (conversion) or t (continuous) */
                                statistic: number;
                                df?: number;
                                p_value: number;
                                /** @description Holm-adjusted with more than one treatment */
                                p_value_adjusted: number;
                                /** @description always-valid (mSPRT) */
                                sequential_p_value?: number;
                                significant: boolean;
                            };
                        }[];
                        p_value: number | null;
                        significant: boolean;
                        srm: {
                            chi_square: number | null;
                            df: number;
                            p_value: number;
                            mismatch: boolean;
                            expected: {
                                [key: string]: number;
                            };
                        };
                        sequential?: {
                            method: string;
                            tau: number;
                            looks: number;
                            p_value: number | null;
                            significant: boolean;
                        };
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description The query exceeded a limit */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearningTopics: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        topics: {
                            topic_id: string;
                            name: string;
                            parent: string | null;
                            board_exam_weight: number;
                            prerequisites: string[];
                            materials: string[];
                            updated_at: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    putLearningTopics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    topics: {
                        /** @description 1–128 letters, digits and _ . : / - */
                        topic_id: string;
                        name: string;
                        /** @description the parent topic; none when absent, empty or null */
                        parent?: string | "" | null;
                        /** @description importance for the board exam, 0–10 */
                        board_exam_weight: number;
                        /** @description topics to master first */
                        prerequisites?: string[];
                        /** @description material ids of the topic (material_open / material_progress events) */
                        materials?: string[];
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        upserted: number;
                        /** @description topics the app now has */
                        total: number;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearnerDashboard: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        user_id: string;
                        overview: {
                            as_of_date: string;
                            last_7_days: {
                                questions: number;
                                correct: number;
                                accuracy: number | null;
                                study_seconds: number;
                                active_days: number;
                            };
                            last_30_days: {
                                questions: number;
                                correct: number;
                                accuracy: number | null;
                                study_seconds: number;
                                active_days: number;
                            };
                            last_90_days: {
                                questions: number;
                                correct: number;
                                accuracy: number | null;
                                study_seconds: number;
                                active_days: number;
                            };
                        } | null;
                        daily: {
                            date: string;
                            questions_attempted: number;
                            correct: number;
                            accuracy: number | null;
                            materials_opened: number;
                            study_seconds: number;
                            sessions: number;
                            topics_studied: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearnerHeatmap: {
        parameters: {
            query: {
                app_id: string;
                /** @description the last day shown (UTC, YYYY-MM-DD; default today) */
                date?: string;
                days?: number;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        days: {
                            date: string;
                            questions_attempted: number;
                            correct: number;
                            accuracy: number | null;
                            materials_opened: number;
                            study_seconds: number;
                            sessions: number;
                            topics_studied: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearnerMastery: {
        parameters: {
            query: {
                app_id: string;
                /** @description calculation version: 1 the seed's review rule (default), 2 SM-2 */
                calculation_version?: number;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        topics: {
                            topic_id: string;
                            /** @description 0.30·first_attempt_accuracy + 0.20·overall_accuracy + 0.30·retrieval_strength + 0.20·material_completion */
                            mastery: number;
                            name: string;
                            parent: string | null;
                            board_exam_weight: number;
                            first_attempt_accuracy: number;
                            overall_accuracy: number;
                            retrieval_strength: number;
                            material_completion: number;
                            attempts: number;
                            questions: number;
                            computed_for: string;
                            calculation_version: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearnerGaps: {
        parameters: {
            query: {
                app_id: string;
                /** @description calculation version: 1 the seed's review rule (default), 2 SM-2 */
                calculation_version?: number;
                limit?: number;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        gaps: {
                            topic_id: string;
                            name: string;
                            /** @description gap·3.0 + board_exam_weight·2.0 + prerequisite_impact·1.0 + recent_failure_rate·1.5 */
                            priority: number;
                            mastery: number;
                            gap: number;
                            board_exam_weight: number;
                            prerequisite_impact: number;
                            recent_failure_rate: number;
                            computed_for: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearnerDueReviews: {
        parameters: {
            query: {
                app_id: string;
                /** @description ISO time (default now) */
                at?: string;
                /** @description calculation version: 1 the seed's review rule (default), 2 SM-2 */
                calculation_version?: number;
                limit?: number;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        reviews: {
                            question_id: string;
                            topic_id: string;
                            due_at: string;
                            interval_days: number;
                            last_attempt_at: string;
                            /** @description 0–5, from correctness and answer time (docs/learning.md) */
                            last_quality: number;
                            attempts: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearnerSessions: {
        parameters: {
            query: {
                app_id: string;
                days?: number;
                /** @description ISO time the days end at (default now) */
                at?: string;
                limit?: number;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sessions: {
                            session_id: string;
                            started_at: string;
                            /** @description the session_end event, else the last event */
                            ended_at: string;
                            duration_seconds: number;
                            ended: boolean;
                            materials_viewed: number;
                            questions_attempted: number;
                            correct: number;
                            device_type: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearnerQuestionHistory: {
        parameters: {
            query: {
                app_id: string;
                /** @description calculation version: 1 the seed's review rule (default), 2 SM-2 */
                calculation_version?: number;
                limit?: number;
            };
            header?: never;
            path: {
                user_id: string;
                /** @description 1–128 letters, digits and _ . : / - */
                question_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        question_id: string;
                        attempts: {
                            attempt_number: number;
                            attempted_at: string;
                            topic_id: string;
                            selected_answer: string;
                            correct_answer: string;
                            is_correct: boolean;
                            time_to_answer_seconds: number | null;
                        }[];
                        review: {
                            question_id: string;
                            topic_id: string;
                            due_at: string;
                            interval_days: number;
                            last_attempt_at: string;
                            /** @description 0–5, from correctness and answer time (docs/learning.md) */
                            last_quality: number;
                            attempts: number;
                        } | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getLearnerMaterialProgress: {
        parameters: {
            query: {
                app_id: string;
                limit?: number;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        materials: {
                            material_id: string;
                            topic_id: string;
                            /** @description furthest progress, 0–1 */
                            progress: number;
                            /** @description progress ≥ 0.9 */
                            completed: boolean;
                            seconds: number;
                            opens: number;
                            first_at: string;
                            last_at: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getTopicPerformance: {
        parameters: {
            query: {
                app_id: string;
                /** @description ISO date or time */
                from: string;
                /** @description ISO date or time */
                to: string;
                /** @description 1–128 letters, digits and _ . : / - */
                topic_id?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        days: {
                            topic_id: string;
                            date: string;
                            attempts: number;
                            correct: number;
                            accuracy: number | null;
                            first_attempts: number;
                            first_correct: number;
                            first_attempt_accuracy: number | null;
                            learners: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getFirstAttemptAccuracy: {
        parameters: {
            query: {
                app_id: string;
                /** @description ISO date or time */
                from: string;
                /** @description ISO date or time */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        topics: {
                            topic_id: string;
                            first_attempts: number;
                            first_correct: number;
                            accuracy: number | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getMasteryDistribution: {
        parameters: {
            query: {
                app_id: string;
                calculation_version?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        threshold: number;
                        topics: {
                            topic_id: string;
                            learners: number;
                            mean: number;
                            mastered: number;
                            /** @description learners with mastery in [0, 0.1), [0.1, 0.2), …, [0.9, 1] */
                            buckets: number[];
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    createLearnerToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    user_id: string;
                    /**
                     * @description lifetime in seconds (default 900, at most 3600)
                     * @default 900
                     */
                    ttl_seconds?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description a bearer token: Authorization: Bearer <token> */
                        token: string;
                        expires_at: string;
                        user_id: string;
                        app_id: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getActionWeights: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        weights: {
                            action_type: string;
                            /** @description softmax of the average rewards; the weights sum to 1 */
                            weight: number;
                            /** @description mean delta_mastery credited to this action type */
                            avg_reward: number;
                            /** @description rewards credited to this action type */
                            n: number;
                        }[];
                        /** @description when the current weights were computed; null before the first computation */
                        computed_at: string | null;
                        /** @description the end of their window (the run's scheduled time) */
                        computed_for: string | null;
                        calculation_version: number | null;
                        inputs: {
                            concept_events: number;
                            actions: number;
                            matched: number;
                            lookback_days: number;
                            temperature: number;
                        } | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    identify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    user_id: string;
                    /** @description traits to set; a null value unsets one. `role` (string) and `created_at` (ISO time or epoch ms) feed the events' user_role and user_tenure_days */
                    traits: {
                        [key: string]: unknown;
                    };
                    /** @description when the traits became true (default now); at most a day ahead */
                    timestamp?: string | number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        user_id: string;
                        set_at: string;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getProfile: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        app_id: string;
                        user_id: string;
                        /** @description the traits now: every version merged in time order */
                        traits: {
                            [key: string]: unknown;
                        };
                        first_set_at: string;
                        last_set_at: string;
                        /** @description oldest first; the latest 1000 */
                        versions: {
                            set_at: string;
                            traits: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    segmentTrack: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        success: boolean;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    segmentIdentify: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        success: boolean;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    segmentPage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        success: boolean;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    segmentScreen: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        success: boolean;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    segmentGroup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        success: boolean;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    segmentAlias: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        success: boolean;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    segmentBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        success: boolean;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    posthogBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description 1: taken (PostHog's answer) */
                        status: number;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    posthogCapture: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description 1: taken (PostHog's answer) */
                        status: number;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    posthogEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description 1: taken (PostHog's answer) */
                        status: number;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    posthogIngestEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description 1: taken (PostHog's answer) */
                        status: number;
                    } & {
                        /** @description events newly stored */
                        accepted: number;
                        /** @description events whose event_id was already stored */
                        duplicates: number;
                        rejected: {
                            index: number;
                            code: string;
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listRealtimeMetrics: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        metrics: {
                            metric_key: string;
                            metric_value: unknown;
                            calculated_at: string;
                            expires_at: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                app_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: {
                            name: string;
                            description: string;
                            /** @description cron, UTC */
                            schedule: string | null;
                            next_run_at: string | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listJobRuns: {
        parameters: {
            query?: {
                /** @description required with a read key; the admin token may omit it (every app) */
                app_id?: string;
                status?: "queued" | "running" | "succeeded" | "failed" | "skipped";
                limit?: number;
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runs: {
                            run_id: string;
                            job: string;
                            /** @description the app the run is for ('' for jobs that are not per app) */
                            app_id: string;
                            /** @description the run parameters, defaults filled in */
                            parameters: {
                                [key: string]: unknown;
                            };
                            trigger: "schedule" | "catch_up" | "manual" | "backfill";
                            /** @description the time the run computes for; a re-run of the same time replaces its output */
                            scheduled_at: string;
                            queued_at: string;
                            started_at: string | null;
                            finished_at: string | null;
                            status: "queued" | "running" | "succeeded" | "failed" | "skipped";
                            /** @description attempts made (retries with backoff after failures) */
                            attempt: number;
                            /** @description progress: rows the run has produced */
                            rows_done: number;
                            /** @description the last attempt's error, '' when none */
                            error: string;
                            /** @description what the run did (counts, skip reason) */
                            summary: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    startJobRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    /** @description backfill: one run per scheduled time in [from, to) (ISO date or time) */
                    from?: string;
                    to?: string;
                    /** @description the job's own parameters (action_weights: lookback_days, temperature, concept_event, reward_property, action_event, action_property) */
                    parameters?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        runs: {
                            run_id: string;
                            job: string;
                            /** @description the app the run is for ('' for jobs that are not per app) */
                            app_id: string;
                            /** @description the run parameters, defaults filled in */
                            parameters: {
                                [key: string]: unknown;
                            };
                            trigger: "schedule" | "catch_up" | "manual" | "backfill";
                            /** @description the time the run computes for; a re-run of the same time replaces its output */
                            scheduled_at: string;
                            queued_at: string;
                            started_at: string | null;
                            finished_at: string | null;
                            status: "queued" | "running" | "succeeded" | "failed" | "skipped";
                            /** @description attempts made (retries with backoff after failures) */
                            attempt: number;
                            /** @description progress: rows the run has produced */
                            rows_done: number;
                            /** @description the last attempt's error, '' when none */
                            error: string;
                            /** @description what the run did (counts, skip reason) */
                            summary: {
                                [key: string]: unknown;
                            };
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Overloaded, shutting down or the store is unavailable; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getJobRun: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                name: string;
                run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        run_id: string;
                        job: string;
                        /** @description the app the run is for ('' for jobs that are not per app) */
                        app_id: string;
                        /** @description the run parameters, defaults filled in */
                        parameters: {
                            [key: string]: unknown;
                        };
                        trigger: "schedule" | "catch_up" | "manual" | "backfill";
                        /** @description the time the run computes for; a re-run of the same time replaces its output */
                        scheduled_at: string;
                        queued_at: string;
                        started_at: string | null;
                        finished_at: string | null;
                        status: "queued" | "running" | "succeeded" | "failed" | "skipped";
                        /** @description attempts made (retries with backoff after failures) */
                        attempt: number;
                        /** @description progress: rows the run has produced */
                        rows_done: number;
                        /** @description the last attempt's error, '' when none */
                        error: string;
                        /** @description what the run did (counts, skip reason) */
                        summary: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listSinks: {
        parameters: {
            query?: {
                app_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sinks: {
                            sink_id: string;
                            app_id: string;
                            kind: string;
                            /** @description the configuration, passwords and secret keys replaced by *** */
                            config: {
                                [key: string]: unknown;
                            };
                            batch_rows: number;
                            created_at: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    createSink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    kind: "parquet" | "s3" | "postgres" | "clickhouse";
                    /** @description most rows per batch (at most TALLY_SINKS_BATCH_ROWS) */
                    batch_rows?: number;
                    /** @description parquet: absolute directory */
                    path?: string;
                    /** @description s3: http(s)://host[:port] */
                    endpoint?: string;
                    /** @description s3: bucket (must exist) */
                    bucket?: string;
                    /** @description s3: key prefix */
                    prefix?: string;
                    /** @description s3: credentials (none: unsigned requests) */
                    access_key_id?: string;
                    secret_access_key?: string;
                    /** @description postgres: postgres:// URL; clickhouse: http(s)://user:password@host:port */
                    url?: string;
                    /** @description postgres: [schema.]table (default public.platform_events); clickhouse: table (default platform_events) */
                    table?: string;
                    /** @description clickhouse: database (default: the URL path, else default) */
                    database?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sink_id: string;
                        sink: {
                            sink_id: string;
                            app_id: string;
                            kind: string;
                            /** @description the configuration, passwords and secret keys replaced by *** */
                            config: {
                                [key: string]: unknown;
                            };
                            batch_rows: number;
                            created_at: string;
                        };
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflicts with what exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteSink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description snk_…; an unknown id is a 404 */
                sink_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sink_id: string;
                        /** @enum {boolean} */
                        deleted: true;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    syncSink: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description snk_…; an unknown id is a 404 */
                sink_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sink_id: string;
                        batches: {
                            /** @description the batch number within the sink (1, 2, …) */
                            batch_seq: number;
                            status: "pending" | "running" | "succeeded" | "failed";
                            rows: number;
                            /** @description bytes written (Parquet file sizes; the COPY or insert body otherwise) */
                            bytes: number;
                            attempts: number;
                            /** @description the last failed attempt's error (stable code first), '' when none */
                            error: string;
                            /** @description exclusive start of the batch in the arrival order (stored time|event id) */
                            range_from: string;
                            /** @description inclusive end; the cursor once the batch succeeded */
                            range_to: string;
                            trigger: string;
                            created_at: string;
                            started_at: string | null;
                            finished_at: string | null;
                        }[];
                        rows: number;
                        cursor: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getSinkStatus: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                /** @description snk_…; an unknown id is a 404 */
                sink_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sink_id: string;
                        /** @description stored time of the last exported event (ISO), null before the first batch */
                        cursor: string | null;
                        cursor_event_id: string | null;
                        /** @description seconds since the oldest event not yet exported was stored (0 when caught up) */
                        lag_seconds: number;
                        /** @description batches by status */
                        counts: {
                            [key: string]: number;
                        };
                        /** @description newest first */
                        batches: {
                            /** @description the batch number within the sink (1, 2, …) */
                            batch_seq: number;
                            status: "pending" | "running" | "succeeded" | "failed";
                            rows: number;
                            /** @description bytes written (Parquet file sizes; the COPY or insert body otherwise) */
                            bytes: number;
                            attempts: number;
                            /** @description the last failed attempt's error (stable code first), '' when none */
                            error: string;
                            /** @description exclusive start of the batch in the arrival order (stored time|event id) */
                            range_from: string;
                            /** @description inclusive end; the cursor once the batch succeeded */
                            range_to: string;
                            trigger: string;
                            created_at: string;
                            started_at: string | null;
                            finished_at: string | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getSinkFailures: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                /** @description snk_…; an unknown id is a 404 */
                sink_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sink_id: string;
                        failures: {
                            /** @description the batch number within the sink (1, 2, …) */
                            batch_seq: number;
                            status: "pending" | "running" | "succeeded" | "failed";
                            rows: number;
                            /** @description bytes written (Parquet file sizes; the COPY or insert body otherwise) */
                            bytes: number;
                            attempts: number;
                            /** @description the last failed attempt's error (stable code first), '' when none */
                            error: string;
                            /** @description exclusive start of the batch in the arrival order (stored time|event id) */
                            range_from: string;
                            /** @description inclusive end; the cursor once the batch succeeded */
                            range_to: string;
                            trigger: string;
                            created_at: string;
                            started_at: string | null;
                            finished_at: string | null;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listAlerts: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alerts: {
                            alert_id: string;
                            app_id: string;
                            name: string;
                            /** @description the trends spec watched (from/to are set at each evaluation) */
                            trend: {
                                [key: string]: unknown;
                            };
                            condition: {
                                [key: string]: unknown;
                            };
                            every: string;
                            cooldown: string;
                            webhook: {
                                url: string;
                                format: string;
                            } | null;
                            silenced_until: string | null;
                            created_at: string;
                            status: {
                                state: "ok" | "pending" | "firing";
                                breach_since: string | null;
                                evaluated_at: string | null;
                                last_notified_at: string | null;
                            };
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    createAlert: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    app_id: string;
                    name: string;
                    /** @description a trends spec: the first series is watched; interval minute, hour or day; no breakdown or compare */
                    trend: {
                        app_id?: string;
                        /** @description inclusive; ISO or relative like -30d (default -30d) */
                        from?: string;
                        /** @description exclusive; ISO or relative (default now) */
                        to?: string;
                        /** @default day */
                        interval?: "minute" | "hour" | "day" | "week" | "month";
                        /** @description IANA name; buckets start at local midnight (default UTC) */
                        timezone?: string;
                        series: {
                            event: string;
                            /** @default count */
                            math?: "count" | "unique_users" | "unique_users_approx" | "unique_sessions" | "sum" | "avg" | "min" | "max" | "p50" | "p90" | "p99";
                            /** @description numeric property for sum/avg/min/max/p50/p90/p99 */
                            property?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            label?: string;
                        }[];
                        breakdown?: {
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            /**
                             * @description top N values; the rest form one "other" series
                             * @default 10
                             */
                            limit?: number;
                        };
                        filters?: {
                            /** @description a property key, or a context/event column when source says so */
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                            value?: (string | number | boolean) | (string | number | boolean)[];
                        }[];
                        /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                        segment?: {
                            builtin: "new" | "returning" | "resurrecting" | "dormant";
                            /** @description range start (inclusive), ISO or relative; default -30d */
                            from?: string;
                            /** @description range end (exclusive), ISO or relative; default now */
                            to?: string;
                        } | {
                            /** @enum {string} */
                            builtin: "power_users";
                            /** @description window length in days, 7 or 28 are usual (default 28) */
                            window_days?: number;
                            /** @description default 90 */
                            percentile?: number;
                            /** @description default active_days */
                            measure?: "active_days" | "events";
                            /** @description window end (exclusive); default now */
                            to?: string;
                            /** @description for counting active days; default UTC */
                            timezone?: string;
                        } | {
                            /** @enum {string} */
                            builtin: "churn_risk";
                            /** @description default 28 */
                            window_days?: number;
                            /** @description members have score >= threshold (default 0.6) */
                            threshold?: number;
                            /** @description numeric property for the monetary part (default revenue) */
                            value_property?: string;
                            /** @description window end (exclusive); default now */
                            to?: string;
                        } | {
                            /** @description letters, digits, _ . - (at most 64) */
                            saved: string;
                        } | {
                            /** @description users with at least min_count events matching event and filters in [from, to) */
                            custom: {
                                /** @description event name the user did (any event when absent) */
                                event?: string;
                                filters?: {
                                    /** @description a property key, or a context/event column when source says so */
                                    property: string;
                                    /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                    source?: "properties" | "context" | "event" | "person";
                                    op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                    value?: (string | number | boolean) | (string | number | boolean)[];
                                }[];
                                /** @description at least this many matching events (default 1) */
                                min_count?: number;
                                /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                                from?: string;
                                /** @description window end (exclusive): ISO time, relative, or now (default) */
                                to?: string;
                            };
                        };
                        /** @description add each series over the previous period of the same length */
                        compare?: boolean;
                    };
                    condition: {
                        /** @enum {string} */
                        kind: "threshold";
                        op: "above" | "below";
                        value: number;
                        /** @description the condition must hold this long before the rule fires (default 0s: at once) */
                        for?: string;
                    } | {
                        /** @enum {string} */
                        kind: "change";
                        /** @description default either */
                        op?: "increase" | "decrease" | "either";
                        /** @description fires when the value moved by at least this percent of the previous bucket */
                        percent?: number;
                        /** @description fires when the value moved by at least this much */
                        absolute?: number;
                        /** @description the condition must hold this long before the rule fires (default 0s) */
                        for?: string;
                    } | {
                        /** @enum {string} */
                        kind: "anomaly";
                        /** @description default either */
                        op?: "above" | "below" | "either";
                        /** @description band half-width in robust standard deviations (k · 1.4826 · MAD; default 4) */
                        k?: number;
                        /** @description weeks of history the seasonal baseline is learned from (default 4) */
                        weeks?: number;
                        /** @description smallest band half-width (default: 1 for counts, 0 otherwise) */
                        min_band?: number;
                        /** @description the value must stay outside the band this long before the rule fires (default 0s) */
                        for?: string;
                    };
                    /** @description how often the rule is evaluated, 1m to 1d (at the alerts_evaluate schedule) */
                    every: string;
                    /** @description after a firing notification, another one waits at least this long (default 15m) */
                    cooldown?: string;
                    webhook: {
                        /** @description http(s) URL the notifications are POSTed to */
                        url: string;
                        /** @description HMAC-SHA256 key of the signature headers; never shown again */
                        secret: string;
                        /** @default tally */
                        format?: "tally" | "slack" | "alertmanager";
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alert_id: string;
                        alert: {
                            alert_id: string;
                            app_id: string;
                            name: string;
                            /** @description the trends spec watched (from/to are set at each evaluation) */
                            trend: {
                                [key: string]: unknown;
                            };
                            condition: {
                                [key: string]: unknown;
                            };
                            every: string;
                            cooldown: string;
                            webhook: {
                                url: string;
                                format: string;
                            } | null;
                            silenced_until: string | null;
                            created_at: string;
                            status: {
                                state: "ok" | "pending" | "firing";
                                breach_since: string | null;
                                evaluated_at: string | null;
                                last_notified_at: string | null;
                            };
                        };
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Conflicts with what exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listPipelineAlerts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhook: {
                            url: string;
                            format: string;
                        } | null;
                        window_seconds: number;
                        rules: {
                            alert_id: string;
                            name: string;
                            description: string;
                            threshold: number;
                            unit: string;
                            variable: string;
                            silenced_until: string | null;
                            status: {
                                state: "ok" | "pending" | "firing";
                                breach_since: string | null;
                                evaluated_at: string | null;
                                last_notified_at: string | null;
                            };
                        }[];
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listPipelineAlertEvents: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                /** @description one of ingest_lag, pipeline_error_rate, dead_letter_growth, quarantine_spike, schema_drift, job_failures, sink_failures, cdc_slot_lag, slow_queries */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: {
                            at: string;
                            /** @description state_change or test */
                            kind: string;
                            value: number | null;
                            band: {
                                low: number | null;
                                high: number | null;
                            } | null;
                            previous_state: string;
                            state: string;
                            delivery: {
                                /** @description delivered, failed, silenced, cooldown, no_webhook, or none (no notification due) */
                                result: string;
                                delivery_id: string;
                                attempts: number;
                                /** @description the last attempt's answer (0: none) */
                                http_status: number;
                                error: string;
                            };
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    silencePipelineAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description one of ingest_lag, pipeline_error_rate, dead_letter_growth, quarantine_spike, schema_drift, job_failures, sink_failures, cdc_slot_lag, slow_queries */
                name: string;
            };
            cookie?: never;
        };
        /** @description exactly one of for and until */
        requestBody: {
            content: {
                "application/json": {
                    /** @description silence for this long from now (0m lifts the silence) */
                    for?: string;
                    /**
                     * Format: date-time
                     * @description silence until this instant
                     */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alert_id: string;
                        silenced_until: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    testPipelineAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description one of ingest_lag, pipeline_error_rate, dead_letter_growth, quarantine_spike, schema_drift, job_failures, sink_failures, cdc_slot_lag, slow_queries */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        delivery: {
                            /** @description delivered, failed, silenced, cooldown, no_webhook, or none (no notification due) */
                            result: string;
                            delivery_id: string;
                            attempts: number;
                            /** @description the last attempt's answer (0: none) */
                            http_status: number;
                            error: string;
                        };
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    getAlert: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description alr_…; an unknown id (or another app's) is a 404 */
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alert_id: string;
                        app_id: string;
                        name: string;
                        /** @description the trends spec watched (from/to are set at each evaluation) */
                        trend: {
                            [key: string]: unknown;
                        };
                        condition: {
                            [key: string]: unknown;
                        };
                        every: string;
                        cooldown: string;
                        webhook: {
                            url: string;
                            format: string;
                        } | null;
                        silenced_until: string | null;
                        created_at: string;
                        status: {
                            state: "ok" | "pending" | "firing";
                            breach_since: string | null;
                            evaluated_at: string | null;
                            last_notified_at: string | null;
                        };
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    deleteAlert: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description alr_…; an unknown id (or another app's) is a 404 */
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alert_id: string;
                        /** @enum {boolean} */
                        deleted: true;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    updateAlert: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description alr_…; an unknown id (or another app's) is a 404 */
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description a trends spec: the first series is watched; interval minute, hour or day; no breakdown or compare */
                    trend?: {
                        app_id?: string;
                        /** @description inclusive; ISO or relative like -30d (default -30d) */
                        from?: string;
                        /** @description exclusive; ISO or relative (default now) */
                        to?: string;
                        /** @default day */
                        interval?: "minute" | "hour" | "day" | "week" | "month";
                        /** @description IANA name; buckets start at local midnight (default UTC) */
                        timezone?: string;
                        series: {
                            event: string;
                            /** @default count */
                            math?: "count" | "unique_users" | "unique_users_approx" | "unique_sessions" | "sum" | "avg" | "min" | "max" | "p50" | "p90" | "p99";
                            /** @description numeric property for sum/avg/min/max/p50/p90/p99 */
                            property?: string;
                            filters?: {
                                /** @description a property key, or a context/event column when source says so */
                                property: string;
                                /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                source?: "properties" | "context" | "event" | "person";
                                op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                value?: (string | number | boolean) | (string | number | boolean)[];
                            }[];
                            label?: string;
                        }[];
                        breakdown?: {
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            /**
                             * @description top N values; the rest form one "other" series
                             * @default 10
                             */
                            limit?: number;
                        };
                        filters?: {
                            /** @description a property key, or a context/event column when source says so */
                            property: string;
                            /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                            source?: "properties" | "context" | "event" | "person";
                            op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                            value?: (string | number | boolean) | (string | number | boolean)[];
                        }[];
                        /** @description a user segment: { "builtin": "new" | "returning" | "resurrecting" | "dormant" | "power_users" | "churn_risk", ... } | { "saved": "name" } | { "custom": {...} } */
                        segment?: {
                            builtin: "new" | "returning" | "resurrecting" | "dormant";
                            /** @description range start (inclusive), ISO or relative; default -30d */
                            from?: string;
                            /** @description range end (exclusive), ISO or relative; default now */
                            to?: string;
                        } | {
                            /** @enum {string} */
                            builtin: "power_users";
                            /** @description window length in days, 7 or 28 are usual (default 28) */
                            window_days?: number;
                            /** @description default 90 */
                            percentile?: number;
                            /** @description default active_days */
                            measure?: "active_days" | "events";
                            /** @description window end (exclusive); default now */
                            to?: string;
                            /** @description for counting active days; default UTC */
                            timezone?: string;
                        } | {
                            /** @enum {string} */
                            builtin: "churn_risk";
                            /** @description default 28 */
                            window_days?: number;
                            /** @description members have score >= threshold (default 0.6) */
                            threshold?: number;
                            /** @description numeric property for the monetary part (default revenue) */
                            value_property?: string;
                            /** @description window end (exclusive); default now */
                            to?: string;
                        } | {
                            /** @description letters, digits, _ . - (at most 64) */
                            saved: string;
                        } | {
                            /** @description users with at least min_count events matching event and filters in [from, to) */
                            custom: {
                                /** @description event name the user did (any event when absent) */
                                event?: string;
                                filters?: {
                                    /** @description a property key, or a context/event column when source says so */
                                    property: string;
                                    /** @description default properties; 'person': a trait of the user's profile (POST /v1/identify), its current value */
                                    source?: "properties" | "context" | "event" | "person";
                                    op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "contains" | "in" | "is_set" | "not_set";
                                    value?: (string | number | boolean) | (string | number | boolean)[];
                                }[];
                                /** @description at least this many matching events (default 1) */
                                min_count?: number;
                                /** @description window start (inclusive): ISO time or relative like -30d (default), resolved when the segment is used */
                                from?: string;
                                /** @description window end (exclusive): ISO time, relative, or now (default) */
                                to?: string;
                            };
                        };
                        /** @description add each series over the previous period of the same length */
                        compare?: boolean;
                    };
                    condition?: {
                        /** @enum {string} */
                        kind: "threshold";
                        op: "above" | "below";
                        value: number;
                        /** @description the condition must hold this long before the rule fires (default 0s: at once) */
                        for?: string;
                    } | {
                        /** @enum {string} */
                        kind: "change";
                        /** @description default either */
                        op?: "increase" | "decrease" | "either";
                        /** @description fires when the value moved by at least this percent of the previous bucket */
                        percent?: number;
                        /** @description fires when the value moved by at least this much */
                        absolute?: number;
                        /** @description the condition must hold this long before the rule fires (default 0s) */
                        for?: string;
                    } | {
                        /** @enum {string} */
                        kind: "anomaly";
                        /** @description default either */
                        op?: "above" | "below" | "either";
                        /** @description band half-width in robust standard deviations (k · 1.4826 · MAD; default 4) */
                        k?: number;
                        /** @description weeks of history the seasonal baseline is learned from (default 4) */
                        weeks?: number;
                        /** @description smallest band half-width (default: 1 for counts, 0 otherwise) */
                        min_band?: number;
                        /** @description the value must stay outside the band this long before the rule fires (default 0s) */
                        for?: string;
                    };
                    /** @description 1m to 1d */
                    every?: string;
                    /** @description at most 7d */
                    cooldown?: string;
                    webhook?: {
                        /** @description http(s) URL the notifications are POSTed to */
                        url: string;
                        /** @description HMAC-SHA256 key of the signature headers; never shown again */
                        secret: string;
                        /** @default tally */
                        format?: "tally" | "slack" | "alertmanager";
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alert_id: string;
                        app_id: string;
                        name: string;
                        /** @description the trends spec watched (from/to are set at each evaluation) */
                        trend: {
                            [key: string]: unknown;
                        };
                        condition: {
                            [key: string]: unknown;
                        };
                        every: string;
                        cooldown: string;
                        webhook: {
                            url: string;
                            format: string;
                        } | null;
                        silenced_until: string | null;
                        created_at: string;
                        status: {
                            state: "ok" | "pending" | "firing";
                            breach_since: string | null;
                            evaluated_at: string | null;
                            last_notified_at: string | null;
                        };
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    silenceAlert: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description alr_…; an unknown id (or another app's) is a 404 */
                alert_id: string;
            };
            cookie?: never;
        };
        /** @description exactly one of for and until */
        requestBody: {
            content: {
                "application/json": {
                    /** @description silence for this long from now (0m lifts the silence) */
                    for?: string;
                    /**
                     * Format: date-time
                     * @description silence until this instant
                     */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        alert_id: string;
                        silenced_until: string | null;
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Request body too large (counted after decompression) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Unsupported content type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    testAlert: {
        parameters: {
            query: {
                app_id: string;
            };
            header?: never;
            path: {
                /** @description alr_…; an unknown id (or another app's) is a 404 */
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        delivery: {
                            /** @description delivered, failed, silenced, cooldown, no_webhook, or none (no notification due) */
                            result: string;
                            delivery_id: string;
                            attempts: number;
                            /** @description the last attempt's answer (0: none) */
                            http_status: number;
                            error: string;
                        };
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listAlertEvents: {
        parameters: {
            query: {
                app_id: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description alr_…; an unknown id (or another app's) is a 404 */
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: {
                            at: string;
                            /** @description state_change or test */
                            kind: string;
                            value: number | null;
                            band: {
                                low: number | null;
                                high: number | null;
                            } | null;
                            previous_state: string;
                            state: string;
                            delivery: {
                                /** @description delivered, failed, silenced, cooldown, no_webhook, or none (no notification due) */
                                result: string;
                                delivery_id: string;
                                attempts: number;
                                /** @description the last attempt's answer (0: none) */
                                http_status: number;
                                error: string;
                            };
                            message: string;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
    listAlertDeliveries: {
        parameters: {
            query: {
                app_id: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description alr_…; an unknown id (or another app's) is a 404 */
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: {
                            delivery_id: string;
                            attempt: number;
                            at: string;
                            url: string;
                            format: string;
                            state: string;
                            http_status: number;
                            error: string;
                            duration_ms: number;
                        }[];
                    };
                };
            };
            /** @description Invalid request (parameters, body, encoding or query) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Missing, invalid or revoked key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description This key may not do this, or not for this app */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Not found (an unknown app, or the named thing does not exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Too many requests: the key's rate limit (on /v1/query, also the raw queries running at once); retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
            /** @description Internal error (details are logged, never sent) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @description a stable code from docs/errors.md */
                            code: string;
                            message: string;
                        };
                    };
                };
            };
        };
    };
}
