-- WhatsApp campaigns (birthday, inactive-customer recall, festivals): each merchant's settings,
-- the Super Admin's festival calendar per country, consent (opt-outs), one run record per
-- campaign, merchant and local day, and one guard row per message ever sent by a campaign.

-- A merchant's campaign settings; no row means every campaign off and the default quiet hours.
create table campaign_settings (
    merchant_id text primary key references merchants (id),
    tenant_id text not null references tenants (id),
    -- An IANA zone name; null means the tenant's time zone.
    timezone text,
    -- Minutes after local midnight; start = end means no quiet hours.
    quiet_start_min integer not null check (quiet_start_min between 0 and 1439),
    quiet_end_min integer not null check (quiet_end_min between 0 and 1439),
    birthday_on integer not null check (birthday_on in (0, 1)),
    birthday_days_before integer not null check (birthday_days_before between 0 and 60),
    birthday_days_after integer not null check (birthday_days_after between 0 and 60),
    birthday_batch_id text references coupon_batches (id),
    birthday_text text not null check (length(birthday_text) <= 2000),
    recall_on integer not null check (recall_on in (0, 1)),
    recall_days integer not null check (recall_days between 1 and 730),
    recall_batch_id text references coupon_batches (id),
    recall_text text not null check (length(recall_text) <= 2000),
    updated_at_ms integer not null,
    check (birthday_on = 0 or birthday_batch_id is not null),
    check (recall_on = 0 or recall_batch_id is not null)
);

-- The festival calendar, kept by the main platform's Super Admin, per country (ISO code).
create table festivals (
    id text primary key,
    country text not null check (length(country) = 2),
    name text not null check (length(name) between 1 and 80),
    -- MM-DD for a festival on the same day every year (Christmas); null when dated per year.
    fixed_month_day text check (fixed_month_day is null or length(fixed_month_day) = 5),
    created_at_ms integer not null,
    unique (country, name)
);

-- A moving festival's date in a given year (Chinese New Year, Hari Raya, Deepavali).
create table festival_dates (
    festival_id text not null references festivals (id),
    year integer not null check (year between 2000 and 2200),
    -- YYYY-MM-DD.
    on_date text not null check (length(on_date) = 10),
    primary key (festival_id, year)
);

-- A merchant's choice for one festival.
create table merchant_festivals (
    merchant_id text not null references merchants (id),
    festival_id text not null references festivals (id),
    tenant_id text not null references tenants (id),
    enabled integer not null check (enabled in (0, 1)),
    batch_id text not null references coupon_batches (id),
    body text not null check (length(body) between 1 and 2000),
    days_before integer not null check (days_before between 0 and 60),
    updated_at_ms integer not null,
    primary key (merchant_id, festival_id)
);

-- Consent: a customer (by E.164 phone) who replied STOP to a merchant's messages. START
-- deletes the row. Business-initiated messages skip these numbers.
create table campaign_opt_outs (
    merchant_id text not null references merchants (id),
    phone text not null check (length(phone) between 8 and 16),
    tenant_id text not null references tenants (id),
    opted_out_at_ms integer not null,
    primary key (merchant_id, phone)
);

-- One run of one campaign for one merchant on one local day: the unique key is what makes a
-- day's run happen once with any number of workers. A run still 'running' after its lease
-- (the worker stopped) is taken over and resumed.
create table campaign_runs (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    kind text not null check (kind in ('birthday', 'recall', 'festival')),
    -- The merchant's local day, YYYY-MM-DD.
    local_day text not null check (length(local_day) = 10),
    status text not null check (status in ('running', 'done', 'stopped')),
    started_at_ms integer not null,
    lease_until_ms integer not null,
    finished_at_ms integer,
    selected integer not null default 0 check (selected >= 0),
    queued integer not null default 0 check (queued >= 0),
    skipped_opted_out integer not null default 0 check (skipped_opted_out >= 0),
    skipped_already_sent integer not null default 0 check (skipped_already_sent >= 0),
    skipped_no_credits integer not null default 0 check (skipped_no_credits >= 0),
    skipped_batch_exhausted integer not null default 0 check (skipped_batch_exhausted >= 0),
    -- Why a run stopped early, in words the merchant reads.
    note text,
    unique (merchant_id, kind, local_day)
);
create index campaign_runs_tenant_time on campaign_runs (tenant_id, started_at_ms);
create index campaign_runs_merchant_time on campaign_runs (merchant_id, started_at_ms);

-- One row per campaign message, written in the same transaction as its coupon and its queued
-- message: the key makes "at most once" hold. `occasion` is the birthday's year, the
-- festival's id and year, or the recall's last-return time.
create table campaign_sends (
    merchant_id text not null references merchants (id),
    customer_id text not null references customers (id),
    kind text not null check (kind in ('birthday', 'recall', 'festival')),
    occasion text not null check (length(occasion) between 1 and 100),
    tenant_id text not null references tenants (id),
    run_id text not null references campaign_runs (id),
    serial text not null references coupons (serial),
    message_id text not null references wa_messages (id),
    sent_at_ms integer not null,
    primary key (merchant_id, customer_id, kind, occasion)
);
create index campaign_sends_run on campaign_sends (run_id);
create index campaign_sends_recall on campaign_sends (merchant_id, kind, customer_id, sent_at_ms);
