-- The market's languages (en, ms, zh-Hans): each site's default for visitors who chose none,
-- each user's own choice for their pages, and the language each customer claimed in (their
-- WhatsApp messages follow it). Existing rows: English sites and customers, users unset.
alter table tenants add column default_locale text not null default 'en'
    check (default_locale in ('en', 'ms', 'zh-Hans'));
alter table users add column locale text check (locale in ('en', 'ms', 'zh-Hans'));
alter table customers add column locale text not null default 'en'
    check (locale in ('en', 'ms', 'zh-Hans'));
