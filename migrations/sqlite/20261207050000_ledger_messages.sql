-- Ledger lines in the reader's language: each line keeps the English words it was posted with
-- (the bank record, unchanged) and, from now on, the same words as a message key and values
-- (JSON: {"key": "ledger-…", "args": [["name", value], …]}) that pages and statements render
-- in the reader's language. Lines posted before this have none and read as they were written.
alter table ledger_entries add column message text;
