package io.capstan.source.helmchart;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Joins user-given relative paths to a root without ever leaving it, like Flux's {@code
 * securejoin.SecureJoin}: {@code ..} segments are clamped at the root instead of escaping it.
 */
final class SecurePaths {

  private SecurePaths() {}

  /** {@code root} joined with {@code unsafe}, lexically clamped inside {@code root}. */
  static Path join(Path root, String unsafe) {
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : unsafe.replace('\\', '/').split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        parts.pollLast();
        continue;
      }
      parts.addLast(seg);
    }
    Path out = root;
    for (String p : parts) {
      out = out.resolve(p);
    }
    return out;
  }
}
