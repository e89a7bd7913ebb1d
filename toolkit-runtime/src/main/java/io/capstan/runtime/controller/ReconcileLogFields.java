package io.capstan.runtime.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The fields controller-runtime attaches to every log line of one reconcile, put into the SLF4J MDC
 * for the current thread: {@code controller} (the kind in lower case), {@code controllerGroup},
 * {@code controllerKind}, {@code name}, {@code namespace} and a fresh {@code reconcileID}. Closing
 * restores whatever those keys held before.
 */
final class ReconcileLogFields implements AutoCloseable {

  private final Map<String, String> previous = new LinkedHashMap<>();

  private ReconcileLogFields(Map<String, String> fields) {
    fields.forEach(
        (key, value) -> {
          previous.put(key, MDC.get(key));
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }

  /** Puts the reconcile fields of {@code resource} until {@link #close()}. */
  static ReconcileLogFields put(HasMetadata resource) {
    String apiVersion = resource.getApiVersion();
    int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("controller", resource.getKind().toLowerCase(Locale.ROOT));
    fields.put("controllerGroup", slash < 0 ? "" : apiVersion.substring(0, slash));
    fields.put("controllerKind", resource.getKind());
    fields.put("name", resource.getMetadata().getName());
    fields.put("namespace", resource.getMetadata().getNamespace());
    fields.put("reconcileID", UUID.randomUUID().toString());
    return new ReconcileLogFields(fields);
  }

  @Override
  public void close() {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            MDC.remove(key);
          } else {
            MDC.put(key, value);
          }
        });
  }
}
