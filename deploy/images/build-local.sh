#!/usr/bin/env bash
# Builds the controller images with Jib against a real registry on 127.0.0.1 (no Docker engine,
# no internet) and proves the source-controller image starts:
#   1. starts Debian's docker-registry on 127.0.0.1:$CAPSTAN_REGISTRY_PORT (default 5000),
#   2. pushes a jlinked JRE base image to it (deploy/images/jre-base-image.sh),
#   3. ./mvnw -Pimages package for every controller (source-, kustomize-, helm-, notification-,
#      image-reflector-, image-automation-controller) on that base,
#   4. prints each image's size (sum of its compressed layers) and the build times,
#   5. as root: unpacks the source-controller image into a directory and runs its entrypoint
#      with `chroot --userspec=65532:65532 ... --help` (in a private mount namespace with /proc).
# The registry is stopped and its storage deleted at the end.
# Needs: docker-registry (apt-get install docker-registry), python3, curl, awk, JDK 17 with jlink.
# Usage (from the repository root): deploy/images/build-local.sh [extra Maven args]
# (not -o: Jib refuses to push to a registry in Maven offline mode)
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v docker-registry >/dev/null 2>&1; then
  echo "docker-registry is not installed: apt-get install docker-registry (Debian/Ubuntu)" >&2
  exit 2
fi
port=${CAPSTAN_REGISTRY_PORT:-5000}
registry=127.0.0.1:$port
work=$(mktemp -d)
cat >"$work/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: $registry
YAML
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
cleanup() {
  kill "$registry_pid" 2>/dev/null || true
  wait "$registry_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://$registry/v2/" && break
  sleep 0.2
done
curl -fsS -o /dev/null "http://$registry/v2/" || { cat "$work/registry.log"; exit 1; }
echo "registry: http://$registry (docker-registry $(docker-registry --version 2>/dev/null | awk '{print $3}'))"

seconds() { date +%s.%N; }
t0=$(seconds)
deploy/images/jre-base-image.sh "$registry" capstan/jre 17
t1=$(seconds)
./mvnw -B -q "$@" -Pimages -pl source-controller,kustomize-controller,helm-controller,notification-controller,image-reflector,image-automation -am package -DskipTests \
  -Dcapstan.image.base="$registry/capstan/jre:17" -Dcapstan.image.registry="$registry/capstan" \
  -Dcapstan.image.insecure=true
t2=$(seconds)
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)

manifest() {
  curl -fsS -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' "http://$registry/v2/$1/manifests/$2"
}
printf 'base image: %.1f s; all controller images (Maven reactor incl. compile + jib): %.1f s\n' \
  "$(awk "BEGIN {print $t1 - $t0}")" "$(awk "BEGIN {print $t2 - $t1}")"
for image in capstan/jre:17 "capstan/source-controller:$version" "capstan/kustomize-controller:$version" \
  "capstan/helm-controller:$version" "capstan/notification-controller:$version" \
  "capstan/image-reflector-controller:$version" "capstan/image-automation-controller:$version"; do
  manifest "${image%%:*}" "${image#*:}" | python3 -c '
import json, sys
m = json.load(sys.stdin)
sizes = [l["size"] for l in m["layers"]]
print(f"{sys.argv[1]}: {len(sizes)} layers, {sum(sizes) / 1048576:.1f} MiB compressed; layers (MiB): "
      + ", ".join(f"{s / 1048576:.2f}" for s in sizes))' "$image"
done

if [ "$(id -u)" != 0 ]; then
  echo "not root: skipping the chroot start of the source-controller image"
  exit 0
fi
rootfs=$work/rootfs
mkdir -p "$rootfs"
manifest capstan/source-controller "$version" >"$work/manifest.json"
for digest in $(python3 -c 'import json,sys; print(" ".join(l["digest"] for l in json.load(open(sys.argv[1]))["layers"]))' "$work/manifest.json"); do
  curl -fsS "http://$registry/v2/capstan/source-controller/blobs/$digest" | tar --warning=no-unknown-keyword -xz -C "$rootfs"
done
config_digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["digest"])' "$work/manifest.json")
curl -fsS "http://$registry/v2/capstan/source-controller/blobs/$config_digest" >"$work/config.json"
mapfile -t entrypoint < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Entrypoint"]))' "$work/config.json")
user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["User"])' "$work/config.json")
echo "source-controller image: entrypoint ${entrypoint[*]}, user $user"
chroot=$(command -v chroot)
mkdir -p "$rootfs/proc"
# A private mount namespace gives the chroot its /proc (the JRE finds libjli.so through
# /proc/self/exe, as in a container) and takes the mount away when the process ends.
env -i PATH=/usr/bin:/opt/java/bin JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1" \
  unshare --mount --fork sh -c 'mount -t proc proc "$1/proc" && shift && exec "$@"' sh \
  "$rootfs" "$chroot" --userspec="$user" "$rootfs" "${entrypoint[@]}" --help | head -5
echo "source-controller image started in a chroot as $user"
