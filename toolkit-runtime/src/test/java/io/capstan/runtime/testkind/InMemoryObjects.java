package io.capstan.runtime.testkind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.runtime.kube.ResourceConflictException;
import io.capstan.runtime.kube.ResourcePatcher;
import io.capstan.runtime.status.JsonMergePatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for the API server's storage of objects, enough to test the runtime's writes without
 * one: merge patches, the status subresource (only {@code status} changes), resourceVersion
 * preconditions (409 as {@link ResourceConflictException}) and a log of every write. It is not a
 * fake of the whole API; real-server behaviour is covered by the {@code *ApiServerTest} classes.
 */
public final class InMemoryObjects implements ResourcePatcher {

  /** One write: to the status subresource or the object, with its patch body. */
  public record Write(boolean status, JsonNode patch) {}

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final Map<String, ObjectNode> objects = new HashMap<>();
  private final List<Write> writes = new ArrayList<>();
  private int version = 100;

  /** Stores {@code resource} as it is now and gives it a fresh resourceVersion. */
  public void store(HasMetadata resource) {
    String rv = Integer.toString(++version);
    resource.getMetadata().setResourceVersion(rv);
    objects.put(key(resource), (ObjectNode) JSON.convertValue(resource, JsonNode.class));
  }

  /** Changes the stored object behind the caller's back (another writer), bumping its version. */
  public void concurrentStatusWrite(HasMetadata resource, JsonNode statusPatch) {
    ObjectNode stored = objects.get(key(resource));
    stored.set("status", JsonMergePatch.apply(stored.get("status"), statusPatch));
    ((ObjectNode) stored.get("metadata")).put("resourceVersion", Integer.toString(++version));
  }

  /** The stored JSON of {@code resource}'s object. */
  public ObjectNode stored(HasMetadata resource) {
    return objects.get(key(resource));
  }

  /** Every write so far, in order. */
  public List<Write> writes() {
    return List.copyOf(writes);
  }

  /** Only the status writes. */
  public List<Write> statusWrites() {
    return writes.stream().filter(Write::status).toList();
  }

  @Override
  public String patchStatus(HasMetadata resource, JsonNode mergePatch) {
    return write(resource, mergePatch, true);
  }

  @Override
  public String patch(HasMetadata resource, JsonNode mergePatch) {
    return write(resource, mergePatch, false);
  }

  @Override
  public Optional<JsonNode> get(HasMetadata resource) {
    return Optional.ofNullable(objects.get(key(resource))).map(ObjectNode::deepCopy);
  }

  private String write(HasMetadata resource, JsonNode patch, boolean status) {
    writes.add(new Write(status, patch.deepCopy()));
    ObjectNode stored = objects.get(key(resource));
    if (stored == null) {
      throw new IllegalStateException("not found: " + key(resource));
    }
    String expected = patch.path("metadata").path("resourceVersion").asText(null);
    String actual = stored.path("metadata").path("resourceVersion").asText();
    if (expected != null && !expected.equals(actual)) {
      throw new ResourceConflictException("resourceVersion " + expected + " != " + actual, null);
    }
    ObjectNode next;
    if (status) {
      next = stored.deepCopy();
      next.set("status", JsonMergePatch.apply(stored.get("status"), patch.get("status")));
    } else {
      ObjectNode withoutStatus = ((ObjectNode) patch.deepCopy());
      withoutStatus.remove("status");
      next = (ObjectNode) JsonMergePatch.apply(stored, withoutStatus);
    }
    String rv = Integer.toString(++version);
    ((ObjectNode) next.get("metadata")).put("resourceVersion", rv);
    objects.put(key(resource), next);
    return rv;
  }

  private static String key(HasMetadata resource) {
    return resource.getKind()
        + "/"
        + resource.getMetadata().getNamespace()
        + "/"
        + resource.getMetadata().getName();
  }
}
