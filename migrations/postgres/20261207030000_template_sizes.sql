-- Each merchant's own templates are capped in number and bytes (TEMPLATES_MAX_PER_MERCHANT,
-- TEMPLATE_BYTES_MAX_PER_MERCHANT); the stored file's size is kept with its row to count them.
-- Templates stored before this count as 0 bytes.
alter table coupon_templates add column byte_size bigint not null default 0 check (byte_size >= 0);
