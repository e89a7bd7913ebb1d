#!/usr/bin/env bash
# AppCDS archive for a controller image (issue #19), run by the -Pimages build between Jib's
# image tar and the pushed image:
#   1. unpacks the image tar Jib wrote (base JRE + /app/libs, /app/classpath, jib-classpath-file),
#   2. in a chroot of that file system (so the class path is the image's, /app/...) runs the
#      image's own java: -Xshare:dump of the controller's class list (from the build's training
#      run; without one, the JRE's default list of JDK classes) with -cp @/app/jib-classpath-file,
#   3. checks that the same JVM maps it (-Xshare:on -version with the image's class path),
#   4. writes it to OUT_DIR/app/capstan.jsa, which Jib adds as its own layer (extraDirectories).
# With SHADED_JAR (the module's shaded jar), before step 2 it makes the image register with
# fabric8 the same Kubernetes kinds as that jar: each /app/libs jar whose fabric8 registry
# (META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource) names none of the kinds
# the shaded jar keeps (its pom's shade filters drop them to save memory) loses that file (zip -d,
# mtime Jib's epoch + 1 s) and is written to OUT_DIR/app/libs/ too: the same layer then replaces
# the full jar in the image, and the archive is dumped against the replaced jars. Without zip and
# unzip it says so and the image keeps every registration.
# JDK 17 accepts an app archive only under the JRE that dumped it and with the same class path
# (paths, sizes, mtimes): hence the image's JRE and the chroot. The chroot needs root, or an
# unprivileged user namespace (unshare -r); without either, or when CAPSTAN_IMAGE_CDS=false,
# the script says so, leaves OUT_DIR empty and the image is built without an archive (the JVM's
# -Xshare:auto then runs without CDS).
#
# Usage: deploy/images/image-cds.sh IMAGE_TAR CLASSLIST|- OUT_DIR [LOG [SHADED_JAR]]
# Needs: tar, gzip, unshare and chroot (util-linux, coreutils); zip and unzip for SHADED_JAR.
set -euo pipefail

tarball=${1:?usage: $0 IMAGE_TAR CLASSLIST|- OUT_DIR [LOG]}
classlist=${2:?usage: $0 IMAGE_TAR CLASSLIST|- OUT_DIR [LOG]}
out=${3:?usage: $0 IMAGE_TAR CLASSLIST|- OUT_DIR [LOG]}
log=${4:-/dev/stderr}
shaded=${5:-}
archive=/app/capstan.jsa

rm -rf "$out"
mkdir -p "$out"
skip() {
  echo "image-cds: SKIPPED, the image gets no AppCDS archive: $*${filtered:-}"
  exit 0
}
[ "${CAPSTAN_IMAGE_CDS:-true}" = true ] || skip "CAPSTAN_IMAGE_CDS=${CAPSTAN_IMAGE_CDS}"
[ -f "$tarball" ] || skip "no image tar $tarball"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs"
# Jib's tar: manifest.json lists the layers (gzipped tars) base first.
tar -xf "$tarball" -C "$work" manifest.json
mapfile -t layers < <(grep -o '"[^"]*\.tar\.gz"' "$work/manifest.json" | tr -d '"')
[ "${#layers[@]}" -gt 0 ] || skip "no layers in $tarball"
for layer in "${layers[@]}"; do
  tar -xOf "$tarball" "$layer" | tar --warning=no-unknown-keyword --no-same-owner -xz -C "$rootfs"
done
[ -f "$rootfs/app/jib-classpath-file" ] || skip "no /app/jib-classpath-file in the image"
grep -q "/app/classes\|/app/resources" "$rootfs/app/jib-classpath-file" &&
  skip "the class path has directories (Jib's exploded mode); CDS archives only jars: use <containerizingMode>packaged"
