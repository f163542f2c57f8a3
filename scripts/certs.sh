#!/usr/bin/env bash
# A self-signed CA and a certificate for localhost signed by it, for head office's HTTPS on this machine
# (a real certificate is configured with feedesk-hq serve --cert/--key). Desks trust the CA (--ca).
# Usage: scripts/certs.sh DIR   → DIR/ca.pem, DIR/server.pem, DIR/server.key (made once).
set -euo pipefail
out=${1:?usage: certs.sh DIR}
mkdir -p "$out"
[ -f "$out/server.pem" ] && [ -f "$out/ca.pem" ] && exit 0
cd "$out"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=feedesk head office local CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" -out ca.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out server.key 2>/dev/null
openssl req -new -key server.key -subj "/CN=localhost" -out server.csr
cat > server.ext <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
EXT
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" \
  -days 3650 -sha256 -extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext
chmod 600 ca.key server.key
