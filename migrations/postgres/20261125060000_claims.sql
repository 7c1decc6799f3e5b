-- Claims: customers per tenant, one row per claimed coupon, the per-customer counter that
-- enforces a batch's claim limit, and the batch's claimed counter that hands out coupons in
-- sequence order exactly once.

-- How many of the batch's coupons were claimed; claim n takes the coupon with seq n - 1. The
-- conditional increment is the one place concurrent claims meet.
alter table coupon_batches add column claimed_count bigint not null default 0 check (claimed_count >= 0);

create table customers (
    id text primary key,
    tenant_id text not null references tenants (id),
    -- E.164, e.g. +60123456789.
    phone text not null check (length(phone) between 8 and 16),
    name text not null check (length(name) between 1 and 480),
    -- YYYY-MM-DD.
    birthday text not null check (length(birthday) = 10),
    created_at_ms bigint not null,
    updated_at_ms bigint not null,
    unique (tenant_id, phone)
);

create table claims (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    batch_id text not null references coupon_batches (id),
    serial text not null unique references coupons (serial),
    customer_id text not null references customers (id),
    source text not null check (source in ('homepage', 'in_store', 'lucky_draw', 'birthday', 'recall', 'festival')),
    claimed_at_ms bigint not null,
    -- The WhatsApp message queued for the coupon, or why none was sent (null both: WhatsApp off).
    wa_message_id text,
    wa_note text
);
create index claims_batch_time on claims (batch_id, claimed_at_ms);
create index claims_customer on claims (customer_id, claimed_at_ms);
create index claims_merchant_time on claims (merchant_id, claimed_at_ms);

-- Claims per customer per batch; the upsert's row lock serialises one customer's racing claims.
create table claim_counts (
    batch_id text not null references coupon_batches (id),
    customer_id text not null references customers (id),
    claims bigint not null check (claims >= 1),
    primary key (batch_id, customer_id)
);

-- The coupon center's listing: a tenant's shown batches by end date.
create index coupon_batches_center on coupon_batches (tenant_id, valid_until_ms) where show_in_center = 1;
