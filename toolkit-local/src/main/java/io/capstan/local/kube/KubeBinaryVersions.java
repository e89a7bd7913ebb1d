package io.capstan.local.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes, etcd and kwok versions pinned by our Go module's {@code go.mod}, the single place
 * where they are chosen.
 *
 * @param kubernetes the {@code k8s.io/kubernetes} version without the leading {@code v}, e.g.
 *     {@code 1.36.3}
 * @param etcd the {@code go.etcd.io/etcd/server/v3} version without the leading {@code v}
 * @param kwok the {@code sigs.k8s.io/kwok} version without the leading {@code v}
 * @param moduleDigest the first 12 hex digits of SHA-256 over {@code go.mod} and {@code go.sum}, so
 *     any change of pins names a new cache directory
 */
public record KubeBinaryVersions(String kubernetes, String etcd, String kwok, String moduleDigest) {

  /** Classpath folder holding our Go module ({@code go.mod}, {@code go.sum}, {@code cmd/}). */
  static final String GO_MODULE_RESOURCE = "io/capstan/local/kube/go";

  /** The versions pinned by the Go module shipped in this jar. */
  public static KubeBinaryVersions pinned() {
    String goMod = readResource(GO_MODULE_RESOURCE + "/go.mod");
    String goSum = readResource(GO_MODULE_RESOURCE + "/go.sum");
    return parse(goMod, goSum);
  }

  /** Reads the pinned versions from the text of a {@code go.mod} and its {@code go.sum}. */
  static KubeBinaryVersions parse(String goMod, String goSum) {
    return new KubeBinaryVersions(
        requiredVersion(goMod, "k8s.io/kubernetes"),
        requiredVersion(goMod, "go.etcd.io/etcd/server/v3"),
        requiredVersion(goMod, "sigs.k8s.io/kwok"),
        digest(goMod + "\n" + goSum));
  }

  /** Directory name of these binaries in the per-user cache, e.g. {@code 1.36.3-3f2a...}. */
  public String cacheKey() {
    return kubernetes + "-" + moduleDigest;
  }

  private static String requiredVersion(String goMod, String module) {
    Matcher m =
        Pattern.compile("(?m)^\\s*(?:require\\s+)?" + Pattern.quote(module) + "\\s+v(\\S+)")
            .matcher(goMod);
    if (!m.find()) {
      throw new IllegalStateException("go.mod does not require " + module);
    }
    return m.group(1);
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readResource(String name) {
    try (InputStream in = KubeBinaryVersions.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing classpath resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
