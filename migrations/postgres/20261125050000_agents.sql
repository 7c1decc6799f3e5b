-- Agents: the master price sheet (platform cost per item), agents' own Stripe keys (encrypted),
-- the prepaid agent wallet's top-ups and the platform costs charged to it, annual memberships,
-- and custom-domain verification. Same schema as the SQLite file.

-- Credit packages carry the platform cost an agent pays when one of its merchants buys one,
-- and who may buy them: annual merchants, or temporary merchants (temporary UI packages).
alter table credit_packages add column platform_cost_minor bigint not null default 0
    check (platform_cost_minor >= 0 and platform_cost_minor <= price_minor);
alter table credit_packages add column merchant_kind text not null default 'annual'
    check (merchant_kind in ('annual', 'temporary') and (merchant_kind = 'annual' or credit_type = 'wa_ui'));

-- The other priced items, per currency: the annual merchant fee and the ad durations.
create table price_items (
    currency text not null check (length(currency) = 3),
    item text not null check (item in ('annual_fee', 'ad_7_days', 'ad_14_days', 'ad_30_days')),
    price_minor bigint not null check (price_minor > 0),
    platform_cost_minor bigint not null check (platform_cost_minor >= 0 and platform_cost_minor <= price_minor),
    updated_at_ms bigint not null,
    updated_by text not null references users (id),
    primary key (currency, item)
);

-- A payment's price and platform cost are copied when it starts; `payee_tenant_id` is the agent
-- whose Stripe account collects it (null: the main platform's).
alter table payments add column platform_cost_minor bigint not null default 0 check (platform_cost_minor >= 0);
alter table payments add column payee_tenant_id text references tenants (id);

-- Annual membership: paid until this time (null: never paid, or a temporary merchant).
alter table merchants add column renews_at_ms bigint;

create table membership_payments (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    amount_minor bigint not null check (amount_minor > 0),
    platform_cost_minor bigint not null check (platform_cost_minor >= 0 and platform_cost_minor <= amount_minor),
    currency text not null check (length(currency) = 3),
    provider text not null check (provider in ('sandbox', 'stripe')),
    payee_tenant_id text references tenants (id),
    provider_session_id text,
    status text not null check (status in ('pending', 'paid')),
    created_at_ms bigint not null,
    paid_at_ms bigint
);
create index membership_payments_merchant on membership_payments (merchant_id, created_at_ms);

-- An agent's wallet top-up through the main platform's checkout.
create table agent_topups (
    id text primary key,
    tenant_id text not null references tenants (id),
    amount_minor bigint not null check (amount_minor > 0),
    currency text not null check (length(currency) = 3),
    provider text not null check (provider in ('sandbox', 'stripe')),
    provider_session_id text,
    status text not null check (status in ('pending', 'paid')),
    created_at_ms bigint not null,
    paid_at_ms bigint
);
create index agent_topups_tenant on agent_topups (tenant_id, created_at_ms);

-- One row per paid item of an agent's merchant: what the merchant paid the agent, the platform
-- cost taken from the agent's wallet, and whether it was taken yet (`pending_top_up` waits for
-- the next top-up; the merchant's activation or credits wait with it).
create table agent_charges (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    kind text not null check (kind in ('annual_fee', 'package')),
    payment_id text not null unique,
    price_minor bigint not null check (price_minor > 0),
    platform_cost_minor bigint not null check (platform_cost_minor >= 0 and platform_cost_minor <= price_minor),
    currency text not null check (length(currency) = 3),
    status text not null check (status in ('pending_top_up', 'settled')),
    created_at_ms bigint not null,
    settled_at_ms bigint,
    check ((status = 'settled') = (settled_at_ms is not null))
);
create index agent_charges_queue on agent_charges (tenant_id, status, created_at_ms);

-- An agent's own Stripe account. Secrets are AES-256-GCM ciphertexts (hex of nonce||sealed),
-- bound to the tenant and field; the hints are what the page shows (`sk_live_…abcd`).
create table agent_stripe_keys (
    tenant_id text primary key references tenants (id),
    publishable_key text not null,
    secret_key_sealed text not null,
    secret_key_hint text not null,
    webhook_secret_sealed text,
    webhook_secret_hint text,
    live integer not null check (live in (0, 1)),
    checked_at_ms bigint not null,
    updated_by text not null references users (id),
    check ((webhook_secret_sealed is null) = (webhook_secret_hint is null))
);

-- Custom domains prove ownership with a DNS TXT record carrying this token.
alter table tenant_domains add column verify_token text;
alter table tenant_domains add column verified_at_ms bigint;
alter table tenant_domains add column checked_at_ms bigint;
