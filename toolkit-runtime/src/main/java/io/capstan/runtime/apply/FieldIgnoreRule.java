package io.capstan.runtime.apply;

import io.capstan.runtime.health.ObjectRef;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Fields the engine never sets on matching objects, so values other managers own (an HPA's {@code
 * spec.replicas}) are not reverted: the JSON pointers are removed from the desired object before
 * the dry-run and the apply.
 *
 * @param target which objects the rule applies to
 * @param jsonPointers RFC 6901 pointers, e.g. {@code /spec/replicas}
 */
public record FieldIgnoreRule(Predicate<ObjectRef> target, List<String> jsonPointers) {

  /** Copies the pointers and checks they are pointers. */
  public FieldIgnoreRule {
    Objects.requireNonNull(target, "target");
    jsonPointers = List.copyOf(jsonPointers);
    for (String p : jsonPointers) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException("not a JSON pointer: " + p);
      }
    }
  }

  /** A rule for objects of one kind (any name, any namespace). */
  public static FieldIgnoreRule forKind(String kind, String... jsonPointers) {
    return new FieldIgnoreRule(ref -> ref.kind().equals(kind), List.of(jsonPointers));
  }
}
