package io.capstan.helm.controller.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.helm.action.ActionException;
import io.capstan.helm.action.HelmActions;
import io.capstan.helm.release.Release;
import io.capstan.runtime.apply.ApplyException;
import io.capstan.runtime.apply.ApplyOptions;
import io.capstan.runtime.apply.ChangeSet;
import io.capstan.runtime.apply.DiffSet;
import io.capstan.runtime.apply.ObjectDiff;
import io.capstan.runtime.events.SecretRedaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The cluster side of Flux's drift detection ({@code internal/action/diff.go}): the release
 * manifest compared with the cluster by server-side dry-run apply (toolkit-runtime's {@link
 * io.capstan.runtime.apply.ServerSideApplier#diff}), and the correction of what drifted by applying
 * the missing and changed objects again. No Helm release revision is written.
 */
public final class ClusterDrift {

  /** Label or annotation that leaves an object out of drift detection. */
  public static final String METADATA_KEY = "helm.toolkit.fluxcd.io/driftDetection";

  /** The value of {@link #METADATA_KEY} that disables it. */
  public static final String DISABLED = "disabled";

  private static final String ANNOTATION_GROUP = "helm.toolkit.fluxcd.io";

  /** The outcome of a correction: what was applied and, if it failed, why (secrets masked). */
  public record Correction(ChangeSet applied, String error) {

    /** True when every object was corrected. */
    public boolean succeeded() {
      return error == null;
    }
  }

  private ClusterDrift() {}

  /** Whether {@code object} carries {@code helm.toolkit.fluxcd.io/driftDetection: disabled}. */
  public static boolean excluded(JsonNode object) {
    JsonNode meta = object.path("metadata");
    return DISABLED.equals(meta.path("labels").path(METADATA_KEY).asText(null))
        || DISABLED.equals(meta.path("annotations").path(METADATA_KEY).asText(null));
  }

  /**
   * Compares the objects of {@code release}'s manifest with the cluster, as the field manager of
   * {@code actions}, leaving out what {@code ignore} names.
   *
   * @throws ActionException when the manifest cannot be read
   */
  public static DiffSet detect(
      HelmActions actions, Release release, Function<JsonNode, List<String>> ignore)
      throws ActionException {
    List<JsonNode> objects = new ArrayList<>(actions.manifestObjects(release));
    DiffSet set =
        actions
            .serverSideApplier()
            .diff(objects, actions.config().fieldManager(), ignore, ClusterDrift::excluded);
    if (set.errors().isEmpty()) {
      return set;
    }
    // A dry-run refusal (an admission policy, say) may quote the object: mask Secret values.
    Set<String> secrets = new LinkedHashSet<>();
    objects.forEach(o -> collectSecretValues(o, secrets));
    set.entries().stream()
        .filter(d -> d.live() != null)
        .forEach(d -> collectSecretValues(d.live(), secrets));
    return new DiffSet(
        set.entries(), set.errors().stream().map(e -> SecretRedaction.redact(e, secrets)).toList());
  }

  /**
   * Applies the missing and changed objects of {@code set} again (Flux's {@code ApplyDiff}): each
   * as the release manifest has it, except the ignored fields, which keep their live values, so an
   * ignored field (an autoscaled {@code spec.replicas}) is neither reverted nor given up.
   */
  public static Correction correct(
      HelmActions actions, DiffSet set, Function<JsonNode, List<String>> ignore) {
    List<JsonNode> bodies = new ArrayList<>();
    Set<String> secrets = new LinkedHashSet<>();
    for (ObjectDiff d : set.changes()) {
      ObjectNode body = d.desired().deepCopy();
      if (d.live() != null) {
        for (String pointer : ignore.apply(d.desired())) {
          keepLive(body, d.live(), pointer);
        }
      }
      collectSecretValues(body, secrets);
      if (d.live() != null) {
        collectSecretValues(d.live(), secrets);
      }
      bodies.add(body);
    }
    if (bodies.isEmpty()) {
      return new Correction(new ChangeSet(List.of()), null);
    }
    ApplyOptions options =
        ApplyOptions.builder(actions.config().fieldManager())
            .annotationGroup(ANNOTATION_GROUP)
            .build();
    try {
      return new Correction(actions.serverSideApplier().applyJson(bodies, options), null);
    } catch (ApplyException e) {
      return new Correction(e.changeSet(), SecretRedaction.redact(e.getMessage(), secrets));
    } catch (RuntimeException e) {
      return new Correction(
          new ChangeSet(List.of()),
          SecretRedaction.redact(String.valueOf(e.getMessage()), secrets));
    }
  }

  /** Sets {@code pointer} in {@code body} to the live value, or removes it when live has none. */
  static void keepLive(ObjectNode body, JsonNode live, String pointer) {
    if (pointer.isEmpty()) {
      return;
    }
    JsonNode value = live.at(pointer);
    int last = pointer.lastIndexOf('/');
    String field = unescape(pointer.substring(last + 1));
    JsonNode parent = last == 0 ? body : body.at(pointer.substring(0, last));
    if (value.isMissingNode()) {
      if (parent instanceof ObjectNode o) {
        o.remove(field);
      }
      return;
    }
    if (parent.isMissingNode()) {
      parent = create(body, pointer.substring(0, last));
    }
    if (parent instanceof ObjectNode o) {
      o.set(field, value.deepCopy());
    } else if (parent instanceof ArrayNode a && field.matches("\\d+")) {
      int i = Integer.parseInt(field);
      if (i < a.size()) {
        a.set(i, value.deepCopy());
      }
    }
  }

  private static JsonNode create(ObjectNode root, String pointer) {
    JsonNode node = root;
    for (String raw : pointer.substring(1).split("/")) {
      String segment = unescape(raw);
      if (node instanceof ObjectNode o) {
        JsonNode next = o.get(segment);
        node = next == null ? o.putObject(segment) : next;
      } else if (node instanceof ArrayNode a && segment.matches("\\d+")) {
        int i = Integer.parseInt(segment);
        if (i >= a.size()) {
          return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        node = a.get(i);
      } else {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
    }
    return node;
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }

  /** A Secret's values, encoded and decoded, so an API error quoting one can be masked. */
  private static void collectSecretValues(JsonNode object, Set<String> out) {
    if (!"Secret".equals(object.path("kind").asText())
        || !"v1".equals(object.path("apiVersion").asText())) {
      return;
    }
    object
        .path("data")
        .properties()
        .forEach(
            e -> {
              String encoded = e.getValue().asText();
              out.add(encoded);
              try {
                out.add(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
              } catch (IllegalArgumentException ignored) {
                // not base64: the encoded form is masked
              }
            });
    object
        .path("stringData")
        .properties()
        .forEach(
            e -> {
              String plain = e.getValue().asText();
              out.add(plain);
              out.add(Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
            });
  }
}
