package io.capstan.image.automation.update;

import io.capstan.gotemplate.GoFmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a setter update changed: Flux's {@code update.Result}, nested file → object → changes, plus
 * what Flux does not report but an automation must not ignore: markers naming a setter no policy
 * defines ({@link #unresolvedMarkers()}) and files with a marker that are not valid YAML ({@link
 * #problemFiles()}). Immutable.
 */
public final class UpdateResult {

  private final Map<String, Map<ObjectIdentifier, List<Change>>> fileChanges;
  private final List<UnresolvedMarker> unresolvedMarkers;
  private final List<String> problemFiles;

  private UpdateResult(Builder b) {
    Map<String, Map<ObjectIdentifier, List<Change>>> files = new TreeMap<>();
    b.fileChanges.forEach(
        (file, objects) -> {
          Map<ObjectIdentifier, List<Change>> copy = new LinkedHashMap<>();
          objects.forEach((id, changes) -> copy.put(id, List.copyOf(changes)));
          files.put(file, Collections.unmodifiableMap(copy));
        });
    this.fileChanges = Collections.unmodifiableMap(files);
    this.unresolvedMarkers = List.copyOf(b.unresolvedMarkers);
    this.problemFiles = List.copyOf(b.problemFiles);
  }

  /** A result with no changes. */
  public static UpdateResult empty() {
    return new Builder().build();
  }

  /** Collects changes as the update finds them. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Flux's {@code .Changed.FileChanges}: path relative to the update root ({@code /}-separated) →
   * object → changes in document order. Files are in path order.
   */
  public Map<String, Map<ObjectIdentifier, List<Change>>> fileChanges() {
    return fileChanges;
  }

  /** The files written, relative to the update root, in path order. */
  public Set<String> changedFiles() {
    return fileChanges.keySet();
  }

  /** True when no file was changed. */
  public boolean isEmpty() {
    return fileChanges.isEmpty();
  }

  /**
   * Flux's {@code .Changed.Objects}: every object's changes regardless of file (the changes of an
   * object appearing in several files are appended), each list sorted by setter, old, new value.
   */
  public Map<ObjectIdentifier, List<Change>> objects() {
    Map<ObjectIdentifier, List<Change>> result = new LinkedHashMap<>();
    fileChanges
        .values()
        .forEach(
            objects ->
                objects.forEach(
                    (id, changes) ->
                        result.computeIfAbsent(id, k -> new ArrayList<>()).addAll(changes)));
    Map<ObjectIdentifier, List<Change>> sorted = new TreeMap<>(ObjectIdentifier.RANGE_ORDER);
    result.forEach(
        (id, changes) -> {
          changes.sort(Change.ORDER);
          sorted.put(id, List.copyOf(changes));
        });
    return Collections.unmodifiableMap(sorted);
  }

  /** Flux's {@code .Changed.Changes}: every distinct change, sorted by setter, old, new value. */
  public List<Change> changes() {
    Set<Change> seen = new LinkedHashSet<>();
    fileChanges.values().forEach(objects -> objects.values().forEach(seen::addAll));
    List<Change> result = new ArrayList<>(seen);
    result.sort(Change.ORDER);
    return List.copyOf(result);
  }

  /** Markers whose setter no policy defines; nothing was written for them. */
  public List<UnresolvedMarker> unresolvedMarkers() {
    return unresolvedMarkers;
  }

  /**
   * Files (relative paths) that carry the {@code "$imagepolicy"} token but do not parse as YAML or
   * UTF-8; skipped, as Flux does.
   */
  public List<String> problemFiles() {
    return problemFiles;
  }

  /**
   * Flux's deterministic {@code FileChanges.String()}: {@code {"file":{obj:[...]} ...}}, files in
   * path order. The Gerrit Change-Id recipe in Flux's docs hashes it.
   */
  public String fileChangesString() {
    StringBuilder b = new StringBuilder("{");
    int i = 0;
    for (Map.Entry<String, Map<ObjectIdentifier, List<Change>>> e : fileChanges.entrySet()) {
      if (i++ > 0) {
        b.append(' ');
      }
      b.append(GoFmt.quote(e.getKey())).append(':').append(objectChangesString(e.getValue()));
    }
    return b.append('}').toString();
  }

  /**
   * Flux's deterministic {@code ObjectChanges.String()}: objects ordered by apiVersion, kind,
   * namespace, name; each {@code {{{apiVersion kind} {name namespace}}}:[changes]}.
   */
  public static String objectChangesString(Map<ObjectIdentifier, List<Change>> objects) {
    List<ObjectIdentifier> ids = new ArrayList<>(objects.keySet());
    ids.sort(ObjectIdentifier.STRING_ORDER);
    StringBuilder b = new StringBuilder("{");
    int i = 0;
    for (ObjectIdentifier id : ids) {
      if (i++ > 0) {
        b.append(' ');
      }
      b.append(id.goString()).append(':').append(changesString(objects.get(id)));
    }
    return b.append('}').toString();
  }

  /**
   * Flux's deterministic {@code Changes.String()}: {@code [{OldValue:"a" NewValue:"b"
   * Setter:"ns:p"} ...]}, sorted.
   */
  public static String changesString(List<Change> changes) {
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort(Change.ORDER);
    StringBuilder b = new StringBuilder("[");
    int i = 0;
    for (Change c : sorted) {
      if (i++ > 0) {
        b.append(' ');
      }
      b.append("{OldValue:")
          .append(GoFmt.quote(c.oldValue()))
          .append(" NewValue:")
          .append(GoFmt.quote(c.newValue()))
          .append(" Setter:")
          .append(GoFmt.quote(c.setter()))
          .append('}');
    }
    return b.append(']').toString();
  }

  @Override
  public String toString() {
    return fileChangesString();
  }

  /** Accumulates an {@link UpdateResult}. */
  public static final class Builder {
    private final Map<String, Map<ObjectIdentifier, List<Change>>> fileChanges =
        new LinkedHashMap<>();
    private final List<UnresolvedMarker> unresolvedMarkers = new ArrayList<>();
    private final List<String> problemFiles = new ArrayList<>();

    private Builder() {}

    /** Flux's {@code AddChange}: appends {@code change} to the object's changes in the file. */
    public Builder addChange(String file, ObjectIdentifier object, Change change) {
      fileChanges
          .computeIfAbsent(file, f -> new LinkedHashMap<>())
          .computeIfAbsent(object, o -> new ArrayList<>())
          .add(change);
      return this;
    }

    /** Records a marker no policy resolves. */
    public Builder addUnresolved(UnresolvedMarker marker) {
      unresolvedMarkers.add(marker);
      return this;
    }

    /** Records a file that could not be parsed. */
    public Builder addProblemFile(String file) {
      problemFiles.add(file);
      return this;
    }

    /** The result. */
    public UpdateResult build() {
      return new UpdateResult(this);
    }
  }
}
