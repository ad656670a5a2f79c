/**
 * copy-certs.sh: copies the certificate Snikket's certbot obtained out of its data volume to a
 * folder on the host, renaming the key the way NixOS's nginx options name it.
 */
import { volumeRoot } from '../../model/facts/containers';
import { certDir, shStr } from './values';

export interface CopyScriptValues {
  domain: string;
  backend: 'podman' | 'docker';
  /** The named volume mounted at /snikket (`<project>_snikket_data` from compose2nix). */
  volume: string;
  /**
   * Where the copy goes; defaults to certDir(domain). Given when the deployment's vhosts already
   * read Snikket's certificate from a folder (`sslCertificate`): then nginx is reloaded after a copy.
   */
  target?: string;
}

export function copyScript(v: CopyScriptValues): string {
  const target = (v.target ?? certDir(v.domain)).replace(new RegExp(`/${escapeRe(v.domain)}$`), '/$DOMAIN');
  const nginxReads = v.target !== undefined;
  const purpose = nginxReads
    ? `# to the folder nginx reads it from (sslCertificate/sslCertificateKey of the virtual hosts),
# and makes nginx load it.`
    : `# to a folder on the host. nginx does not read it: it serves the certificates NixOS's own ACME
# client obtains (enableACME). The copy keeps Snikket's certificate at hand on the host, e.g. for
# other services, or for pointing nginx at it with sslCertificate later.`;
  const reload = nginxReads
    ? `
# nginx reads the copy: make it load the new certificate.
systemctl --no-block try-reload-or-restart nginx.service
`
    : '';
  return `#!/usr/bin/env bash
# Copies the certificate Snikket's certbot obtained (one for the domain, groups. and share.)
${purpose}
# Run by copy-certs-job.nix.
#
# TARGET is deliberately not /var/lib/acme/<domain>: NixOS's ACME client manages that
# directory whenever a virtual host has enableACME, and would overwrite the copy.
set -euo pipefail

DOMAIN=${shStr(v.domain)}
# Snikket's data volume as the ${v.backend} backend stores it: ${volumeRoot(v.backend)}/<name>/_data.
SOURCE="${volumeRoot(v.backend)}/${v.volume}/_data/letsencrypt/live/$DOMAIN"
TARGET="${target}"
STAGE="$TARGET.new"

# Snikket has no certificate yet (first start): nothing to copy.
if [ ! -e "$SOURCE/fullchain.pem" ]; then
  exit 0
fi

# Unchanged since the last copy: nothing to do.
if cmp -s "$SOURCE/fullchain.pem" "$TARGET/fullchain.pem"; then
  exit 0
fi

install -d -m 755 "$(dirname "$TARGET")"
rm -rf "$STAGE"
# certbot's live/ files are symlinks into archive/: -L copies the certificates themselves.
cp -rL "$SOURCE" "$STAGE"
# certbot names the key privkey.pem; NixOS's nginx options expect key.pem.
mv "$STAGE/privkey.pem" "$STAGE/key.pem"
# nginx runs as user nginx: the key is readable by its group (so nginx can serve it), and by
# nobody else.
chown -R root:nginx "$STAGE"
chmod 750 "$STAGE"
chmod 640 "$STAGE/key.pem"
rm -rf "$TARGET"
mv "$STAGE" "$TARGET"
${reload}`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
