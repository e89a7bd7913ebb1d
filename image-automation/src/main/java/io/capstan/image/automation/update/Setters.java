package io.capstan.image.automation.update;

import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRef;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The setters an update may apply, derived from ImagePolicies exactly as Flux derives them: for a
 * policy {@code <ns>/<name>} whose {@code status.latestRef} is set,
 *
 * <ul>
 *   <li>{@code <ns>:<name>} → {@code name:tag} (with {@code @digest} when the policy has one),
 *   <li>{@code <ns>:<name>:tag} → the tag,
 *   <li>{@code <ns>:<name>:name} → the image name,
 *   <li>{@code <ns>:<name>:digest} → the digest (empty when the policy reflects none).
 * </ul>
 *
 * A marker is looked up by its whole setter name, so a marker without namespace ({@code "app"})
 * matches nothing, as in Flux. Policies without a latest image define no setters.
 */
public final class Setters {

  private final Map<String, String> values;
  private final Map<String, String> policies;

  private Setters(Map<String, String> values, Map<String, String> policies) {
    this.values = Collections.unmodifiableMap(values);
    this.policies = Collections.unmodifiableMap(policies);
  }

  /** The setters of {@code policies} (those without {@code status.latestRef} are skipped). */
  public static Setters of(Collection<ImagePolicy> policies) {
    Builder b = new Builder();
    for (ImagePolicy p : policies) {
      ImageRef ref = p.getStatus() == null ? null : p.getStatus().getLatestRef();
      b.policy(p.getMetadata().getNamespace(), p.getMetadata().getName(), ref);
    }
    return b.build();
  }

  /** Builds setters policy by policy (tests, embedders without ImagePolicy objects). */
  public static Builder builder() {
    return new Builder();
  }

  /** The value of setter {@code name}, if a policy defines it. */
  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** Every setter name → value, in policy order. */
  public Map<String, String> values() {
    return values;
  }

  /** Why setter {@code name} is undefined, for {@link UnresolvedMarker#reason()}. */
  String whyUndefined(String name) {
    String[] parts = name.split(":", -1);
    if (parts.length < 2) {
      return "a setter names <namespace>:<policy>[:tag|:name|:digest]; no ImagePolicy is named"
          + " without its namespace";
    }
    if (parts.length > 3 || (parts.length == 3 && !isField(parts[2]))) {
      return "unknown setter '" + name + "' (a setter field is one of tag, name, digest)";
    }
    String key = parts[0] + ":" + parts[1];
    if ("no-latest".equals(policies.get(key))) {
      return "ImagePolicy '" + parts[0] + "/" + parts[1] + "' has no latest image yet";
    }
    return "no ImagePolicy '" + parts[0] + "/" + parts[1] + "' among the automation's policies";
  }

  private static boolean isField(String s) {
    return s.equals("tag") || s.equals("name") || s.equals("digest");
  }

  /** Accumulates {@link Setters}. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> policies = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds the setters of policy {@code namespace/name} selecting {@code latest}; a null {@code
     * latest} defines none (the policy is known but not ready).
     */
    public Builder policy(String namespace, String name, ImageRef latest) {
      String setter = namespace + ":" + name;
      if (latest == null || latest.getName() == null || latest.getTag() == null) {
        policies.putIfAbsent(setter, "no-latest");
        return this;
      }
      policies.put(setter, "ok");
      String digest = latest.getDigest() == null ? "" : latest.getDigest();
      values.put(setter, latest.toString());
      values.put(setter + ":tag", latest.getTag());
      values.put(setter + ":name", latest.getName());
      values.put(setter + ":digest", digest);
      return this;
    }

    /** The setters. */
    public Setters build() {
      return new Setters(new LinkedHashMap<>(values), new LinkedHashMap<>(policies));
    }
  }
}
