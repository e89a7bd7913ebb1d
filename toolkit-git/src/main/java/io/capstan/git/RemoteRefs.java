package io.capstan.git;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;

/**
 * The references a remote advertises (one ls-remote), with annotated tags peeled to the commit they
 * point at.
 */
final class RemoteRefs {

  private static final String PEELED_SUFFIX = "^{}";

  /** Reference name to the object it names (a tag object for annotated tags). */
  private final Map<String, String> direct;

  /** Reference name to the commit it ultimately points at. */
  private final Map<String, String> peeled;

  private RemoteRefs(Map<String, String> direct, Map<String, String> peeled) {
    this.direct = direct;
    this.peeled = peeled;
  }

  /** Builds the view from JGit's advertised refs. */
  static RemoteRefs of(Map<String, Ref> advertised) {
    Map<String, String> direct = new TreeMap<>();
    Map<String, String> peeled = new TreeMap<>();
    for (Ref ref : advertised.values()) {
      String name = ref.getName();
      ObjectId id = ref.getObjectId();
      if (id == null) {
        continue;
      }
      if (name.endsWith(PEELED_SUFFIX)) {
        peeled.put(name.substring(0, name.length() - PEELED_SUFFIX.length()), id.name());
        continue;
      }
      direct.put(name, id.name());
      ObjectId p = ref.getPeeledObjectId();
      if (p != null) {
        peeled.put(name, p.name());
      }
    }
    return new RemoteRefs(Collections.unmodifiableMap(direct), Collections.unmodifiableMap(peeled));
  }

  /**
   * The commit a reference points at (peeling annotated tags), or {@code null} if the remote does
   * not advertise it. A trailing {@code ^{}} in the name asks for the peeled commit explicitly.
   */
  String commitOf(String refName) {
    String name =
        refName.endsWith(PEELED_SUFFIX)
            ? refName.substring(0, refName.length() - PEELED_SUFFIX.length())
            : refName;
    String p = peeled.get(name);
    return p != null ? p : direct.get(name);
  }

  /** Whether the remote advertises the reference. */
  boolean has(String refName) {
    return commitOf(refName) != null;
  }

  /** Short names of all advertised tags. */
  List<String> tagNames() {
    List<String> tags = new ArrayList<>();
    for (String name : direct.keySet()) {
      if (name.startsWith("refs/tags/")) {
        tags.add(name.substring("refs/tags/".length()));
      }
    }
    return tags;
  }

  /** Whether the remote advertises no references at all (an empty repository). */
  boolean isEmpty() {
    return direct.isEmpty();
  }
}
