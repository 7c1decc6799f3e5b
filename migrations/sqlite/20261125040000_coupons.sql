-- Coupons: template images (the Super Admin's library and merchants' own), batches, and one row
-- per coupon with its status, the claim fields the claims issue fills, and its WhatsApp status
-- kept beside the status, never instead of it.

create table coupon_templates (
    id text primary key,
    -- The library's templates belong to the main platform; a merchant's own to its tenant.
    tenant_id text not null references tenants (id),
    -- Null for library templates; set for a merchant's own upload, which only it may use.
    merchant_id text references merchants (id),
    name text not null check (length(name) between 1 and 80),
    category text not null check (length(category) between 1 and 40),
    -- Disabled library templates are not offered for new batches; existing batches keep them.
    enabled integer not null check (enabled in (0, 1)),
    file_key text not null,
    mime text not null check (mime in ('image/png', 'image/jpeg')),
    width integer not null check (width > 0),
    height integer not null check (height > 0),
    created_by_user_id text not null,
    created_at_ms integer not null
);
create index coupon_templates_owner on coupon_templates (merchant_id, created_at_ms);

create table coupon_batches (
    id text primary key,
    tenant_id text not null references tenants (id),
    merchant_id text not null references merchants (id),
    -- The caller's idempotency key: the same form submitted twice makes one batch.
    request_key text not null check (length(request_key) between 1 and 100),
    title text not null,
    offer_details text not null,
    terms text not null,
    category text not null,
    country text not null check (length(country) = 2),
    city text not null,
    business_type text not null,
    quantity integer not null check (quantity between 1 and 100000),
    valid_from_ms integer not null,
    -- Exclusive end.
    valid_until_ms integer not null check (valid_until_ms > valid_from_ms),
    template_id text not null references coupon_templates (id),
    send_whatsapp integer not null check (send_whatsapp in (0, 1)),
    show_in_center integer not null check (show_in_center in (0, 1)),
    claim_limit integer not null check (claim_limit between 1 and 100),
    created_by_user_id text not null,
    created_at_ms integer not null,
    pdf_status text not null check (pdf_status in ('pending', 'rendering', 'ready', 'failed')),
    pdf_done integer not null check (pdf_done >= 0),
    pdf_key text,
    -- Set once, by the expiry refund, with the number of never-taken coupons refunded.
    refunded_at_ms integer,
    refunded_count integer check (refunded_count >= 0),
    check ((refunded_at_ms is null) = (refunded_count is null)),
    unique (merchant_id, request_key)
);
create index coupon_batches_merchant on coupon_batches (merchant_id, created_at_ms);
create index coupon_batches_to_refund on coupon_batches (valid_until_ms) where refunded_at_ms is null;

create table coupons (
    serial text primary key,
    batch_id text not null references coupon_batches (id),
    -- Position in the batch (0-based): the PDF's page order.
    seq integer not null check (seq >= 0),
    status text not null check (status in ('available', 'taken', 'redeemed', 'expired')),
    taken_at_ms integer,
    customer_phone text,
    wa_status text check (wa_status in ('queued', 'sent', 'delivered', 'read', 'failed')),
    redeemed_at_ms integer,
    redeemed_by_user_id text,
    check ((status in ('taken', 'redeemed')) = (taken_at_ms is not null)),
    check ((status = 'redeemed') = (redeemed_at_ms is not null)),
    unique (batch_id, seq)
);
create index coupons_batch_status on coupons (batch_id, status);
