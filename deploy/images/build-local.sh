#!/usr/bin/env bash
# Builds the controller images with Jib against a real registry on 127.0.0.1 (no Docker engine,
# no internet) and proves the source-controller image starts:
#   1. starts Debian's docker-registry on 127.0.0.1:$CAPSTAN_REGISTRY_PORT (default 5000),
#   2. pushes a jlinked JRE base image to it (deploy/images/jre-base-image.sh),
#   3. ./mvnw -Pimages package for every controller (source-, kustomize-, helm-, notification-,
#      image-reflector-, image-automation-controller) on that base,
#   4. prints each image's size (sum of its compressed layers) and the build times,
#   5. as root: unpacks the source- and kustomize-controller images into directories and runs their
#      entrypoints with `chroot --userspec=65532:65532 ... --help` (in a private mount and PID
#      namespace with /proc), with the image's own environment: start -> --help exit with the
#      image's AppCDS archive, with only the base's default CDS archive, and without CDS.
#   Each controller image carries /app/capstan.jsa, dumped by the image's own JRE during the
#   -Pimages build (deploy/images/image-cds.sh; as root or with unprivileged user namespaces).
# The registry is stopped and its storage deleted at the end.
# Needs: docker-registry (apt-get install docker-registry), python3, curl, awk, JDK 17 with jlink;
# zip and unzip for image-cds.sh to cut the images' fabric8 registries down to the shaded jars'.
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
  echo "not root: skipping the chroot start of the source- and kustomize-controller images"
  exit 0
fi
# unpack IMAGE DIR: the image's layers into DIR, its config into DIR.config.json
unpack() {
  local repo=${1%%:*} tag=${1#*:} dir=$2
  mkdir -p "$dir"
  manifest "$repo" "$tag" >"$dir.manifest.json"
  for digest in $(python3 -c 'import json,sys; print(" ".join(l["digest"] for l in json.load(open(sys.argv[1]))["layers"]))' "$dir.manifest.json"); do
    curl -fsS "http://$registry/v2/$repo/blobs/$digest" | tar --warning=no-unknown-keyword -xz -C "$dir"
  done
  local config_digest
  config_digest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["digest"])' "$dir.manifest.json")
  curl -fsS "http://$registry/v2/$repo/blobs/$config_digest" >"$dir.config.json"
  mkdir -p "$dir/proc" "$dir/dev"
  # the device nodes a container runtime provides (without /dev/urandom the JDK's SecureRandom
  # falls back to a slow seed generator)
  mknod -m 666 "$dir/dev/null" c 1 3
  mknod -m 666 "$dir/dev/zero" c 1 5
  mknod -m 666 "$dir/dev/random" c 1 8
  mknod -m 666 "$dir/dev/urandom" c 1 9
}
chroot=$(command -v chroot)
# CAPSTAN_IMAGE_ROOTFS=DIR keeps the unpacked images (DIR/source-controller, DIR/kustomize-controller)
# for io.capstan.e2e.bench.ImageStartBench (deploy/README.md, "AppCDS in the images").
rootfs_base=${CAPSTAN_IMAGE_ROOTFS:-$work/rootfs}
for controller in source-controller kustomize-controller; do
  rootfs=$rootfs_base/$controller
  rm -rf "$rootfs"
  unpack "capstan/$controller:$version" "$rootfs"
  mapfile -t entrypoint < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Entrypoint"]))' "$rootfs.config.json")
  mapfile -t image_env < <(python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["config"]["Env"]))' "$rootfs.config.json")
  user=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["config"]["User"])' "$rootfs.config.json")
  echo "$controller image: entrypoint ${entrypoint[*]}, user $user, archive: $(ls -l "$rootfs/app/capstan.jsa" 2>/dev/null | awk '{print $5 " bytes"}' || echo none)"
  # A private mount and PID namespace gives the chroot its /proc (the JRE finds libjli.so through
  # /proc/self/exe, as in a container) and takes the mount away when the process ends.
  run_image() { # extra JAVA_TOOL_OPTIONS..., then the entrypoint with --help
    local opts
    opts=$(printf '%s\n' "${image_env[@]}" | sed -n 's/^JAVA_TOOL_OPTIONS=//p')
    env -i "${image_env[@]}" JAVA_TOOL_OPTIONS="$opts $*" \
      unshare --mount --pid --fork --kill-child --mount-proc="$rootfs/proc" \
      "$chroot" --userspec="$user" "$rootfs" "${entrypoint[@]}" --help
  }
  run_image | head -3
  # process start -> --help printed and exited, the image's flags (AppCDS), then without the
  # archive (the base's default CDS archive) and without CDS; medians of 5
  for variant in "" "-XX:SharedArchiveFile=/opt/java/lib/server/classes.jsa" "-Xshare:off"; do
    times=()
    for _ in 1 2 3 4 5; do
      t=$(seconds)
      run_image "$variant" >/dev/null 2>&1
      times+=("$(awk "BEGIN {print $(seconds) - $t}")")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
    printf '%s image: start -> --help exit, %s: median %.2f s (load %s)\n' "$controller" \
      "${variant:-shipped flags, /app/capstan.jsa}" "$median" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
echo "source- and kustomize-controller images started in a chroot as $user"
