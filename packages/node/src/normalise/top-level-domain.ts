import { getDomain } from "tldts";
import { isIPAddress } from "./url-domain";

/**
 * The registrable domain ("site") of a normalised domain, used to decide whether the API and
 * the website are same-site (cookie SameSite default, docs/protocol/fdi.md §3.3). Uses the public suffix
 * list (tldts) so `a.co.uk` and `b.co.uk` are different sites.
 */
export function topLevelDomainOf(normalisedDomain: string): string {
  const hostname = new URL(normalisedDomain).hostname;
  // Every local address counts as one site, so localhost:3000 and 127.0.0.1:3001 are same-site.
  if (hostname.startsWith("localhost") || isIPAddress(hostname)) return "localhost";
  return getDomain(hostname, { allowPrivateDomains: true }) ?? hostname;
}
