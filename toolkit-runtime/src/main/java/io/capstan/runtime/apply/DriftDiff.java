package io.capstan.runtime.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.health.ApiResources;
import io.capstan.runtime.health.ObjectRef;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Flux's {@code jsondiff.UnstructuredList} on our dry-run: each desired object is read from the
 * cluster and dry-run applied; the live object and the dry-run result, both without
 * server-maintained fields ({@link Drift}) and without the ignored JSON pointers, are compared
 * field by field. Writes nothing.
 */
final class DriftDiff {

  private final ApiResources resources;
  private final ObjectClient client;
  private final ApplyOptions prepare;
  private final Function<JsonNode, List<String>> ignoredPointers;
  private final Predicate<JsonNode> excluded;

  DriftDiff(
      ApiResources resources,
      String fieldManager,
      Function<JsonNode, List<String>> ignoredPointers,
      Predicate<JsonNode> excluded) {
    this.resources = resources;
    this.client = new ObjectClient(resources, fieldManager);
    this.prepare = ApplyOptions.builder(fieldManager).build();
    this.ignoredPointers = ignoredPointers;
    this.excluded = excluded;
  }

  DiffSet diff(List<JsonNode> objects) {
    List<ObjectDiff> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (JsonNode object : objects) {
      ObjectNode desired = DesiredObject.prepare(object, prepare);
      ObjectRef ref = DesiredObject.refOf(desired);
      List<String> ignored = ignoredPointers.apply(desired);
      if (excluded.test(desired) || ignored.contains("")) {
        entries.add(
            new ObjectDiff(ref, ObjectDiff.Type.EXCLUDE, desired, null, 0, 0, 0, List.of()));
        continue;
      }
      Optional<ResourceDefinitionContext> found;
      try {
        found = resources.find(ref.apiVersion(), ref.kind());
      } catch (KubernetesClientException e) {
        errors.add(ref + " dry-run failed: discovery " + ApiError.describe(e));
        continue;
      }
      if (found.isEmpty()) {
        errors.add(
            "%s dry-run failed: no matches for kind \"%s\" in version \"%s\""
                .formatted(ref, ref.kind(), ref.apiVersion()));
        continue;
      }
      ResourceDefinitionContext context = found.get();
      if (!context.isNamespaceScoped() && !ref.namespace().isEmpty()) {
        desired.withObjectProperty("metadata").remove("namespace");
        ref = new ObjectRef(ref.apiVersion(), ref.kind(), "", ref.name());
      }
      try {
        JsonNode live = client.live(context, ref);
        if (live == null) {
          entries.add(
              new ObjectDiff(ref, ObjectDiff.Type.CREATE, desired, null, 0, 0, 0, List.of()));
          continue;
        }
        if (excluded.test(live)) {
          entries.add(
              new ObjectDiff(ref, ObjectDiff.Type.EXCLUDE, desired, live, 0, 0, 0, List.of()));
          continue;
        }
        JsonNode dryRun = client.dryRunApply(context, ref, desired);
        ObjectNode before = (ObjectNode) Drift.comparable(live);
        ObjectNode after = (ObjectNode) Drift.comparable(dryRun);
        for (String pointer : ignored) {
          DesiredObject.remove(before, pointer);
          DesiredObject.remove(after, pointer);
        }
        Counter counter = new Counter();
        counter.compare(before, after, "");
        ObjectDiff.Type type =
            counter.paths.isEmpty() ? ObjectDiff.Type.NONE : ObjectDiff.Type.UPDATE;
        entries.add(
            new ObjectDiff(
                ref,
                type,
                desired,
                live,
                counter.added,
                counter.changed,
                counter.removed,
                counter.paths));
      } catch (KubernetesClientException e) {
        errors.add(ref + " dry-run failed " + ApiError.describe(e));
      }
    }
    return new DiffSet(entries, errors);
  }

  /**
   * Counts the JSON-patch operations turning one document into another: object members compared by
   * key, array elements by index (extra elements are additions or removals), anything else by
   * value.
   */
  static final class Counter {
    int added;
    int changed;
    int removed;
    final List<String> paths = new ArrayList<>();

    void compare(JsonNode from, JsonNode to, String path) {
      if (from.isObject() && to.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = from.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          String p = path + "/" + escape(e.getKey());
          if (!to.has(e.getKey())) {
            removed++;
            paths.add(p);
          } else {
            compare(e.getValue(), to.get(e.getKey()), p);
          }
        }
        Iterator<String> names = to.fieldNames();
        while (names.hasNext()) {
          String name = names.next();
          if (!from.has(name)) {
            added++;
            paths.add(path + "/" + escape(name));
          }
        }
        return;
      }
      if (from.isArray() && to.isArray()) {
        int common = Math.min(from.size(), to.size());
        for (int i = 0; i < common; i++) {
          compare(from.get(i), to.get(i), path + "/" + i);
        }
        for (int i = common; i < to.size(); i++) {
          added++;
          paths.add(path + "/" + i);
        }
        for (int i = common; i < from.size(); i++) {
          removed++;
          paths.add(path + "/" + i);
        }
        return;
      }
      if (!from.equals(to)) {
        changed++;
        paths.add(path);
      }
    }

    private static String escape(String key) {
      return key.replace("~", "~0").replace("/", "~1");
    }
  }
}
