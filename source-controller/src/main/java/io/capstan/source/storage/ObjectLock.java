package io.capstan.source.storage;

/**
 * Exclusive hold on one object's artifact directory, against other threads of this JVM and against
 * other processes sharing the storage. Reentrant for the holding thread; must be closed by the
 * thread that acquired it.
 */
public interface ObjectLock extends AutoCloseable {

  /** Releases the hold (the file lock is released when the outermost hold is closed). */
  @Override
  void close();
}
