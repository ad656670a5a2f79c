#!/usr/bin/env bash
# Copies the certificate Snikket's certbot obtained (one for the domain, groups. and share.)
# to a folder on the host. nginx does not read it: it serves the certificates NixOS's own ACME
# client obtains (enableACME). The copy keeps Snikket's certificate at hand on the host, e.g. for
# other services, or for pointing nginx at it with sslCertificate later.
# Run by copy-certs-job.nix.
#
# TARGET is deliberately not /var/lib/acme/<domain>: NixOS's ACME client manages that
# directory whenever a virtual host has enableACME, and would overwrite the copy.
set -euo pipefail

DOMAIN="chat.hedgehog.test"
# Snikket's data volume as the podman backend stores it: /var/lib/containers/storage/volumes/<name>/_data.
SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"
TARGET="/var/lib/snikket-certs/$DOMAIN"
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
