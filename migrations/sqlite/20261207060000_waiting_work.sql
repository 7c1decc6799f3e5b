-- What is waiting, cheaply: the metrics scrape counts waiting WhatsApp messages and unrendered
-- batch PDFs and reads the oldest of each on every scrape; these partial indexes hold only the
-- waiting rows, so the scrape costs the same with ten million sent messages as with ten.
create index wa_messages_waiting on wa_messages (created_at_ms) where state in ('queued', 'sending');
create index coupon_batches_unrendered on coupon_batches (created_at_ms)
    where pdf_status in ('pending', 'rendering');
