-- voc serve: API tokens, browser sessions, the coaching queue, the audit trail and live conversations.
-- Everything a `voc serve` process needs between requests lives here, so several processes behind a
-- load balancer can share one PostgreSQL.

-- An API token is `voc_<token_id>_<secret>`; only a SHA-256 of the secret is kept.
CREATE TABLE api_tokens (
  token_id     text PRIMARY KEY,
  secret_hash  bytea NOT NULL,
  role         text NOT NULL CHECK (role IN ('admin', 'lead', 'agent')),
  -- A lead sees these teams; an agent sees the interactions of agent_id.
  teams        text[] NOT NULL DEFAULT '{}',
  agent_id     text,
  label        text,
  -- A one-time sign-in link for the first admin (hash of its code), cleared when used.
  login_hash   bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  CHECK (role <> 'agent' OR agent_id IS NOT NULL),
  CHECK (role <> 'lead' OR cardinality(teams) > 0)
);

-- A browser session: the cookie holds the id, the table its hash, the token it signed in with and
-- the CSRF token its forms must carry.
CREATE TABLE web_sessions (
  session_hash bytea PRIMARY KEY,
  token_id     text NOT NULL REFERENCES api_tokens ON DELETE CASCADE,
  csrf         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);

-- A moment a lead marked "to coach": one customer turn of one interaction, with its status and note.
CREATE TABLE coaching_queue (
  moment_id      bigserial PRIMARY KEY,
  interaction_id text NOT NULL REFERENCES interactions ON DELETE CASCADE,
  turn_index     integer NOT NULL,
  agent_id       text NOT NULL,
  team           text,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'coached', 'acknowledged')),
  note           text NOT NULL DEFAULT '',
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (interaction_id, turn_index)
);
CREATE INDEX coaching_queue_agent_idx ON coaching_queue (agent_id, status);

-- Every change made through the server: who (token id and role), when, what.
CREATE TABLE audit_log (
  audit_id  bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  token_id  text NOT NULL,
  role      text NOT NULL,
  action    text NOT NULL,
  target    text,
  detail    jsonb NOT NULL DEFAULT '{}'
);

-- Live guidance: a conversation still going on, turn by turn.
CREATE TABLE live_conversations (
  conversation_id text PRIMARY KEY,
  token_id        text NOT NULL,
  channel         text NOT NULL DEFAULT 'chat',
  customer_id     text,
  agent_id        text,
  team            text,
  prior_contacts  integer NOT NULL DEFAULT 0,
  last_effort     real,
  started_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE live_turns (
  conversation_id text NOT NULL REFERENCES live_conversations ON DELETE CASCADE,
  turn_index      integer NOT NULL,
  speaker         text NOT NULL CHECK (speaker IN ('agent', 'customer')),
  text            text NOT NULL,
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, turn_index)
);
