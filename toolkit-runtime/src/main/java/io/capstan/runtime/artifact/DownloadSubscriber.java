package io.capstan.runtime.artifact;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Streams an HTTP response body into a file while hashing it, one buffer at a time (the body is
 * never held in memory), and stops the transfer as soon as it exceeds a byte limit.
 */
final class DownloadSubscriber implements BodySubscriber<DownloadSubscriber.Download> {

  /** The outcome of one complete download: its digest and byte count. */
  record Download(ArtifactDigest digest, long bytes) {}

  private final Path file;
  private final String algorithm;
  private final long limit;
  private final CompletableFuture<Download> result = new CompletableFuture<>();
  private MessageDigest md;
  private FileChannel channel;
  private Flow.Subscription subscription;
  private long bytes;

  /**
   * Writes to {@code file} (truncated), hashing with {@code algorithm}; {@code limit} < 0: none.
   */
  DownloadSubscriber(Path file, String algorithm, long limit) {
    this.file = file;
    this.algorithm = algorithm;
    this.limit = limit;
  }

  @Override
  public CompletionStage<Download> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    try {
      md = ArtifactDigest.newMessageDigest(algorithm);
      channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      fail(e);
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    try {
      for (ByteBuffer buffer : buffers) {
        bytes += buffer.remaining();
        if (limit >= 0 && bytes > limit) {
          fail(
              new ArtifactFetchException(
                  "artifact is larger than the limit of " + limit + " bytes; download stopped"));
          return;
        }
        md.update(buffer.duplicate());
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    } catch (IOException e) {
      fail(e);
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable t) {
    fail(t);
  }

  @Override
  public void onComplete() {
    if (result.isDone()) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      fail(e);
      return;
    }
    result.complete(new Download(ArtifactDigest.fromDigest(algorithm, md), bytes));
  }

  private void fail(Throwable t) {
    if (subscription != null) {
      subscription.cancel();
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        t.addSuppressed(suppressed);
      }
    }
    result.completeExceptionally(t);
  }
}
