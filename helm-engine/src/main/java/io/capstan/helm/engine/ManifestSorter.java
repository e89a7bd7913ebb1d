package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Helm's {@code releaseutil}: splits rendered files into documents, separates hooks, sorts. */
final class ManifestSorter {
  private ManifestSorter() {}

  /** Helm's InstallOrder. */
  static final List<String> INSTALL_ORDER =
      List.of(
          "PriorityClass",
          "Namespace",
          "NetworkPolicy",
          "ResourceQuota",
          "LimitRange",
          "PodSecurityPolicy",
          "PodDisruptionBudget",
          "ServiceAccount",
          "Secret",
          "SecretList",
          "ConfigMap",
          "StorageClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleList",
          "ClusterRoleBinding",
          "ClusterRoleBindingList",
          "Role",
          "RoleList",
          "RoleBinding",
          "RoleBindingList",
          "Service",
          "DaemonSet",
          "Pod",
          "ReplicationController",
          "ReplicaSet",
          "Deployment",
          "HorizontalPodAutoscaler",
          "StatefulSet",
          "Job",
          "CronJob",
          "IngressClass",
          "Ingress",
          "APIService",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration");

  private static final Set<String> EVENTS =
      Set.of(
          "pre-install",
          "post-install",
          "pre-delete",
          "post-delete",
          "pre-upgrade",
          "post-upgrade",
          "pre-rollback",
          "post-rollback",
          "test",
          "test-success");

  /** A line starting with {@code ---}: what precedes it stays with the previous document. */
  private static final Pattern SEP = Pattern.compile("(?m)^---[ \\t]*");

  /**
   * Helm v4's SplitManifests (chart API v2): documents in order, split at lines starting with
   * {@code ---}, leading whitespace trimmed, trailing whitespace (the blank lines before the next
   * {@code ---}) kept, whitespace-only documents dropped.
   */
  static List<String> splitManifests(String big) {
    List<String> out = new ArrayList<>();
    String trimmed = trimLeft(big);
    for (String d : SEP.split(trimmed, -1)) {
      if (trimLeft(d).isEmpty()) {
        continue;
      }
      out.add(trimLeft(d));
    }
    return out;
  }

  private static String trimLeft(String s) {
    int i = 0;
    while (i < s.length() && isGoSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  /** Go's unicode.IsSpace. */
  static boolean isGoSpace(char c) {
    return c == ' '
        || (c >= '\t' && c <= '\r')
        || c == 0x85
        || c == 0xA0
        || Character.isSpaceChar(c);
  }

  record Result(List<Hook> hooks, List<Manifest> manifests) {}

  @SuppressWarnings("unchecked")
  static Result sort(Map<String, String> files) throws HelmException {
    List<String> paths = new ArrayList<>(files.keySet());
    paths.sort(GoFormat::compareBytes);
    List<Hook> hooks = new ArrayList<>();
    List<Manifest> generic = new ArrayList<>();
    for (String path : paths) {
      String content = files.get(path);
      if (Renderer.base(path).startsWith("_")) {
        continue;
      }
      if (content.strip().isEmpty()) {
        continue;
      }
      for (String m : splitManifests(content)) {
        Object parsed;
        try {
          parsed = GoYaml.parse(m);
        } catch (GoYaml.YamlException e) {
          throw new HelmException(
              "YAML parse error on " + path + ": error converting YAML to JSON: " + e.getMessage());
        }
        Map<String, Object> head = parsed instanceof Map ? (Map<String, Object>) parsed : Map.of();
        if (parsed != null && !(parsed instanceof Map)) {
          throw new HelmException(
              "YAML parse error on "
                  + path
                  + ": error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                  + GoYaml.jsonKind(parsed)
                  + " into Go value of type util.SimpleHead");
        }
        String kind = head.get("kind") instanceof String k ? k : "";
        Object md = head.get("metadata");
        Map<String, Object> meta = md instanceof Map ? (Map<String, Object>) md : null;
        Object ann = meta == null ? null : meta.get("annotations");
        Map<String, Object> annotations = ann instanceof Map ? (Map<String, Object>) ann : null;
        if (annotations == null || !annotations.containsKey("helm.sh/hook")) {
          generic.add(new Manifest(path, m, kind));
          continue;
        }
        String hookTypes = String.valueOf(annotations.get("helm.sh/hook"));
        List<String> events = new ArrayList<>();
        boolean unknown = false;
        for (String ht : hookTypes.split(",", -1)) {
          ht = ht.strip().toLowerCase(java.util.Locale.ROOT);
          if (!EVENTS.contains(ht)) {
            unknown = true;
            break;
          }
          events.add(ht);
        }
        if (unknown) {
          continue;
        }
        int weight = 0;
        Object w = annotations.get("helm.sh/hook-weight");
        if (w != null) {
          try {
            weight = Integer.parseInt(String.valueOf(w).strip());
          } catch (NumberFormatException e) {
            weight = 0;
          }
        }
        List<String> policies = new ArrayList<>();
        Object dp = annotations.get("helm.sh/hook-delete-policy");
        if (dp != null) {
          for (String p : String.valueOf(dp).split(",")) {
            policies.add(p.strip());
          }
        }
        String name = meta != null && meta.get("name") instanceof String n ? n : "";
        hooks.add(new Hook(name, kind, path, m, events, weight, policies));
      }
    }
    Map<String, Integer> order = new HashMap<>();
    for (int i = 0; i < INSTALL_ORDER.size(); i++) {
      order.put(INSTALL_ORDER.get(i), i);
    }
    generic.sort(byKind(order, Manifest::kind));
    hooks.sort(byKind(order, Hook::kind));
    return new Result(hooks, generic);
  }

  private static <T> Comparator<T> byKind(
      Map<String, Integer> order, java.util.function.Function<T, String> kindOf) {
    return (x, y) -> {
      String a = kindOf.apply(x);
      String b = kindOf.apply(y);
      Integer fa = order.get(a);
      Integer fb = order.get(b);
      if (fa == null && fb == null) {
        return a.equals(b) ? 0 : GoFormat.compareBytes(a, b);
      }
      if (fa == null) {
        return 1;
      }
      if (fb == null) {
        return -1;
      }
      return Integer.compare(fa, fb);
    };
  }
}
