package io.capstan.image.automation.commit;

import io.capstan.gotemplate.GoObject;
import io.capstan.gotemplate.GoStringer;
import io.capstan.gotemplate.TemplateException;
import io.capstan.image.automation.update.Change;
import io.capstan.image.automation.update.ObjectIdentifier;
import io.capstan.image.automation.update.UpdateResult;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The value a commit message template runs on, shaped like Flux's {@code TemplateData} so Flux
 * templates work unchanged: {@code .AutomationObject} ({@code .Name}, {@code .Namespace}, printed
 * {@code namespace/name}), {@code .Changed} ({@code .FileChanges}, {@code .Objects}, {@code
 * .Changes}) and {@code .Values}. The deprecated {@code .Updated} is gone in {@code v1}: a template
 * using it fails, as in Flux.
 *
 * <p>Maps range in Go's order (files by path; objects field by field: apiVersion, kind, name,
 * namespace), and {@code FileChanges}, {@code Objects} and {@code Changes} print with Flux's
 * deterministic {@code String()} forms, which the Gerrit Change-Id recipe in Flux's docs hashes.
 */
final class TemplateData implements GoObject {

  private final NamespacedName automationObject;
  private final Result changed;
  private final Map<String, String> values;

  TemplateData(String namespace, String name, UpdateResult changed, Map<String, String> values) {
    this.automationObject = new NamespacedName(namespace, name);
    this.changed = new Result(changed);
    this.values = values == null ? Map.of() : new TreeMap<>(values);
  }

  @Override
  public Object field(String name) throws TemplateException {
    return switch (name) {
      case "AutomationObject" -> automationObject;
      case "Changed" -> changed;
      case "Values" -> values;
      default -> throw new NoSuchMemberException(name);
    };
  }

  @Override
  public String goTypeName() {
    return "source.TemplateData";
  }

  /** Kubernetes' {@code types.NamespacedName}: prints {@code namespace/name}. */
  record NamespacedName(String namespace, String name) implements GoObject, GoStringer {
    @Override
    public Object field(String f) throws TemplateException {
      return switch (f) {
        case "Name" -> name;
        case "Namespace" -> namespace;
        default -> throw new NoSuchMemberException(f);
      };
    }

    @Override
    public String goString() {
      return namespace + "/" + name;
    }

    @Override
    public String toString() {
      return goString();
    }

    @Override
    public String goTypeName() {
      return "types.NamespacedName";
    }
  }

  /**
   * Flux's {@code update.Result}: field {@code FileChanges}, methods {@code Objects}, {@code
   * Changes}.
   */
  static final class Result implements GoObject {
    private final UpdateResult result;
    private final FileChanges fileChanges;

    Result(UpdateResult result) {
      this.result = result;
      this.fileChanges = new FileChanges(result);
    }

    @Override
    public Object field(String name) throws TemplateException {
      if (name.equals("FileChanges")) {
        return fileChanges;
      }
      throw new NoSuchMemberException(name);
    }

    @Override
    public boolean hasMethod(String name) {
      return name.equals("Objects") || name.equals("Changes");
    }

    @Override
    public Object method(String name, List<Object> args) throws Exception {
      if (!args.isEmpty()) {
        throw new TemplateException(
            "wrong number of args for " + name + ": want 0 got " + args.size());
      }
      return switch (name) {
        case "Objects" -> new ObjectChanges(result.objects());
        case "Changes" -> new Changes(result.changes());
        default -> throw new NoSuchMemberException(name);
      };
    }

    @Override
    public String goTypeName() {
      return "update.Result";
    }
  }

  /** Flux's {@code FileChanges}: file → {@link ObjectChanges}, in path order. */
  static final class FileChanges extends AbstractMap<String, Object> implements GoStringer {
    private final Map<String, Object> files = new TreeMap<>();
    private final String string;

    FileChanges(UpdateResult result) {
      result.fileChanges().forEach((file, objects) -> files.put(file, new ObjectChanges(objects)));
      this.string = result.fileChangesString();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return files.entrySet();
    }

    @Override
    public String goString() {
      return string;
    }
  }

  /** Flux's {@code ObjectChanges}: object → {@link Changes}. */
  static final class ObjectChanges extends AbstractMap<Object, Object> implements GoStringer {
    private final Map<Object, Object> objects = new LinkedHashMap<>();
    private final String string;

    ObjectChanges(Map<ObjectIdentifier, List<Change>> changes) {
      Map<ObjectIdentifier, List<Change>> sorted = new TreeMap<>(ObjectIdentifier.RANGE_ORDER);
      sorted.putAll(changes);
      sorted.forEach((id, list) -> objects.put(new Identifier(id), new Changes(list)));
      this.string = UpdateResult.objectChangesString(changes);
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
      return objects.entrySet();
    }

    @Override
    public String goString() {
      return string;
    }
  }

  /** Flux's {@code ObjectIdentifier}: {@code .APIVersion .Kind .Name .Namespace}. */
  record Identifier(ObjectIdentifier id) implements GoObject, GoStringer, Comparable<Identifier> {
    @Override
    public Object field(String name) throws TemplateException {
      return switch (name) {
        case "APIVersion" -> id.apiVersion();
        case "Kind" -> id.kind();
        case "Name" -> id.name();
        case "Namespace" -> id.namespace();
        default -> throw new NoSuchMemberException(name);
      };
    }

    @Override
    public int compareTo(Identifier o) {
      return ObjectIdentifier.RANGE_ORDER.compare(id, o.id);
    }

    @Override
    public String goString() {
      return id.goString();
    }

    @Override
    public String toString() {
      return goString();
    }

    @Override
    public String goTypeName() {
      return "update.ObjectIdentifier";
    }
  }

  /** Flux's {@code Changes}: a list of {@link ChangeValue}s printing as Flux's {@code String()}. */
  static final class Changes extends AbstractList<Object> implements GoStringer {
    private final List<Change> changes;

    Changes(List<Change> changes) {
      this.changes = List.copyOf(changes);
    }

    @Override
    public Object get(int index) {
      return new ChangeValue(changes.get(index));
    }

    @Override
    public int size() {
      return changes.size();
    }

    @Override
    public String goString() {
      return UpdateResult.changesString(changes);
    }
  }

  /** Flux's {@code Change}: {@code .OldValue .NewValue .Setter}; prints as Go's struct form. */
  record ChangeValue(Change change) implements GoObject, GoStringer {
    @Override
    public Object field(String name) throws TemplateException {
      return switch (name) {
        case "OldValue" -> change.oldValue();
        case "NewValue" -> change.newValue();
        case "Setter" -> change.setter();
        default -> throw new NoSuchMemberException(name);
      };
    }

    @Override
    public String goString() {
      return "{" + change.oldValue() + " " + change.newValue() + " " + change.setter() + "}";
    }

    @Override
    public String toString() {
      return goString();
    }

    @Override
    public String goTypeName() {
      return "update.Change";
    }
  }
}
