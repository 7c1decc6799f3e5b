-- WhatsApp engine: messages (the source of truth for each message's state), one row per send
-- attempt, the database queue and rate-limit tables (used when REDIS_URL is unset), and the
-- sandbox sender's outbox.

create table wa_messages (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    trigger text not null,
    class text not null check (class in ('ui', 'bi')),
    credit_type text not null check (credit_type in ('wa_ui', 'wa_bi')),
    recipient text not null,
    sender_phone_id text not null,
    -- The message body as the Cloud API takes it (text, image or template), JSON.
    content text not null,
    coupon_id text,
    -- A caller's key (e.g. one claim) so a retried enqueue queues one message.
    dedupe_key text,
    cost_credits integer not null check (cost_credits >= 0),
    hold_id text,
    -- What the logs show.
    status text not null check (status in ('queued', 'sent', 'failed', 'delivered', 'read')),
    -- Where dispatch stands: queued (waiting), sending (an attempt is under way, leased until
    -- lease_until_ms), accepted (WhatsApp returned wamid; charged), failed (never accepted;
    -- hold released).
    state text not null check (state in ('queued', 'sending', 'accepted', 'failed')),
    lease_until_ms integer not null default 0,
    wamid text unique,
    attempts integer not null default 0 check (attempts >= 0),
    last_error text,
    credits_deducted integer not null default 0 check (credits_deducted >= 0),
    created_at_ms integer not null,
    updated_at_ms integer not null,
    accepted_at_ms integer,
    delivered_at_ms integer,
    read_at_ms integer,
    check ((state = 'accepted') = (wamid is not null))
);
create index wa_messages_merchant on wa_messages (merchant_id, created_at_ms);
create index wa_messages_tenant on wa_messages (tenant_id, created_at_ms);
create unique index wa_messages_dedupe on wa_messages (merchant_id, dedupe_key);

create table wa_attempts (
    message_id text not null references wa_messages (id),
    attempt integer not null check (attempt >= 1),
    started_at_ms integer not null,
    finished_at_ms integer,
    outcome text check (outcome in ('accepted', 'retry', 'failed')),
    error text,
    primary key (message_id, attempt)
);

create table wa_queue (
    message_id text primary key,
    due_ms integer not null,
    lease_owner text,
    lease_until_ms integer not null default 0,
    deliveries integer not null default 0
);
create index wa_queue_due on wa_queue (due_ms);

-- GCRA rate limits: the theoretical arrival time per key, in microseconds.
create table wa_rate_limits (
    key text primary key,
    tat_us integer not null
);

create table wa_sandbox_outbox (
    message_id text primary key references wa_messages (id),
    wamid text not null unique,
    tenant_id text not null,
    merchant_id text not null,
    recipient text not null,
    content text not null,
    created_at_ms integer not null,
    -- Webhooks posted so far: 0 none, 1 sent, 2 delivered or failed, 3 read (done).
    stage integer not null default 0 check (stage between 0 and 3),
    next_due_ms integer not null
);
create index wa_sandbox_outbox_due on wa_sandbox_outbox (stage, next_due_ms);
create index wa_sandbox_outbox_merchant on wa_sandbox_outbox (merchant_id, created_at_ms);
