/**
 * The version stamped on every stored score: the scoring code's version and the content hash of the
 * lexicons (`0.3.0+lex.1a2b3c4d`), so an edit of any lexicon changes it without anyone remembering to.
 * Bump the code part with any change to scoring code that can change a score: `voc requeue` then
 * rescores every interaction that lacks the new version.
 */
import { LEXICON_HASH } from './text/languages.ts';

export const CODE_VERSION = '0.3.1';
export const SCORER_VERSION = `${CODE_VERSION}+lex.${LEXICON_HASH}`;
