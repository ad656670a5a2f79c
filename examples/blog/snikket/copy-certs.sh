#!/usr/bin/env bash
# Copies the certificates Snikket's certbot obtained to where nginx reads them.
set -eu
DOMAIN="chat.example.com"
SOURCE="/var/lib/containers/storage/volumes/snikket_snikket_data/_data/letsencrypt/live/$DOMAIN"
TARGET="/var/lib/acme/$DOMAIN"

cp -rL "$SOURCE" "$TARGET"
mv "$TARGET/privkey.pem" "$TARGET/key.pem"
chown -R acme:nginx "$TARGET"
chmod g+r "$TARGET/key.pem"
