-- Ads on an agent's site go through the agent's charge path like packages and annual fees: a
-- paid ad's platform cost is an `ad` charge (its `payment_id` is the ad's id), settled from the
-- agent's wallet or waiting for a top-up. A rejected ad's charge is `cancelled`: a waiting one
-- never settles, a settled one's cost went back to the wallet. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt (nothing references it). Same schema as the
-- PostgreSQL file.

create table agent_charges_new (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    kind text not null check (kind in ('annual_fee', 'package', 'ad')),
    payment_id text not null unique,
    price_minor integer not null check (price_minor > 0),
    platform_cost_minor integer not null check (platform_cost_minor >= 0 and platform_cost_minor <= price_minor),
    currency text not null check (length(currency) = 3),
    status text not null check (status in ('pending_top_up', 'settled', 'cancelled')),
    created_at_ms integer not null,
    settled_at_ms integer,
    cancelled_at_ms integer,
    check ((status = 'settled') = (settled_at_ms is not null)),
    check ((status = 'cancelled') = (cancelled_at_ms is not null))
);
insert into agent_charges_new (id, tenant_id, merchant_id, kind, payment_id, price_minor, platform_cost_minor,
                               currency, status, created_at_ms, settled_at_ms)
select id, tenant_id, merchant_id, kind, payment_id, price_minor, platform_cost_minor, currency, status,
       created_at_ms, settled_at_ms
from agent_charges;
drop table agent_charges;
alter table agent_charges_new rename to agent_charges;
create index agent_charges_queue on agent_charges (tenant_id, status, created_at_ms);
