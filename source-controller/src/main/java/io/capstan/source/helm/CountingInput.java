package io.capstan.source.helm;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails once more than {@code limit} have been read, so a body
 * is never buffered past a size limit. {@link #exceeded()} stays true afterwards even if a parser
 * wraps the exception.
 */
final class CountingInput extends FilterInputStream {

  /** Thrown on the read that passes the limit. */
  static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceeded() {
      super("size limit exceeded");
    }
  }

  private final long limit;
  private long count;
  private boolean exceeded;

  CountingInput(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  long count() {
    return count;
  }

  boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[8192];
    long total = 0;
    while (total < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - total));
      if (r < 0) {
        break;
      }
      total += r;
    }
    return total;
  }

  private void add(int n) throws LimitExceeded {
    count += n;
    if (count > limit) {
      exceeded = true;
      throw new LimitExceeded();
    }
  }
}
