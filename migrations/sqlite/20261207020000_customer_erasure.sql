-- A merchant erases a customer's personal data on request (PDPA; deletion is the common
-- expectation). The claims, coupons and ledger rows stay; the merchant's claims move to a
-- fresh marker customer whose name and phone say "erased", and a customer row left without any
-- claim is itself replaced by markers. `erased_at_ms` marks both kinds of row: campaigns,
-- recognition and device cookies ignore them.
alter table customers add column erased_at_ms integer;

-- Who erased what and when: no personal data, only the marker it left behind.
create table customer_erasures (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    marker_customer_id text not null references customers (id),
    erased_by_user_id text not null,
    claims_moved integer not null check (claims_moved >= 0),
    messages_scrubbed integer not null check (messages_scrubbed >= 0),
    erased_at_ms integer not null
);
create index customer_erasures_merchant on customer_erasures (merchant_id, erased_at_ms);