# The image's fabric8 registry as the shaded jar's (see the header).
registry=META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource
filtered=""
if [ -n "$shaded" ]; then
  if [ ! -f "$shaded" ]; then
    filtered=", every fabric8 registration kept (no shaded jar $shaded)"
  elif ! command -v zip >/dev/null || ! command -v unzip >/dev/null; then
    filtered=", every fabric8 registration kept (needs zip and unzip)"
  else
    { unzip -p "$shaded" "$registry" | grep -v '^[[:space:]]*#' | grep . | sort -u >"$work/kept"; } || true
    [ -s "$work/kept" ] || { echo "image-cds: no fabric8 registry in $shaded" >&2; exit 1; }
    stripped=0
    for jar in "$rootfs"/app/libs/*.jar; do
      { unzip -p "$jar" "$registry" 2>/dev/null | grep -v '^[[:space:]]*#' | grep . | sort -u >"$work/kinds"; } || true
      [ -s "$work/kinds" ] || continue
      [ -z "$(comm -12 "$work/kept" "$work/kinds")" ] || continue
      zip -q -d "$jar" "$registry"
      touch -d @1 "$jar"
      mkdir -p "$out/app/libs"
      cp -p "$jar" "$out/app/libs/"
      stripped=$((stripped + 1))
    done
    filtered=", fabric8 registry of $stripped /app/libs jars dropped as in $(basename "$shaded")"
  fi
fi
# How to enter a chroot with its own /proc (the JRE finds itself through /proc/self/exe):
# as root directly, otherwise in a user namespace where this user is root.
mkdir -p "$work/probe"
if [ "$(id -u)" = 0 ] && unshare --mount --pid --fork --mount-proc="$work/probe" true 2>/dev/null; then
  enter=(unshare --mount --pid --fork)
elif unshare --user --map-root-user --mount --pid --fork --mount-proc="$work/probe" true 2>/dev/null; then
  enter=(unshare --user --map-root-user --mount --pid --fork)
else
  skip "needs root or unprivileged user namespaces (unshare --user --map-root-user) for the chroot"
fi
mkdir -p "$rootfs/proc" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
# -Xint, Serial GC, one malloc arena and no ASLR (setarch -R, where allowed): JDK 17's dump
# orders symbols by address, and the JIT's threads make that differ between runs
# (jre-base-image.sh); the controllers run Serial GC too.
dump=(-Xshare:dump -Xint -XX:+UseSerialGC -XX:SharedArchiveFile=/tmp/capstan.jsa)
norandom=()
if setarch "$(uname -m)" -R true 2>/dev/null; then norandom=(setarch "$(uname -m)" -R); fi
if [ "$classlist" != - ]; then
  [ -f "$classlist" ] || skip "no class list $classlist (built with -Dcapstan.cds.skip=true?)"
  cp "$classlist" "$rootfs/tmp/capstan.classlist"
  dump+=(-XX:SharedClassListFile=/tmp/capstan.classlist)
fi

in_image() { # java args..., in the chroot, with only the image's PATH
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/java/bin MALLOC_ARENA_MAX=1 \
    "${norandom[@]}" "${enter[@]}" --mount-proc="$rootfs/proc" chroot "$rootfs" java "$@"
}
start=$(date +%s.%N)
in_image "${dump[@]}" -cp @/app/jib-classpath-file >"$log" 2>&1 ||
  { tail -20 "$log" >&2; echo "image-cds: -Xshare:dump failed (log: $log)" >&2; exit 1; }
# The archive must map under the runtime's GC and class path, or it is worthless.
in_image -Xshare:on -XX:+UseSerialGC -XX:SharedArchiveFile=/tmp/capstan.jsa \
  -cp @/app/jib-classpath-file -version >>"$log" 2>&1 ||
  { tail -5 "$log" >&2; echo "image-cds: the image's JVM refuses the archive it dumped (log: $log)" >&2; exit 1; }
mkdir -p "$out/app"
cp "$rootfs/tmp/capstan.jsa" "$out$archive"
chmod 444 "$out$archive"
if [ "$classlist" != - ]; then
  classes="$(grep -c . "$rootfs/tmp/capstan.classlist") class list lines"
else
  classes="the JRE's default class list: JDK classes only"
fi
printf 'image-cds: %s (%s MiB, %s%s) dumped by the image JRE in %.1f s\n' "$archive" \
  "$(($(stat -c %s "$out$archive") / 1048576))" "$classes" "$filtered" "$(awk "BEGIN {print $(date +%s.%N) - $start}")"
