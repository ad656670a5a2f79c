#!/usr/bin/env bash
# Copies the certificate Snikket's certbot obtained (one for the domain, groups. and share.)
# to where nginx reads it (sslCertificate/sslCertificateKey of the virtual hosts), and makes
# nginx load it. Run by copy-certs-job.nix before nginx starts and then every hour.
#
# TARGET is deliberately not /var/lib/acme/<domain>: NixOS's ACME client manages that
# directory whenever a virtual host has enableACME, and would overwrite the copy.
set -euo pipefail

DOMAIN="chat.hedgehog.test"
# Snikket's data volume as the podman backend stores it: /var/lib/containers/storage/volumes/<name>/_data.
SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"
TARGET="/var/lib/snikket-certs/$DOMAIN"
STAGE="$TARGET.new"

install -d -m 750 -o root -g nginx "$TARGET"

if [ ! -e "$SOURCE/fullchain.pem" ]; then
  # Snikket has no certificate yet (first start). nginx refuses to start without one, and
  # Let's Encrypt must reach Snikket through nginx: stand in with a self-signed certificate.
  if [ ! -e "$TARGET/fullchain.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$DOMAIN" -keyout "$TARGET/key.pem" -out "$TARGET/fullchain.pem"
    chown root:nginx "$TARGET/key.pem" "$TARGET/fullchain.pem"
    chmod 640 "$TARGET/key.pem"
  fi
  exit 0
fi

# Unchanged since the last copy: leave nginx alone.
if cmp -s "$SOURCE/fullchain.pem" "$TARGET/fullchain.pem"; then
  exit 0
fi

# certbot's live/ files are symlinks into archive/: -L copies the certificates themselves.
rm -rf "$STAGE"
cp -rL "$SOURCE" "$STAGE"
# certbot names the key privkey.pem; the NixOS convention nginx is configured with is key.pem.
mv "$STAGE/privkey.pem" "$STAGE/key.pem"
# nginx runs as user nginx: the key must be readable by its group, and by nobody else.
chown -R root:nginx "$STAGE"
chmod 750 "$STAGE"
chmod 640 "$STAGE/key.pem"
rm -rf "$TARGET"
mv "$STAGE" "$TARGET"

# --no-block: at boot this runs before nginx, whose start job is still queued.
systemctl --no-block try-reload-or-restart nginx.service
