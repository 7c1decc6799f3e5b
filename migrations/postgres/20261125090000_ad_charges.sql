-- Ads on an agent's site go through the agent's charge path like packages and annual fees: a
-- paid ad's platform cost is an `ad` charge (its `payment_id` is the ad's id), settled from the
-- agent's wallet or waiting for a top-up. A rejected ad's charge is `cancelled`: a waiting one
-- never settles, a settled one's cost went back to the wallet. Same schema as the SQLite file.

alter table agent_charges drop constraint agent_charges_kind_check;
alter table agent_charges add constraint agent_charges_kind_check
    check (kind in ('annual_fee', 'package', 'ad'));
alter table agent_charges drop constraint agent_charges_status_check;
alter table agent_charges add constraint agent_charges_status_check
    check (status in ('pending_top_up', 'settled', 'cancelled'));
alter table agent_charges add column cancelled_at_ms bigint;
alter table agent_charges add constraint agent_charges_cancelled_check
    check ((status = 'cancelled') = (cancelled_at_ms is not null));
