package io.capstan.image.automation.update;

import java.util.Comparator;
import java.util.Objects;

/**
 * One value a setter changed: Flux's {@code update.Change}. Templates read {@code .OldValue},
 * {@code .NewValue} and {@code .Setter} (the marker's setter name, e.g. {@code
 * flux-system:app:tag}).
 *
 * @param oldValue the scalar's value before the update (as parsed, without quotes)
 * @param newValue the value written
 * @param setter the setter named by the marker
 */
public record Change(String oldValue, String newValue, String setter) {

  /** Flux's order for changes: by setter, then old value, then new value. */
  static final Comparator<Change> ORDER =
      Comparator.comparing(Change::setter)
          .thenComparing(Change::oldValue)
          .thenComparing(Change::newValue);

  /** All three values are required. */
  public Change {
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    Objects.requireNonNull(setter, "setter");
  }
}
