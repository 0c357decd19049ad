-- voc schema, version 2: fitted effort -> CES mappings from `voc calibrate effort`. The newest row is
-- the one in use; older rows stay as the history of fits.

CREATE TABLE effort_calibration (
  id             serial PRIMARY KEY,
  -- The scorer version whose effort scores were fitted.
  scorer_version text NOT NULL,
  method         text NOT NULL CHECK (method IN ('isotonic', 'linear')),
  -- [[effort, ces], ...]: effort rising, ces not falling; straight lines between.
  knots          jsonb NOT NULL,
  n              integer NOT NULL CHECK (n > 0),
  -- Pearson, Spearman and MAE before, after and cross-validated.
  metrics        jsonb NOT NULL,
  fitted_at      timestamptz NOT NULL DEFAULT now()
);
