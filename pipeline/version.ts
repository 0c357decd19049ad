/**
 * The version stamped on every stored score. Bump it with any change to scoring code or lexicons that
 * can change a score: `voc requeue` then rescores every interaction that lacks the new version.
 */
export const SCORER_VERSION = '0.3.0';
