#!/usr/bin/env bash
# Assembles a distroless-like Java base image without a Docker engine and pushes it to a registry:
#   one layer = a jlinked JRE in /opt/java (+ /usr/bin/java) + the glibc/libstdc++/zlib files it
#   links + /etc/passwd with the "nonroot" user 65532 + /tmp; pushed with curl through the
#   Registry HTTP API v2 as a Docker schema-2 manifest (linux/amd64).
#
# Usage: deploy/images/jre-base-image.sh REGISTRY [REPOSITORY] [TAG]
#   e.g. deploy/images/jre-base-image.sh 127.0.0.1:5000            -> 127.0.0.1:5000/capstan/jre:17
# Environment: CAPSTAN_JRE_MODULES (jlink modules), JLINK (default: jlink on PATH),
#   CAPSTAN_REGISTRY_SCHEME (http, the default, or https).
# Needs: jlink (JDK 17+), ldd, tar, gzip, sha256sum, curl. Run as root to give /home/nonroot its owner.
set -euo pipefail

registry=${1:?usage: $0 REGISTRY [REPOSITORY] [TAG]}
repository=${2:-capstan/jre}
tag=${3:-17}
scheme=${CAPSTAN_REGISTRY_SCHEME:-http}
# What `jdeps --print-module-deps` reports for the controllers' shaded jars, plus jdk.crypto.ec
# (ECDSA/ECDH TLS to the API server) and jdk.zipfs.
modules=${CAPSTAN_JRE_MODULES:-java.base,java.desktop,java.logging,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported,jdk.zipfs}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{etc,tmp,usr/bin,home/nonroot,opt}

"${JLINK:-jlink}" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$root/opt/java"
# Desktop natives that would pull in X11, ALSA and fonts; controllers run headless.
rm -f "$root"/opt/java/lib/{libawt_xawt,libjawt,libjsound,libsplashscreen,libfontmanager,liblcms,libjavajpeg}.so
ln -s /opt/java/bin/java "$root/usr/bin/java"

# The shared libraries the JRE links (the ELF interpreter included), copied as regular files.
for f in "$root"/opt/java/bin/* "$root"/opt/java/lib/*.so "$root"/opt/java/lib/server/*.so; do
  ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\t\/[^ ]*ld-linux/ {print $1}'
done | grep -v "^$root" | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
chown 65532:65532 "$root/home/nonroot" 2>/dev/null || true

# Reproducible layer: sorted names, epoch mtimes, numeric owners, no gzip name/time.
tar --sort=name --mtime=@0 --numeric-owner -C "$root" -cf "$work/layer.tar" .
gzip -n -9 -c "$work/layer.tar" >"$work/layer.tar.gz"
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
layer_digest=sha256:$(sha256sum "$work/layer.tar.gz" | cut -d' ' -f1)
layer_size=$(stat -c %s "$work/layer.tar.gz")

cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/java/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"65532:65532","WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/jre-base-image.sh: jlink --add-modules $modules"}]}
JSON
config_digest=sha256:$(sha256sum "$work/config.json" | cut -d' ' -f1)
config_size=$(stat -c %s "$work/config.json")

cat >"$work/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":$config_size,"digest":"$config_digest"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":$layer_size,"digest":"$layer_digest"}]}
JSON

base="$scheme://$registry/v2/$repository"
push_blob() { # file digest
  if curl -fs -o /dev/null -I "$base/blobs/$2"; then return; fi
  local location
  location=$(curl -fsS -X POST -D - -o /dev/null "$base/blobs/uploads/" |
    awk 'tolower($1) == "location:" {print $2}' | tr -d '\r')
  case $location in /*) location="$scheme://$registry$location" ;; esac
  case $location in *\?*) location="$location&digest=$2" ;; *) location="$location?digest=$2" ;; esac
  curl -fsS -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$1" "$location" -o /dev/null
}
push_blob "$work/layer.tar.gz" "$layer_digest"
push_blob "$work/config.json" "$config_digest"
curl -fsS -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' \
  --data-binary "@$work/manifest.json" "$base/manifests/$tag" -o /dev/null

echo "pushed $registry/$repository:$tag (layer $layer_digest, $layer_size bytes compressed, $(stat -c %s "$work/layer.tar") bytes uncompressed)"
