-- Support inbox: one conversation per requester (an agent, or a merchant) with its support side,
-- in one of exactly three channels decided by the system. No ticket numbers, priorities or
-- statuses: only who wrote what, when, and whether each side has read it.

create table support_conversations (
    id text primary key,
    channel text not null check (channel in ('agent_to_platform', 'merchant_to_platform', 'merchant_to_agent')),
    requester_kind text not null check (requester_kind in ('agent', 'merchant')),
    -- The agent's tenant id, or the merchant's id.
    requester_id text not null,
    -- The tenant the requester belongs to.
    requester_tenant_id text not null references tenants (id),
    -- The tenant whose staff answer: the platform for the first two channels, else the agent.
    support_tenant_id text not null references tenants (id),
    last_message_at_ms integer not null,
    last_preview text not null,
    support_unread integer not null default 0 check (support_unread in (0, 1)),
    requester_unread integer not null default 0 check (requester_unread in (0, 1)),
    created_at_ms integer not null,
    unique (requester_kind, requester_id),
    check ((channel = 'agent_to_platform') = (requester_kind = 'agent')),
    check (channel <> 'merchant_to_agent' or requester_tenant_id = support_tenant_id)
);
create index support_conversations_inbox on support_conversations (support_tenant_id, last_message_at_ms, id);
create index support_conversations_unread on support_conversations (support_tenant_id, support_unread);

create table support_messages (
    id text primary key,
    conversation_id text not null references support_conversations (id),
    side text not null check (side in ('requester', 'support')),
    author_user_id text not null references users (id),
    body text not null check (length(body) <= 20000),
    attachment_key text,
    attachment_mime text check (attachment_mime in ('image/png', 'image/jpeg')),
    created_at_ms integer not null,
    read_at_ms integer,
    check ((attachment_key is null) = (attachment_mime is null))
);
create index support_messages_thread on support_messages (conversation_id, created_at_ms);
