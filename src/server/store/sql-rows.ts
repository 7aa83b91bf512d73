/**
 * Values of the rows both SQL stores (SQLite, PostgreSQL) insert, in the order of their columns, so
 * the two cannot drift apart.
 */
import type { NewChallenge } from './types.js';

/** A new challenge's values in the order of the challenges INSERT (and of pwl_begin_start's challenge arguments). */
export const challengeValues = (c: NewChallenge): unknown[] => [
  c.id,
  c.client_id,
  c.connection,
  c.identifier,
  c.code_hash,
  c.link_hash,
  c.send,
  c.auth_params === null || c.auth_params === undefined ? null : JSON.stringify(c.auth_params),
  c.created_at,
  c.code_expires_at,
  c.link_expires_at,
  c.max_attempts,
];
