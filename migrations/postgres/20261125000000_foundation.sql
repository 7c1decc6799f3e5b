-- Tenants, merchants, users, sessions and rate limits: the foundation every area builds on.
-- Portable types only (see DESIGN.md): text ids, bigint epoch milliseconds, integer 0/1 flags.

create table tenants (
    id text primary key,
    kind text not null check (kind in ('platform', 'agent')),
    slug text not null unique,
    brand_name text not null check (length(brand_name) between 1 and 120),
    company_name text not null check (length(company_name) between 1 and 200),
    logo_url text,
    primary_color text not null,
    accent_color text not null,
    country text not null,
    currency text not null,
    timezone text not null,
    created_at_ms bigint not null
);
-- Exactly one main platform.
create unique index tenants_one_platform on tenants (kind) where kind = 'platform';

create table tenant_domains (
    domain text primary key,
    tenant_id text not null references tenants (id),
    verified integer not null default 0 check (verified in (0, 1)),
    created_at_ms bigint not null
);
create index tenant_domains_tenant on tenant_domains (tenant_id);

create table merchants (
    id text primary key,
    tenant_id text not null references tenants (id),
    company_name text not null check (length(company_name) between 1 and 200),
    kind text not null check (kind in ('annual', 'temporary')),
    status text not null check (status in ('pending_payment', 'pending_agent_topup', 'active', 'expired')),
    country text not null,
    city text not null,
    created_at_ms bigint not null
);
create index merchants_tenant on merchants (tenant_id, created_at_ms);

create table users (
    id text primary key,
    tenant_id text not null references tenants (id),
    email text not null check (length(email) between 3 and 254),
    display_name text not null check (length(display_name) between 1 and 120),
    password_hash text not null,
    kind text not null check (kind in ('platform_staff', 'agent_owner', 'agent_staff', 'merchant')),
    permissions bigint not null default 0 check (permissions between 0 and 15),
    merchant_id text references merchants (id),
    disabled integer not null default 0 check (disabled in (0, 1)),
    created_at_ms bigint not null,
    check ((kind = 'merchant') = (merchant_id is not null))
);
create unique index users_tenant_email on users (tenant_id, email);
create index users_merchant on users (merchant_id);

-- Only a SHA-256 of the session token is stored: a copy of this table logs nobody in.
create table sessions (
    token_hash text primary key,
    user_id text not null references users (id),
    tenant_id text not null references tenants (id),
    created_at_ms bigint not null,
    expires_at_ms bigint not null
);
create index sessions_user on sessions (user_id);
create index sessions_expiry on sessions (expires_at_ms);

-- Fixed-window counters for login throttling (per account and per address).
create table rate_limits (
    bucket text primary key,
    window_start_ms bigint not null,
    hits bigint not null check (hits >= 0)
);
