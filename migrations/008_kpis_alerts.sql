-- voc schema, version 8: the contact-centre KPIs beyond CSAT (response, resolution and queue times,
-- abandoned and escalated contacts, CES on any scale stored normalised) and the alert firings.

ALTER TABLE interactions
  -- E-mail and chat: seconds until the first agent reply.
  ADD COLUMN first_response_s  real CHECK (first_response_s >= 0),
  -- Seconds from the first contact about the issue until it was resolved.
  ADD COLUMN resolution_time_s real CHECK (resolution_time_s >= 0),
  -- Seconds in the queue before an agent answered (or the customer gave up).
  ADD COLUMN queue_time_s      real CHECK (queue_time_s >= 0),
  -- The contact ended before an agent answered; it may have no text at all.
  ADD COLUMN abandoned         boolean,
  ADD COLUMN escalated         boolean,
  -- The CES answer on 0 (easiest) … 1 (hardest), whatever scale and direction the survey used.
  ADD COLUMN ces_norm          real CHECK (ces_norm BETWEEN 0 AND 1);

-- CES surveys run on 1–5, 1–7 or 1–10; ces keeps the answer as given, ces_norm makes them comparable.
ALTER TABLE interactions DROP CONSTRAINT IF EXISTS interactions_ces_check;
ALTER TABLE interactions ADD CONSTRAINT interactions_ces_check CHECK (ces BETWEEN 1 AND 10);
UPDATE interactions SET ces_norm = (ces - 1) / 6.0 WHERE ces IS NOT NULL;

-- One row per firing of an alert rule: recorded once when the rule starts firing for a scope, and
-- closed (cleared_at) when it stops, so a rule that keeps firing is not announced again.
CREATE TABLE alert_firings (
  id           serial PRIMARY KEY,
  rule_id      text NOT NULL,
  -- The scope the rule fired for, e.g. 'reason=billing' or 'agent=A07' ('' for the whole centre).
  scope_key    text NOT NULL,
  value        double precision,
  threshold    double precision,
  message      text NOT NULL,
  fired_at     timestamptz NOT NULL DEFAULT now(),
  cleared_at   timestamptz,
  -- Webhook delivery: 'none' (no webhook), 'pending', 'sent' or 'failed', with the last error.
  delivery     text NOT NULL DEFAULT 'none',
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text
);
CREATE UNIQUE INDEX alert_firings_open_idx ON alert_firings (rule_id, scope_key) WHERE cleared_at IS NULL;
