package io.capstan.source.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-object locks: an in-JVM {@link ReentrantLock} (a JVM cannot hold two {@link FileLock}s on one
 * file) plus an OS file lock on {@code <object dir>/.lock}, taken by the outermost hold only.
 * Entries are dropped when no thread uses them, so memory follows the number of objects being
 * worked on, not the number ever seen.
 */
final class ObjectLocks {

  static final String LOCK_FILE = ".lock";

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users;
    FileChannel channel;
    FileLock fileLock;
  }

  private final Map<Path, Entry> entries = new HashMap<>();

  /** Blocks until this thread holds the lock of the object whose directory is {@code dir}. */
  ObjectLock acquire(Path dir) throws IOException, InterruptedException {
    Entry entry;
    synchronized (entries) {
      entry = entries.computeIfAbsent(dir, d -> new Entry());
      entry.users++;
    }
    boolean locked = false;
    try {
      entry.lock.lockInterruptibly();
      locked = true;
      if (entry.lock.getHoldCount() == 1) {
        Files.createDirectories(dir);
        entry.channel =
            FileChannel.open(
                dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
          entry.fileLock = entry.channel.lock();
        } catch (IOException | RuntimeException e) {
          entry.channel.close();
          entry.channel = null;
          throw e;
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (locked) {
        entry.lock.unlock();
      }
      release(dir, entry);
      throw e;
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        unlock(dir, entry);
      }
    };
  }

  private void unlock(Path dir, Entry entry) {
    try {
      if (entry.lock.getHoldCount() == 1 && entry.channel != null) {
        try {
          entry.fileLock.release();
          entry.channel.close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot release lock of " + dir, e);
        } finally {
          entry.fileLock = null;
          entry.channel = null;
        }
      }
    } finally {
      entry.lock.unlock();
      release(dir, entry);
    }
  }

  private void release(Path dir, Entry entry) {
    synchronized (entries) {
      if (--entry.users == 0) {
        entries.remove(dir);
      }
    }
  }
}
