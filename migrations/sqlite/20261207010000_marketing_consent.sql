-- Consent to offers by WhatsApp (birthday, come-back and festival campaigns: business-initiated
-- messages) is an explicit choice per merchant and customer, made on the claim form's unticked
-- box, stored with when, how and the words shown. Campaigns message only customers with a
-- standing consent who have not replied STOP (campaign_opt_outs still wins).
--
-- No consent is inferred for customers who claimed before this: the old form only said offers
-- "may" follow, which is no opt-in. They receive their coupons as before, and offers again once
-- they tick the box on a later claim.
create table marketing_consents (
    merchant_id text not null references merchants (id),
    customer_id text not null references customers (id),
    tenant_id text not null references tenants (id),
    granted_at_ms integer not null,
    source text not null check (source in ('claim_form')),
    -- The sentence the customer agreed to, as shown (with the merchant's name).
    text_shown text not null check (length(text_shown) between 1 and 1000),
    -- Set when the customer withdraws it (from their coupon's page); null while it stands.
    withdrawn_at_ms integer,
    primary key (merchant_id, customer_id)
);
create index marketing_consents_customer on marketing_consents (customer_id);

-- Runs count the customers they skipped for want of consent, beside those who said STOP.
alter table campaign_runs add column skipped_no_consent integer not null default 0 check (skipped_no_consent >= 0);
