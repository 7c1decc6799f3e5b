-- Lucky-draw wheels: one per merchant, its segments (a prize tied to one of the merchant's
-- batches with a stock, or "No Prize"), every spin with its outcome (recorded before the
-- animation starts), and the per-customer per-day spin counter.

create table wheels (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null unique references merchants (id),
    enabled integer not null check (enabled in (0, 1)),
    after_claim integer not null check (after_claim in (0, 1)),
    from_store integer not null check (from_store in (0, 1)),
    spins_per_day integer not null check (spins_per_day between 1 and 10),
    updated_at_ms integer not null
);

create table wheel_prizes (
    id text primary key,
    wheel_id text not null references wheels (id),
    position integer not null check (position between 0 and 11),
    label text not null check (length(label) between 1 and 80),
    weight integer not null check (weight between 1 and 1000000),
    -- Null for "No Prize".
    batch_id text references coupon_batches (id),
    stock integer check (stock >= 0),
    issued integer not null default 0 check (issued >= 0),
    check ((batch_id is null) = (stock is null)),
    check (stock is null or issued <= stock),
    unique (wheel_id, position)
);

create table spins (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    wheel_id text not null references wheels (id),
    customer_id text not null references customers (id),
    -- The UTC day (YYYY-MM-DD) the spin counts against.
    day text not null,
    position integer not null,
    label text not null,
    -- The coupon won; null for "No Prize".
    serial text unique references coupons (serial),
    created_at_ms integer not null
);
create index spins_wheel_time on spins (wheel_id, created_at_ms);

create table spin_counts (
    wheel_id text not null references wheels (id),
    customer_id text not null references customers (id),
    day text not null,
    spins integer not null check (spins >= 1),
    primary key (wheel_id, customer_id, day)
);
