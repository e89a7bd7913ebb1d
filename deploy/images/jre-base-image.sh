#!/usr/bin/env bash
# Assembles a distroless-like Java base image without a Docker engine and pushes it to a registry:
#   layer 1 = a jlinked JRE in /opt/java (+ /usr/bin/java) + the glibc/libstdc++/zlib files it
#   links + /etc/passwd with the "nonroot" user 65532 + /tmp;
#   layer 2 = the JRE's default CDS archive of the JDK classes, /opt/java/lib/server/classes.jsa,
#   dumped by that JRE (issue #19; CAPSTAN_JRE_CDS=false leaves it out);
#   pushed with curl through the Registry HTTP API v2 as a Docker schema-2 manifest (linux/amd64).
#
# Usage: deploy/images/jre-base-image.sh REGISTRY [REPOSITORY] [TAG]
#   e.g. deploy/images/jre-base-image.sh 127.0.0.1:5000            -> 127.0.0.1:5000/capstan/jre:17
#   REGISTRY "-" pushes nothing; CAPSTAN_JRE_SAVE=DIR also keeps the layers (*.tar.gz) and a
#   docker-load manifest.json in DIR (used by ImageCdsTest).
# Environment: CAPSTAN_JRE_MODULES (jlink modules), JLINK (default: jlink on PATH),
#   CAPSTAN_REGISTRY_SCHEME (http, the default, or https), CAPSTAN_JRE_CDS (true, the default, or
#   false: no CDS layer).
# Needs: jlink (JDK 17+), ldd, tar, gzip, sha256sum, curl. Run as root to give /home/nonroot its owner.
set -euo pipefail

registry=${1:?usage: $0 REGISTRY [REPOSITORY] [TAG]}
repository=${2:-capstan/jre}
tag=${3:-17}
scheme=${CAPSTAN_REGISTRY_SCHEME:-http}
# What `jdeps --print-module-deps` reports for the controllers' shaded jars, plus jdk.crypto.ec
# (ECDSA/ECDH TLS to the API server), jdk.zipfs and jdk.random (the provider of
# RandomGenerator.getDefault(), which the reconcile jitter uses: jdeps does not see providers;
# without it the controllers fail at their first registration).
modules=${CAPSTAN_JRE_MODULES:-java.base,java.desktop,java.logging,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.random,jdk.unsupported,jdk.zipfs}

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

# Reproducible layers: sorted names, epoch mtimes, numeric owners, no gzip name/time.
layer() { # name rootdir
  tar --sort=name --mtime=@0 --numeric-owner -C "$2" -cf "$work/$1.tar" .
  gzip -n -9 -c "$work/$1.tar" >"$work/$1.tar.gz"
}
layer jre "$root"
layers=(jre)

# The default CDS archive (the JDK classes of the JRE's lib/classlist), dumped by this JRE: the
# JVM refuses an archive of another build. It sits in its own layer so that the JRE layer keeps
# its digest. JDK 17's dump is not deterministic with the JIT on (its symbol order follows
# allocation addresses): -Xint, Serial GC, one malloc arena and, where the kernel allows it, no
# ASLR (setarch -R) give the same bytes in most runs (BENCHMARKS.md, issue #19). Dumped with
# Serial GC: no archived heap objects, which JDK 17 maps only under G1 (the controllers run Serial).
if [ "${CAPSTAN_JRE_CDS:-true}" = true ]; then
  cds=$work/cds
  mkdir -p "$cds/opt/java/lib/server"
  norandom=()
  if setarch "$(uname -m)" -R true 2>/dev/null; then norandom=(setarch "$(uname -m)" -R); fi
  env -i MALLOC_ARENA_MAX=1 "${norandom[@]}" "$root/opt/java/bin/java" -Xshare:dump -Xint \
    -XX:+UseSerialGC -XX:SharedArchiveFile="$cds/opt/java/lib/server/classes.jsa" >"$work/cds.log" 2>&1 ||
    { cat "$work/cds.log" >&2; exit 1; }
  chmod 444 "$cds/opt/java/lib/server/classes.jsa"
  "$root/opt/java/bin/java" -Xshare:on -XX:SharedArchiveFile="$cds/opt/java/lib/server/classes.jsa" -version \
    >/dev/null 2>&1 || { echo "the JRE refuses its own CDS archive" >&2; exit 1; }
  layer cds "$cds"
  layers+=(cds)
fi

diff_ids=() layer_json=() history=()
for l in "${layers[@]}"; do
  diff_ids+=("\"sha256:$(sha256sum "$work/$l.tar" | cut -d' ' -f1)\"")
  layer_json+=("{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":$(stat -c %s "$work/$l.tar.gz"),\"digest\":\"sha256:$(sha256sum "$work/$l.tar.gz" | cut -d' ' -f1)\"}")
done
history+=("{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"deploy/images/jre-base-image.sh: jlink --add-modules $modules\"}")
if [ "${#layers[@]}" -gt 1 ]; then
  history+=("{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"deploy/images/jre-base-image.sh: java -Xshare:dump (default CDS archive)\"}")
fi
join() { local IFS=,; echo "$*"; }

cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/java/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"65532:65532","WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":[$(join "${diff_ids[@]}")]},"history":[$(join "${history[@]}")]}
JSON
config_digest=sha256:$(sha256sum "$work/config.json" | cut -d' ' -f1)
config_size=$(stat -c %s "$work/config.json")

cat >"$work/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":$config_size,"digest":"$config_digest"},"layers":[$(join "${layer_json[@]}")]}
JSON

if [ -n "${CAPSTAN_JRE_SAVE:-}" ]; then
  mkdir -p "$CAPSTAN_JRE_SAVE"
  saved=()
  for l in "${layers[@]}"; do
    name=$(sha256sum "$work/$l.tar.gz" | cut -d' ' -f1).tar.gz
    cp "$work/$l.tar.gz" "$CAPSTAN_JRE_SAVE/$name"
    saved+=("\"$name\"")
  done
  echo "[{\"Config\":\"config.json\",\"Layers\":[$(join "${saved[@]}")]}]" >"$CAPSTAN_JRE_SAVE/manifest.json"
  cp "$work/config.json" "$CAPSTAN_JRE_SAVE/config.json"
fi
if [ "$registry" = - ]; then
  exit 0
fi

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
for l in "${layers[@]}"; do
  push_blob "$work/$l.tar.gz" "sha256:$(sha256sum "$work/$l.tar.gz" | cut -d' ' -f1)"
done
push_blob "$work/config.json" "$config_digest"
curl -fsS -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' \
  --data-binary "@$work/manifest.json" "$base/manifests/$tag" -o /dev/null

for l in "${layers[@]}"; do
  echo "pushed $registry/$repository:$tag layer $l: sha256:$(sha256sum "$work/$l.tar.gz" | cut -d' ' -f1), $(stat -c %s "$work/$l.tar.gz") bytes compressed, $(stat -c %s "$work/$l.tar") bytes uncompressed"
done
