-- Monthly statements: one row per owner and month, claimed by the worker that generates it
-- (status 'generating' with a lease), then 'ready' with its figures (JSON) and PDF file key.
-- Same schema as the other dialect's file.

create table statements (
    id text primary key,
    -- The tenant whose dashboard lists it: the platform (master and its merchants) or an agent.
    tenant_id text not null references tenants (id),
    owner_type text not null check (owner_type in ('merchant', 'agent', 'master')),
    owner_id text not null,
    -- YYYY-MM, in the tenant's time zone.
    month text not null check (length(month) = 7),
    company_name text not null,
    status text not null check (status in ('generating', 'ready')),
    lease_until_ms integer not null,
    figures text,
    file_key text,
    generated_at_ms integer,
    created_at_ms integer not null,
    check ((status = 'ready') = (figures is not null and file_key is not null and generated_at_ms is not null)),
    unique (owner_type, owner_id, month)
);
create index statements_tenant on statements (tenant_id, month);

-- A tenant's month whose statements have all been generated: the schedule's cheap check.
create table statement_runs (
    tenant_id text not null references tenants (id),
    month text not null check (length(month) = 7),
    completed_at_ms integer not null,
    primary key (tenant_id, month)
);
