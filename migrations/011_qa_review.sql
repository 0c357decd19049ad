-- QA review in `voc serve`: a reviewer role, the review queue a lead samples into, who made each human
-- answer, and disputes of an evaluation by the agent it belongs to.

-- A reviewer scores sampled interactions of their teams (like a lead's scope) but does not coach.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('admin', 'lead', 'reviewer', 'agent'));
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_reviewer_teams CHECK (role <> 'reviewer' OR cardinality(teams) > 0);

-- The token a review answer was made with in the workspace (null for imported reviews).
ALTER TABLE scorecard_reviews ADD COLUMN token_id text;

-- Interactions a lead picked for human review, and how they were picked.
CREATE TABLE review_queue (
  interaction_id text PRIMARY KEY REFERENCES interactions ON DELETE CASCADE,
  method         text NOT NULL CHECK (method IN ('random', 'per_agent', 'lowest_score')),
  auto_score     real,
  added_by       text NOT NULL,
  added_at       timestamptz NOT NULL DEFAULT now()
);

-- An agent disputes one item of their own evaluation; a lead accepts it (the lead's answer is stored
-- as a human review and stands) or rejects it (the answer stays).
CREATE TABLE scorecard_disputes (
  dispute_id      bigserial PRIMARY KEY,
  interaction_id  text NOT NULL REFERENCES interactions ON DELETE CASCADE,
  item            text NOT NULL,
  disputed_answer text NOT NULL CHECK (disputed_answer IN ('yes', 'no', 'na')),
  reason          text NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
  raised_by       text NOT NULL,
  raised_at       timestamptz NOT NULL DEFAULT now(),
  final_answer    text CHECK (final_answer IN ('yes', 'no', 'na')),
  resolved_by     text,
  resolved_at     timestamptz,
  resolution_note text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX scorecard_disputes_open_idx ON scorecard_disputes (interaction_id, item) WHERE status = 'open';
CREATE INDEX scorecard_disputes_status_idx ON scorecard_disputes (status);
