-- Customers prove their phone before a device learns or changes what is stored about them.

-- What the customer typed with each claim. A device that has not proven the phone never
-- changes the stored customer, so the name and birthday typed with such a claim are kept here
-- (null for claims made before this column, and for prizes and campaign coupons).
alter table claims add column typed_name text;
alter table claims add column typed_birthday text;

-- One-time phone proofs: a link in the WhatsApp message that goes to the phone itself. Opened
-- and confirmed on a device, it binds that device to the customer, once. Only the SHA-256 of
-- the link's secret is stored.
create table phone_proofs (
    id text primary key,
    tenant_id text not null references tenants (id),
    customer_id text not null references customers (id),
    -- The claim whose message carried the link; the link shows that coupon.
    claim_id text not null references claims (id),
    secret_hash text not null check (length(secret_hash) = 64),
    created_at_ms integer not null,
    expires_at_ms integer not null,
    used_at_ms integer,
    check (expires_at_ms > created_at_ms)
);
create index phone_proofs_customer on phone_proofs (customer_id, created_at_ms);
