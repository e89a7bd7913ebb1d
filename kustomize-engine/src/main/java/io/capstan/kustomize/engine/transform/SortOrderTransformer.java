package io.capstan.kustomize.engine.transform;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.kustomize.engine.KustomizeException;
import io.capstan.kustomize.engine.resource.Gvk;
import io.capstan.kustomize.engine.resource.ResId;
import io.capstan.kustomize.engine.resource.Resource;
import io.capstan.kustomize.engine.resource.ResourceMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Output order ({@code sortOptions}): "legacy" sorts by kind priority (Namespace, ..., Deployment,
 * ... first; webhook configurations last), then group/version/kind, namespace and name; "fifo"
 * keeps the order in which resources were accumulated.
 */
public final class SortOrderTransformer implements Transformer {
  static final List<String> DEFAULT_FIRST =
      List.of(
          "Namespace",
          "ResourceQuota",
          "StorageClass",
          "CustomResourceDefinition",
          "ServiceAccount",
          "PodSecurityPolicy",
          "Role",
          "ClusterRole",
          "RoleBinding",
          "ClusterRoleBinding",
          "ConfigMap",
          "Secret",
          "Endpoints",
          "Service",
          "LimitRange",
          "PriorityClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "Deployment",
          "StatefulSet",
          "CronJob",
          "PodDisruptionBudget");
  static final List<String> DEFAULT_LAST =
      List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  private final boolean legacy;
  private final List<String> first;
  private final List<String> last;

  private SortOrderTransformer(boolean legacy, List<String> first, List<String> last) {
    this.legacy = legacy;
    this.first = first;
    this.last = last;
  }

  /** The default legacy order. */
  public static SortOrderTransformer legacyDefault() {
    return new SortOrderTransformer(true, DEFAULT_FIRST, DEFAULT_LAST);
  }

  /**
   * Reads {@code sortOptions} ({order: legacy|fifo, legacySortOptions: {orderFirst, orderLast}}).
   */
  public static SortOrderTransformer of(JsonNode opts) {
    if (opts == null || opts.isNull()) {
      return new SortOrderTransformer(false, List.of(), List.of());
    }
    String order = Resource.text(opts.get("order"));
    JsonNode lso = opts.get("legacySortOptions");
    if (!order.equals("fifo") && !order.equals("legacy")) {
      throw new KustomizeException("the field 'sortOptions.order' must be one of [fifo, legacy]");
    }
    if (order.equals("fifo")) {
      if (lso != null && !lso.isNull()) {
        throw new KustomizeException(
            "the field 'sortOptions.legacySortOptions' is set but the selected sort order is"
                + " 'fifo', not 'legacy'");
      }
      return new SortOrderTransformer(false, List.of(), List.of());
    }
    if (lso == null || lso.isNull()) {
      return legacyDefault();
    }
    return new SortOrderTransformer(
        true, strings(lso.get("orderFirst")), strings(lso.get("orderLast")));
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(x -> out.add(Resource.text(x)));
    }
    return out;
  }

  @Override
  public void transform(ResourceMap m) {
    if (!legacy) {
      return;
    }
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < first.size(); i++) {
      rank.put(first.get(i), -first.size() + i);
    }
    for (int i = 0; i < last.size(); i++) {
      rank.put(last.get(i), 1 + i);
    }
    List<Resource> list = new ArrayList<>(m.resources());
    Map<Resource, ResId> ids = new java.util.IdentityHashMap<>();
    list.forEach(r -> ids.put(r, r.curId()));
    Comparator<Resource> cmp =
        (a, b) -> {
          ResId x = ids.get(a);
          ResId y = ids.get(b);
          if (!x.gvk().equals(y.gvk())) {
            int ia = rank.getOrDefault(x.gvk().kind(), 0);
            int ib = rank.getOrDefault(y.gvk().kind(), 0);
            if (ia != ib) {
              return Integer.compare(ia, ib);
            }
            return x.gvk().toString().compareTo(y.gvk().toString());
          }
          return sortKey(x).compareTo(sortKey(y));
        };
    list.sort(cmp);
    m.resources().clear();
    m.resources().addAll(list);
  }

  private static String sortKey(ResId id) {
    Gvk g = id.gvk();
    return g
        + "|"
        + (id.namespace().isEmpty() ? "~X" : id.namespace())
        + "|"
        + (id.name().isEmpty() ? "~N" : id.name());
  }
}
