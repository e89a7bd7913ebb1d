package io.capstan.helm.controller.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.api.common.IgnoreRule;
import io.capstan.api.common.Selector;
import io.capstan.kustomize.engine.resource.LabelSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code spec.driftDetection.ignore} compiled: for a desired object, the JSON pointers to leave out
 * of the comparison (Flux's {@code jsondiff.IgnoreRules}). A rule without {@code target} applies to
 * every object; a target matches as Flux's selectors do: anchored regular expressions on group,
 * version, kind, name and namespace, label selectors on labels and annotations.
 */
public final class DriftIgnoreRules implements Function<JsonNode, List<String>> {

  private record Rule(List<String> paths, Target target) {}

  private record Target(
      Pattern group,
      Pattern version,
      Pattern kind,
      Pattern name,
      Pattern namespace,
      LabelSelector annotations,
      LabelSelector labels) {

    boolean matches(JsonNode object) {
      String apiVersion = object.path("apiVersion").asText();
      int slash = apiVersion.indexOf('/');
      String g = slash < 0 ? "" : apiVersion.substring(0, slash);
      String v = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
      JsonNode meta = object.path("metadata");
      return ok(group, g)
          && ok(version, v)
          && ok(kind, object.path("kind").asText())
          && ok(name, meta.path("name").asText())
          && ok(namespace, meta.path("namespace").asText())
          && annotations.matches(strings(meta.path("annotations")))
          && labels.matches(strings(meta.path("labels")));
    }
  }

  private final List<Rule> rules;

  private DriftIgnoreRules(List<Rule> rules) {
    this.rules = rules;
  }

  /**
   * Compiles the rules.
   *
   * @throws IllegalArgumentException when a target's regular expression does not compile or a path
   *     is not a JSON pointer (names the rule)
   */
  public static DriftIgnoreRules of(List<IgnoreRule> rules) {
    List<Rule> compiled = new ArrayList<>();
    if (rules != null) {
      for (int i = 0; i < rules.size(); i++) {
        IgnoreRule r = rules.get(i);
        List<String> paths = r.getPaths() == null ? List.of() : List.copyOf(r.getPaths());
        for (String p : paths) {
          if (!p.isEmpty() && !p.startsWith("/")) {
            throw new IllegalArgumentException(
                "spec.driftDetection.ignore[" + i + "]: invalid JSON pointer '" + p + "'");
          }
        }
        compiled.add(new Rule(paths, target(r.getTarget(), i)));
      }
    }
    return new DriftIgnoreRules(compiled);
  }

  /** The pointers ignored for {@code object}, in rule order. */
  @Override
  public List<String> apply(JsonNode object) {
    List<String> out = new ArrayList<>();
    for (Rule r : rules) {
      if (r.target() == null || r.target().matches(object)) {
        out.addAll(r.paths());
      }
    }
    return out;
  }

  private static Target target(Selector s, int index) {
    if (s == null) {
      return null;
    }
    return new Target(
        regex(s.getGroup(), index),
        regex(s.getVersion(), index),
        regex(s.getKind(), index),
        regex(s.getName(), index),
        regex(s.getNamespace(), index),
        LabelSelector.parse(s.getAnnotationSelector()),
        LabelSelector.parse(s.getLabelSelector()));
  }

  private static Pattern regex(String expression, int index) {
    if (expression == null || expression.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile("^(?:" + expression + ")$");
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "spec.driftDetection.ignore["
              + index
              + "].target: invalid regular expression '"
              + expression
              + "': "
              + e.getDescription());
    }
  }

  private static boolean ok(Pattern p, String value) {
    return p == null || p.matcher(value).matches();
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new HashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
