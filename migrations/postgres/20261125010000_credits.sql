-- Credits: wallets (a cached balance per owner and credit type), the append-only ledger whose
-- rows the balance sums, WhatsApp holds, credit packages, payments and webhook receipts.

create table wallets (
    id text primary key,
    tenant_id text not null references tenants (id),
    owner_type text not null check (owner_type in ('merchant', 'agent', 'master')),
    owner_id text not null,
    credit_type text not null check (credit_type in ('coupon', 'wa_ui', 'wa_bi', 'money')),
    balance bigint not null check (balance >= 0),
    held bigint not null check (held >= 0 and held <= balance),
    updated_at_ms bigint not null,
    unique (owner_type, owner_id, credit_type)
);
create index wallets_tenant on wallets (tenant_id);

create table ledger_entries (
    seq bigint generated always as identity primary key,
    -- Random 128-bit public id; never looked up, so it carries no index.
    id text not null,
    wallet_id text not null references wallets (id),
    tenant_id text not null references tenants (id),
    owner_type text not null,
    owner_id text not null,
    credit_type text not null,
    action text not null check (action in ('purchase', 'deduct', 'refund', 'adjustment')),
    amount bigint not null check (amount <> 0),
    balance_after bigint not null check (balance_after >= 0),
    related_kind text not null,
    related_id text,
    description text not null,
    idempotency_key text not null unique,
    actor_user_id text,
    created_at_ms bigint not null,
    check ((action in ('purchase', 'refund') and amount > 0) or (action = 'deduct' and amount < 0)
           or action = 'adjustment')
);
create index ledger_wallet on ledger_entries (wallet_id, seq);
create index ledger_tenant on ledger_entries (tenant_id, seq);

-- The ledger is append-only: a correction is a new row.
create function ledger_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger_entries rows are append-only';
end $$;
create trigger ledger_no_update before update or delete on ledger_entries
    for each row execute function ledger_append_only();

create table credit_holds (
    id text primary key,
    wallet_id text not null references wallets (id),
    amount bigint not null check (amount > 0),
    status text not null check (status in ('held', 'captured', 'released')),
    related_kind text not null,
    related_id text,
    idempotency_key text not null unique,
    created_at_ms bigint not null,
    resolved_at_ms bigint
);
create index credit_holds_live on credit_holds (wallet_id, status);

create table credit_packages (
    id text primary key,
    name text not null check (length(name) between 1 and 120),
    credit_type text not null check (credit_type in ('coupon', 'wa_ui', 'wa_bi')),
    credits bigint not null check (credits > 0),
    price_minor bigint not null check (price_minor > 0),
    currency text not null check (length(currency) = 3),
    active integer not null check (active in (0, 1)),
    created_at_ms bigint not null
);

create table payments (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    package_id text not null references credit_packages (id),
    credit_type text not null,
    credits bigint not null check (credits > 0),
    amount_minor bigint not null check (amount_minor > 0),
    currency text not null,
    provider text not null check (provider in ('sandbox', 'stripe')),
    provider_session_id text,
    status text not null check (status in ('pending', 'paid')),
    created_at_ms bigint not null,
    paid_at_ms bigint
);
create index payments_merchant on payments (merchant_id, created_at_ms);

create table webhook_events (
    provider text not null,
    event_id text not null,
    received_at_ms bigint not null,
    primary key (provider, event_id)
);
