package io.capstan.source.bucket;

import io.capstan.source.git.SourceIgnore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flux's two bucket fetch phases, with no Kubernetes client: {@link #index()} lists the bucket into
 * an {@link EtagIndex} (after reading {@code .sourceignore} from the bucket root and applying it,
 * then {@code spec.ignore}), and {@link #download(EtagIndex)} fetches the indexed objects into the
 * working directory, {@code parallelism} at a time. A caller whose stored artifact already has the
 * index's revision skips the download, so an unchanged bucket costs one listing (plus the {@code
 * .sourceignore} GET, which decides the index) and no object download.
 *
 * <p>Object keys are checked before anything is written: a key that is absolute, or has an empty,
 * {@code .} or {@code ..} segment, fails the whole fetch. An object larger than {@code
 * maxObjectSize} fails it too (checked on the listed size and again while streaming).
 */
public final class BucketFetch {

  /** The ignore file read from the bucket root, as Flux. */
  public static final String IGNORE_FILE = SourceIgnore.IGNORE_FILE;

  private final BucketClient client;
  private final String bucket;
  private final String prefix;
  private final String specIgnore;
  private final Path dir;
  private final int parallelism;
  private final long maxObjectSize;

  /**
   * A fetch of {@code bucket} (objects under {@code prefix}, may be null) into {@code dir}.
   *
   * @param specIgnore {@code spec.ignore}, may be null
   * @param parallelism downloads at once (at least 1)
   * @param maxObjectSize largest object accepted, in bytes
   */
  public BucketFetch(
      BucketClient client,
      String bucket,
      String prefix,
      String specIgnore,
      Path dir,
      int parallelism,
      long maxObjectSize) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
    this.specIgnore = specIgnore;
    this.dir = dir;
    this.parallelism = Math.max(1, parallelism);
    this.maxObjectSize = maxObjectSize;
  }

  /**
   * Lists the bucket into an index of the kept objects; the HEAD, the {@code .sourceignore} GET and
   * the listing share one deadline ({@code spec.timeout}), as Flux's {@code fetchEtagIndex}.
   */
  public EtagIndex index() throws BucketException {
    try (BucketClient client = this.client.withDeadline()) {
      return index(client);
    }
  }

  private EtagIndex index(BucketClient client) throws BucketException {
    boolean exists;
    try {
      exists = client.bucketExists(bucket);
    } catch (BucketException e) {
      throw new BucketException(
          "failed to confirm existence of '" + bucket + "' bucket: " + e.getMessage(), e);
    }
    if (!exists) {
      throw new BucketException("bucket '" + bucket + "' not found");
    }
    String ignoreFile;
    try {
      Path ignorePath = dir.resolve(IGNORE_FILE);
      String etag = client.getObject(bucket, IGNORE_FILE, ignorePath, maxObjectSize);
      ignoreFile = etag == null ? null : Files.readString(ignorePath, StandardCharsets.UTF_8);
    } catch (BucketException | IOException e) {
      throw new BucketException(
          "failed to get Etag for '" + IGNORE_FILE + "' object: " + e.getMessage(), e);
    }
    SourceIgnore matcher = SourceIgnore.ofPatterns(ignoreFile, specIgnore);
    EtagIndex index = new EtagIndex();
    List<String> problems = new ArrayList<>();
    try {
      client.visitObjects(
          bucket,
          prefix,
          o -> {
            String key = o.key();
            if (key.endsWith("/") || key.equals(IGNORE_FILE)) {
              return;
            }
            if (matcher.isIgnored(key, false)) {
              return;
            }
            String unsafe = unsafeKey(key);
            if (unsafe != null) {
              problems.add("object key '" + key + "' " + unsafe);
              return;
            }
            if (o.size() > maxObjectSize) {
              problems.add(BucketClient.tooLarge(key, o.size(), maxObjectSize).getMessage());
              return;
            }
            index.add(key, o.etag());
          });
    } catch (BucketException e) {
      throw new BucketException(
          "indexation of objects from bucket '" + bucket + "' failed: " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      throw new BucketException(
          "indexation of objects from bucket '"
              + bucket
              + "' failed: "
              + problems.get(0)
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }
    return index;
  }

  /**
   * Downloads every indexed object; an object that disappeared meanwhile is removed from the index,
   * an ETag that changed meanwhile is updated (so the index's revision describes what was
   * downloaded). Every download shares one deadline ({@code spec.timeout}), as Flux's {@code
   * fetchIndexFiles}. Returns the number of files written.
   */
  public int download(EtagIndex index) throws BucketException {
    try (BucketClient client = this.client.withDeadline()) {
      return download(client, index);
    }
  }

  private int download(BucketClient client, EtagIndex index) throws BucketException {
    Map<String, String> keys = index.snapshot();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, keys.size())));
    Semaphore permits = new Semaphore(parallelism);
    AtomicInteger written = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (Map.Entry<String, String> e : keys.entrySet()) {
        permits.acquireUninterruptibly();
        futures.add(
            pool.submit(
                () -> {
                  try {
                    String etag =
                        client.getObject(
                            bucket, e.getKey(), dir.resolve(e.getKey()), maxObjectSize);
                    if (etag == null) {
                      index.remove(e.getKey());
                    } else {
                      written.incrementAndGet();
                      if (!etag.equals(e.getValue())) {
                        index.add(e.getKey(), etag);
                      }
                    }
                    return null;
                  } catch (BucketException ex) {
                    throw new BucketException(
                        "failed to get '" + e.getKey() + "' object: " + ex.getMessage(), ex);
                  } finally {
                    permits.release();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new BucketException(
          "fetch from bucket '" + bucket + "' failed: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BucketException("fetch from bucket '" + bucket + "' interrupted");
    } finally {
      pool.shutdownNow();
    }
    return written.get();
  }

  /** Why {@code key} cannot be written below the working directory, or null when it can. */
  static String unsafeKey(String key) {
    if (key.startsWith("/") || key.startsWith("\\") || key.contains("\\")) {
      return "is not a relative '/'-separated path";
    }
    if (key.indexOf('\0') >= 0) {
      return "contains a NUL character";
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "has an empty, '.' or '..' path segment";
      }
    }
    return null;
  }
}
