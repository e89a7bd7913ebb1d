package io.capstan.runtime.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a set is applied. Build with {@link #builder(String)}; defaults follow kustomize-controller:
 * annotation group {@code kustomize.toolkit.fluxcd.io}, takeover of {@code kubectl} (Apply and
 * Update), {@code before-first-apply} (Update) and the field manager's own Update entries, removal
 * of {@code kubectl.kubernetes.io/last-applied-configuration} and Flux v1's checksum annotations
 * (on objects taken over), no force, no owner, no wait.
 *
 * @param fieldManager the server-side apply field manager, e.g. {@code kustomize-controller}
 * @param annotationGroup prefix of the {@code ssa}, {@code force} and {@code prune} annotations
 * @param owner labels stamped on every object, if any
 * @param force recreate every object whose update hits an immutable field
 * @param takeover managers whose fields are taken over (not for {@code ssa: Merge} objects)
 * @param removedAnnotations annotations removed from live objects on takeover
 * @param ignoreRules fields never applied
 * @param definitionsTimeout how long to wait for CRDs/Namespaces of the first stage
 * @param waitTimeout when present, wait for every applied object to become Current
 */
public record ApplyOptions(
    String fieldManager,
    String annotationGroup,
    Optional<Owner> owner,
    boolean force,
    List<FieldManager> takeover,
    List<String> removedAnnotations,
    List<FieldIgnoreRule> ignoreRules,
    Duration definitionsTimeout,
    Optional<Duration> waitTimeout) {

  /** Copies lists and rejects missing values. */
  public ApplyOptions {
    Objects.requireNonNull(fieldManager, "fieldManager");
    Objects.requireNonNull(annotationGroup, "annotationGroup");
    takeover = List.copyOf(takeover);
    removedAnnotations = List.copyOf(removedAnnotations);
    ignoreRules = List.copyOf(ignoreRules);
  }

  /** A builder with kustomize-controller's defaults. */
  public static Builder builder(String fieldManager) {
    return new Builder(fieldManager);
  }

  /** Fluent builder of {@link ApplyOptions}. */
  public static final class Builder {
    private final String fieldManager;
    private String annotationGroup = "kustomize.toolkit.fluxcd.io";
    private Owner owner;
    private boolean force;
    private final List<FieldManager> takeover = new ArrayList<>();
    private final List<String> removedAnnotations =
        new ArrayList<>(
            List.of(
                "kubectl.kubernetes.io/last-applied-configuration",
                "kustomize.toolkit.fluxcd.io/checksum",
                "fluxcd.io/sync-checksum"));
    private final List<FieldIgnoreRule> ignoreRules = new ArrayList<>();
    private Duration definitionsTimeout = Duration.ofMinutes(1);
    private Duration waitTimeout;

    private Builder(String fieldManager) {
      this.fieldManager = fieldManager;
      takeover.add(new FieldManager("kubectl", "Apply"));
      takeover.add(new FieldManager("kubectl", "Update"));
      takeover.add(new FieldManager("before-first-apply", "Update"));
      takeover.add(new FieldManager(fieldManager, "Update"));
    }

    /** Prefix of the per-object annotations (default {@code kustomize.toolkit.fluxcd.io}). */
    public Builder annotationGroup(String group) {
      this.annotationGroup = group;
      return this;
    }

    /** Stamps the owner's labels on every object. */
    public Builder owner(Owner owner) {
      this.owner = owner;
      return this;
    }

    /** Recreates objects on immutable-field errors. */
    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    /** Replaces the managers whose fields are taken over. */
    public Builder takeover(List<FieldManager> managers) {
      takeover.clear();
      takeover.addAll(managers);
      return this;
    }

    /** Adds a rule of fields never applied. */
    public Builder ignore(FieldIgnoreRule rule) {
      ignoreRules.add(rule);
      return this;
    }

    /** How long to wait for first-stage CRDs and Namespaces. */
    public Builder definitionsTimeout(Duration timeout) {
      this.definitionsTimeout = timeout;
      return this;
    }

    /** Waits up to {@code timeout} for every applied object to become Current. */
    public Builder waitFor(Duration timeout) {
      this.waitTimeout = timeout;
      return this;
    }

    /** The options. */
    public ApplyOptions build() {
      return new ApplyOptions(
          fieldManager,
          annotationGroup,
          Optional.ofNullable(owner),
          force,
          takeover,
          removedAnnotations,
          ignoreRules,
          definitionsTimeout,
          Optional.ofNullable(waitTimeout));
    }
  }
}
