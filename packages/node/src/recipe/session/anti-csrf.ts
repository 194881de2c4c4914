import { timingSafeEqual } from "node:crypto";

/**
 * Anti-CSRF token comparison for VIA_TOKEN (docs/protocol/fdi.md §3.5). The token is a secret the
 * frontend echoes, so it is compared in constant time.
 */
export function sameAntiCsrfToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
