package io.capstan.source.storage;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Run in a separate JVM: prints whether the OS lock on the given file is free or busy. */
public final class LockProbe {

  private LockProbe() {}

  /** Prints {@code free} or {@code busy} for the lock file given as the only argument. */
  public static void main(String[] args) throws Exception {
    try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      System.out.println(lock == null ? "busy" : "free");
      if (lock != null) {
        lock.release();
      }
    }
  }
}
