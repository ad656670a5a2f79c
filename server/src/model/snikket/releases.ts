/**
 * Checks on values beyond their type: the instance domain as certbot stores it, and the release an
 * image tag pins (variables added in a release are ignored by older images).
 */
export const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * What the instance's own domain must also be: certbot writes the certificate under the lower-case
 * punycode name while Prosody waits for the name as written, and no certificate names an IP address.
 */
export function snikketDomainProblem(v: string): string | undefined {
  if (ipv4.test(v) || v.includes(':') || /^[\d.]+$/.test(v))
    return `SNIKKET_DOMAIN must be a domain name, got the IP address '${v}': no certificate can be issued for it`;
  const stored = (why: string, ascii: string, how: string) =>
    `SNIKKET_DOMAIN '${v}' ${why}: certbot stores the certificate as '${ascii}' while Prosody waits for the name as written, so the server never starts; write it ${how}`;
  if (/[^\x00-\x7f]/.test(v)) return stored('is not ASCII', punycode(v), 'in punycode');
  if (v !== v.toLowerCase()) return stored('has upper case', v.toLowerCase(), 'in lower case');
  return undefined;
}

/** The ASCII form of an internationalised name, as the WHATWG URL parser computes it. */
function punycode(v: string): string {
  try {
    return new URL(`http://${v}/`).hostname;
  } catch {
    return v.toLowerCase();
  }
}

/** `stable.20250101`, `beta.20250101` and the like: the release date an image tag pins, if it names one. */
export function releaseOfTag(tag: string): string | undefined {
  const m =
    /^(?:stable|beta|release)[.-]?(\d{8})(?:$|[.-])/.exec(tag) ??
    /^v?(\d{4})[.-](\d{2})[.-](\d{2})(?:$|[.-])/.exec(tag);
  if (!m) return undefined;
  return m.length > 2 ? `${m[1]}${m[2]}${m[3]}` : m[1];
}
