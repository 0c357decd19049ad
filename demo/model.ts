/**
 * The demo contact centre: who works there, what customers contact it about, and the KNOWN model by
 * which empathy, wait and the other drivers move the KPIs. The driver analysis is tested against these
 * numbers, so they are the ground truth of the demo, not estimates.
 */
import type { Channel } from '../pipeline/types.ts';

/** How an agent tends to work. */
export type AgentStyle = 'warm-slow' | 'fast-cold' | 'strong' | 'weak';

export interface DemoAgent {
  agent_id: string;
  team: string;
  style: AgentStyle;
  /** Mean of the agent's per-contact empathy level, 0–1 (how often empathy is shown when called for). */
  empathy: number;
  /** Multiplier on the reason's typical handle time (below 1 = quicker). */
  pace: number;
  /** Added to the log-odds of first-contact resolution. */
  skill: number;
}

/** The style parameters each agent starts from (a small per-agent jitter is added on top). */
export const STYLE_PROFILES: Record<AgentStyle, { empathy: number; pace: number; skill: number }> = {
  'warm-slow': { empathy: 0.82, pace: 1.35, skill: 0.2 },
  'fast-cold': { empathy: 0.18, pace: 0.7, skill: 0 },
  strong: { empathy: 0.8, pace: 0.85, skill: 0.6 },
  weak: { empathy: 0.25, pace: 1.25, skill: -0.5 },
};

export const TEAMS = ['billing', 'support', 'retention'] as const;

/** Twelve agents, four per team, one of each style plus a jitter so no two are identical. */
export const AGENTS: readonly DemoAgent[] = TEAMS.flatMap((team, t) =>
  (['warm-slow', 'fast-cold', 'strong', 'weak'] as const).map((style, s) => {
    const p = STYLE_PROFILES[style];
    const jitter = ((t * 4 + s) % 3) - 1; // −1, 0 or 1: a fixed, reproducible spread
    return {
      agent_id: `A${String(t * 4 + s + 1).padStart(2, '0')}`,
      team,
      style,
      empathy: p.empathy + 0.04 * jitter,
      pace: p.pace * (1 + 0.05 * jitter),
      skill: p.skill + 0.1 * jitter,
    };
  }),
);

export const REASONS = ['billing', 'refund', 'delivery', 'account_access', 'technical_problem', 'cancellation'] as const;
export type Reason = (typeof REASONS)[number];

/** Which reasons reach which team, with relative weights. */
export const TEAM_REASONS: Record<(typeof TEAMS)[number], Partial<Record<Reason, number>>> = {
  billing: { billing: 5, refund: 4, delivery: 1 },
  support: { technical_problem: 5, account_access: 4, delivery: 2 },
  retention: { cancellation: 5, refund: 2, billing: 1, delivery: 2 },
};

/** Typical handle time in seconds by reason, before the agent's pace. */
export const REASON_HANDLE_S: Record<Reason, number> = {
  billing: 420,
  refund: 480,
  delivery: 360,
  account_access: 400,
  technical_problem: 600,
  cancellation: 540,
};

/** Channel mix of first contacts (repeat contacts keep or switch channel). */
export const CHANNEL_WEIGHTS: Record<Channel, number> = { call: 40, chat: 25, email: 15, review: 10, survey: 10 };

/**
 * Wait before an agent answers (call, chat) or first response time (email), in seconds: a gamma
 * distribution with this mean and standard deviation per channel. The KPI model uses wait standardized
 * with these same constants, so "one standard deviation of wait" means the same in data and truth.
 */
export const WAIT_S: Record<'call' | 'chat' | 'email', { mean: number; sd: number }> = {
  call: { mean: 150, sd: 110 },
  chat: { mean: 60, sd: 45 },
  email: { mean: 14_400, sd: 10_800 },
};

/** Per-contact empathy level = agent mean + normal noise of this SD, clipped to 0–1. */
export const EMPATHY_NOISE_SD = 0.12;
/** Empathy level is standardized as (level − mean) / sd with these constants (the agent mix's moments). */
export const EMPATHY_LEVEL = { mean: 0.51, sd: 0.32 } as const;

/**
 * The empathy a customer experienced in one conversation, 0–100: 100 × the mean credit of the turns
 * that called for it (answered in the next reply 1, one reply later 0.5, never 0) minus
 * DISMISSAL_POINTS per dismissive line, clamped. It is what the KPIs respond to (a customer reacts to
 * what the agent said, not to the agent's habits), on the scale of voc's empathy score, so the driver
 * analysis can be checked against it. Standardized as (value − mean) / sd with these constants (about
 * the demo's own moments over conversations that called for empathy).
 */
export const EMPATHY_EXPERIENCED = { mean: 52, sd: 44 } as const;
export const DISMISSAL_POINTS = 15;

/** Chance a survey answer is recorded after a conversation. */
export const SURVEY_RESPONSE = { csat: 0.7, nps: 0.5, ces: 0.5 } as const;

/** Chance that an unresolved issue brings the customer back within 7 days. */
export const REPEAT_IF_UNRESOLVED = 0.65;

/**
 * The true effects on each KPI's latent scale. `empathy` and `wait` are per standard deviation (see
 * EMPATHY_EXPERIENCED and WAIT_S), except `fcr.empathy`, per SD of the agent's level (EMPATHY_LEVEL); `resolved` is for a resolved contact; `transfers` per transfer; `hold` per
 * minute on hold; `repeat` per earlier contact about the same issue; `noise` is the SD of the normal
 * noise. Survey answers are the latent value clipped to the scale and rounded stochastically
 * (floor(x + U)), which keeps the expected answer equal to the latent value inside the scale, so a
 * regression on the answers recovers these coefficients up to a little clipping at the ends.
 * `fcr` is on the log-odds scale of resolution.
 */
export const TRUE_EFFECTS = {
  csat: { intercept: 3.5, empathy: 0.45, wait: -0.25, resolved: 0.6, transfers: -0.3, hold: -0.08, repeat: -0.35, noise: 0.35 },
  nps: { intercept: 6.8, empathy: 1.1, wait: -0.6, resolved: 1.4, transfers: -0.6, hold: -0.2, repeat: -0.9, noise: 0.9 },
  /** CES 1–7, higher = harder: the signs are the mirror of CSAT's. */
  ces: { intercept: 3.6, empathy: -0.35, wait: 0.3, resolved: -0.9, transfers: 0.7, hold: 0.1, repeat: 0.6, noise: 0.4 },
  fcr: { intercept: 0.3, empathy: 0.35, wait: 0, transfers: -0.5 },
} as const;

/** Review star rating: latent by whether the review is happy, with this noise. */
export const REVIEW_RATING = { happy: 4.4, unhappy: 1.8, noise: 0.5 } as const;
