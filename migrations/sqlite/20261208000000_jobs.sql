-- One job system: every piece of background work (a batch's PDF, the scheduled passes) is a
-- row here. `dedupe_key` makes enqueueing idempotent: a batch has one PDF job, and a schedule's
-- period (e.g. `campaigns:29592746`, the minute) is enqueued by every worker that ticks but
-- exists, and runs, once. A worker claims a due row by leasing it (`lease_until_ms`, renewed
-- while it runs); a worker that dies stops renewing, and the lease running out hands the job
-- to another. `attempts` counts claims, bounded by `max_attempts`, with backoff between.
create table jobs (
    id text primary key,
    kind text not null,
    dedupe_key text not null unique,
    payload text not null,
    state text not null check (state in ('queued', 'running', 'done', 'failed')),
    attempts integer not null default 0,
    max_attempts integer not null,
    run_at_ms integer not null,
    lease_until_ms integer,
    worker text,
    last_error text,
    request_id text,
    created_at_ms integer not null,
    finished_at_ms integer
);
-- What a worker looks for: due queued rows, and running rows whose lease ran out.
create index jobs_waiting on jobs (run_at_ms) where state in ('queued', 'running');
-- What housekeeping removes: finished rows after a while.
create index jobs_finished on jobs (finished_at_ms) where state in ('done', 'failed');
