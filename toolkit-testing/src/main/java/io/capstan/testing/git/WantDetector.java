package io.capstan.testing.git;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Watches the bytes a client sends to upload-pack and reports the first {@code want } pkt-line
 * payload, which every clone and fetch sends and a plain ref listing never does.
 */
final class WantDetector extends FilterInputStream {

  private static final byte[] WANT = "want ".getBytes(StandardCharsets.US_ASCII);

  private final Runnable onWant;
  private int matched;
  private boolean fired;

  WantDetector(InputStream in, Runnable onWant) {
    super(in);
    this.onWant = onWant;
  }

  static boolean contains(byte[] bytes, int offset, int length) {
    int matched = 0;
    for (int i = offset; i < offset + length; i++) {
      matched = step(matched, bytes[i]);
      if (matched == WANT.length) {
        return true;
      }
    }
    return false;
  }

  private static int step(int matched, byte b) {
    if (b == WANT[matched]) {
      return matched + 1;
    }
    return b == WANT[0] ? 1 : 0;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      observe((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = 0; i < n; i++) {
      observe(buffer[offset + i]);
    }
    return n;
  }

  private void observe(byte b) {
    if (fired) {
      return;
    }
    matched = step(matched, b);
    if (matched == WANT.length) {
      fired = true;
      onWant.run();
    }
  }
}
