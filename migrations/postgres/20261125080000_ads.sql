-- Paid ads: the ad with its creative, targeting, copied price and payment, state changes with
-- who and when, refunds (one per ad), and honest counting (one row per viewer per ad per day
-- and kind, plus per-day counters). Same schema as the SQLite file.

create table ads (
    id text primary key,
    tenant_id text not null references tenants (id),
    -- The advertiser: a merchant of the tenant, or null when the agent owner advertises on its
    -- own site.
    merchant_id text references merchants (id),
    created_by text not null references users (id),
    title text not null check (length(title) between 1 and 120),
    kind text not null check (kind in ('banner', 'video')),
    duration_days bigint not null check (duration_days in (7, 14, 30)),
    target_url text not null,
    country text,
    cities text not null default '',
    starts_at_ms bigint not null,
    ends_at_ms bigint not null check (ends_at_ms > starts_at_ms),
    creative_key text,
    creative_mime text,
    state text not null check (state in ('pending_payment', 'pending', 'approved', 'rejected', 'expired')),
    price_minor bigint not null check (price_minor >= 0),
    platform_cost_minor bigint not null check (platform_cost_minor >= 0 and platform_cost_minor <= price_minor),
    currency text not null check (length(currency) = 3),
    provider text check (provider in ('sandbox', 'stripe', 'wallet')),
    payee_tenant_id text references tenants (id),
    provider_session_id text,
    paid_at_ms bigint,
    -- Whether the platform cost left the agent's wallet (agent sites only).
    cost_taken bigint not null default 0 check (cost_taken in (0, 1)),
    reviewed_by text references users (id),
    reviewed_at_ms bigint,
    reject_reason text,
    expired_at_ms bigint,
    created_at_ms bigint not null,
    check ((state = 'rejected') = (reject_reason is not null))
);
create index ads_tenant_state on ads (tenant_id, state, starts_at_ms);
create index ads_merchant on ads (merchant_id, created_at_ms);

-- The refund of a rejected ad's payment: at most one per ad.
create table ad_refunds (
    ad_id text primary key references ads (id),
    amount_minor bigint not null check (amount_minor > 0),
    currency text not null,
    provider text not null,
    provider_refund_id text,
    created_at_ms bigint not null
);

-- One row per viewer, ad, day and kind: a second beacon for the same triple counts nothing.
create table ad_views (
    ad_id text not null references ads (id),
    viewer text not null,
    day_ms bigint not null,
    kind text not null check (kind in ('impression', 'click')),
    at_ms bigint not null,
    primary key (ad_id, day_ms, kind, viewer)
);

create table ad_daily (
    ad_id text not null references ads (id),
    day_ms bigint not null,
    impressions bigint not null default 0,
    clicks bigint not null default 0,
    primary key (ad_id, day_ms)
);
