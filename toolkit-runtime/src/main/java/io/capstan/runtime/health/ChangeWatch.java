package io.capstan.runtime.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches of single objects (one API watch per object, by name, from the resourceVersion last read)
 * whose changes {@link HealthWaiter} assesses as they arrive, instead of at its next poll. An
 * object whose watch cannot be opened (no {@code watch} permission, a kind not served) or that
 * closed is reported through {@link #degraded()}: the waiter then polls at its normal interval.
 */
final class ChangeWatch implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One change: the object as the watch delivered it, or null once deleted. */
  record Change(ObjectRef ref, JsonNode object) {}

  private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
  private final List<Watch> watches = new ArrayList<>();
  private final AtomicBoolean degraded = new AtomicBoolean();

  /**
   * Opens a watch on {@code ref} from {@code resourceVersion} (null: from now). Never throws: a
   * watch that cannot be opened marks this degraded.
   */
  void watch(ApiResources resources, ObjectRef ref, String resourceVersion) {
    try {
      ListOptionsBuilder options = new ListOptionsBuilder().withAllowWatchBookmarks(false);
      if (resourceVersion != null && !resourceVersion.isEmpty()) {
        options.withResourceVersion(resourceVersion);
      }
      watches.add(resources.resource(ref).watch(options.build(), new ObjectWatcher(ref)));
    } catch (KubernetesClientException | ApiResources.UnknownKindException e) {
      degraded.set(true);
    }
  }

  /**
   * The changes that arrived, waiting up to {@code timeout} for the first one; empty when none
   * came.
   */
  List<Change> await(Duration timeout) throws InterruptedException {
    List<Change> out = new ArrayList<>();
    Change first = changes.poll(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    if (first != null) {
      out.add(first);
      changes.drainTo(out);
    }
    return out;
  }

  /** True when some watch could not be opened or has closed. */
  boolean degraded() {
    return degraded.get();
  }

  @Override
  public void close() {
    for (Watch w : watches) {
      try {
        w.close();
      } catch (RuntimeException e) {
        // closing a broken watch: nothing left to release
      }
    }
    watches.clear();
  }

  private final class ObjectWatcher implements Watcher<GenericKubernetesResource> {
    private final ObjectRef ref;

    ObjectWatcher(ObjectRef ref) {
      this.ref = ref;
    }

    @Override
    public void eventReceived(Action action, GenericKubernetesResource resource) {
      switch (action) {
        case ADDED, MODIFIED -> changes.add(new Change(ref, JSON.valueToTree(resource)));
        case DELETED -> changes.add(new Change(ref, null));
        default -> degraded.set(true);
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      degraded.set(true);
    }

    @Override
    public void onClose() {
      degraded.set(true);
    }
  }
}
