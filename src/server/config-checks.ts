/**
 * The string checks of the config schema (`check` keyword): URLs, origins, colours and proxy
 * addresses, each returning the problem in words (JSON Schema cannot word them well), or undefined.
 * The branding routes use some of them too.
 */
import colorString from 'color-string';
import { isIP } from 'node:net';

function urlProblem(s: string, schemes: string[]): string | undefined {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'must be an absolute URL';
  }
  return schemes.includes(u.protocol) ? undefined : `must use ${schemes.join(' or ')}`;
}

const ORIGIN_HINT = 'must be an origin like https://app.example.com';

/** Why `s` is not a web origin (`https://host[:port]`, no path, no slash), or undefined. */
export function originProblem(s: string): string | undefined {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return ORIGIN_HINT;
  }
  return (u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== s
    ? `${ORIGIN_HINT} (no path, no slash)`
    : undefined;
}

/** A loopback host (`localhost`, 127.0.0.0/8, `[::1]`): http is fine there, nobody else can reach it. */
const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/** Why `s` is not a branding URL (an image, a font, a link the page shows): https, or http on loopback. */
export function brandUrlProblem(s: string): string | undefined {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'must be an absolute https URL';
  }
  if (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopback(u.hostname))) return undefined;
  return 'must be an https URL (http only on loopback)';
}

/** Why `s` is not a CSS colour of the forms `color-string` parses (hex, rgb, hsl, hwb, a name), or undefined. */
export function colorProblem(s: string): string | undefined {
  // The value is written into a stylesheet: nothing beyond what a colour needs, whatever the parser allows.
  return /^[\w#(),.%/ +-]{1,64}$/.test(s) && colorString.get(s)
    ? undefined
    : 'must be a CSS colour (#rgb, #rrggbb, rgb(…), hsl(…) or a colour name)';
}

/** String checks JSON Schema cannot word well; each returns the problem, or undefined. */
export const CHECKS = {
  brandUrl: brandUrlProblem,
  color: colorProblem,
  httpUrl: (s: string) => urlProblem(s, ['http:', 'https:']),
  smtpUrl: (s: string) => urlProblem(s, ['smtp:', 'smtps:']),
  redisUrl: (s: string) => urlProblem(s, ['redis:', 'rediss:']),
  postgresUrl: (s: string) => urlProblem(s, ['postgres:', 'postgresql:']),
  issuer: (s: string) => {
    const problem = urlProblem(s, ['http:', 'https:']);
    if (problem) return problem;
    const u = new URL(s);
    // Auth0's form ends in one slash (`https://tenant.example.com/`); both forms are kept exactly.
    return u.search || u.hash || s.endsWith('//') || s.includes('#') || s.includes('?')
      ? 'must be an origin or path (one trailing slash at most), without query or fragment'
      : undefined;
  },
  origin: originProblem,
  redirectUri: (s: string) => {
    if (urlProblem(s, ['http:', 'https:'])) return 'must be an absolute http(s) URL';
    return new URL(s).hash ? 'must not have a fragment' : undefined;
  },
  /** An IP address or CIDR range (`10.0.0.0/8`, `::1`) of a trusted proxy. */
  proxyAddress: (s: string) => {
    const [address = '', bits, ...rest] = s.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    const ok =
      family !== 0 && rest.length === 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max));
    return ok ? undefined : 'must be an IP address or a CIDR range like 10.0.0.0/8';
  },
} satisfies Record<string, (s: string) => string | undefined>;
