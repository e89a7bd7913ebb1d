package io.capstan.helm.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The contents of {@code Chart.yaml} (Helm's {@code chart.Metadata}), mutable as Helm's is. */
public final class ChartMetadata {
  /** One entry of {@code dependencies} (Helm's {@code chart.Dependency}). */
  public static final class Dependency {
    public String name = "";
    public String version = "";
    public String repository = "";
    public String condition = "";
    public List<String> tags = new ArrayList<>();
    public boolean enabled;
    public List<Object> importValues = new ArrayList<>();
    public String alias = "";

    Dependency copy() {
      Dependency d = new Dependency();
      d.name = name;
      d.version = version;
      d.repository = repository;
      d.condition = condition;
      d.tags = new ArrayList<>(tags);
      d.enabled = enabled;
      d.importValues = new ArrayList<>(importValues);
      d.alias = alias;
      return d;
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      putIf(m, "version", version);
      m.put("repository", repository);
      putIf(m, "condition", condition);
      if (!tags.isEmpty()) {
        m.put("tags", new ArrayList<Object>(tags));
      }
      if (enabled) {
        m.put("enabled", true);
      }
      if (!importValues.isEmpty()) {
        m.put("import-values", importValues);
      }
      putIf(m, "alias", alias);
      return m;
    }

    Map<String, Object> templateMap() {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("Name", name);
      f.put("Version", version);
      f.put("Repository", repository);
      f.put("Condition", condition);
      f.put("Tags", new ArrayList<Object>(tags));
      f.put("Enabled", enabled);
      f.put("ImportValues", new ArrayList<Object>(importValues));
      f.put("Alias", alias);
      return f;
    }

    GoStruct goObject() {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("Name", name);
      f.put("Version", version);
      f.put("Repository", repository);
      f.put("Condition", condition);
      f.put("Tags", new ArrayList<Object>(tags));
      f.put("Enabled", enabled);
      f.put("ImportValues", importValues);
      f.put("Alias", alias);
      return new GoStruct("*chart.Dependency", f, json());
    }
  }

  public String name = "";
  public String home = "";
  public List<String> sources = new ArrayList<>();
  public String version = "";
  public String description = "";
  public List<String> keywords = new ArrayList<>();
  public List<Map<String, Object>> maintainers = new ArrayList<>();
  public String icon = "";
  public String apiVersion = "";
  public String condition = "";
  public String tags = "";
  public String appVersion = "";
  public boolean deprecated;
  public Map<String, Object> annotations = new LinkedHashMap<>();
  public String kubeVersion = "";
  public List<Dependency> dependencies = new ArrayList<>();

  /** Whether Chart.yaml has a (non-null) dependencies list (Go: a non-nil slice). */
  public boolean hasDependencies;

  public String type = "";

  /** Parses Chart.yaml text (strict about field types, as Go's unmarshal is). */
  static ChartMetadata parse(String text) throws HelmException {
    Map<String, Object> m;
    try {
      m = GoYaml.parseMap(text);
    } catch (GoYaml.YamlException e) {
      throw new HelmException(
          "cannot load Chart.yaml: error converting YAML to JSON: " + e.getMessage());
    }
    ChartMetadata md = new ChartMetadata();
    md.apply(m, "Chart.yaml");
    return md;
  }

  /** Applies fields of a Chart.yaml or requirements.yaml map. */
  @SuppressWarnings("unchecked")
  void apply(Map<String, Object> m, String file) throws HelmException {
    for (var e : m.entrySet()) {
      Object v = e.getValue();
      String k = e.getKey();
      switch (k) {
        case "name" -> name = str(v, k, file);
        case "home" -> home = str(v, k, file);
        case "sources" -> sources = strList(v, k, file);
        case "version" -> version = str(v, k, file);
        case "description" -> description = str(v, k, file);
        case "keywords" -> keywords = strList(v, k, file);
        case "maintainers" -> {
          maintainers = new ArrayList<>();
          if (v instanceof List<?> l) {
            for (Object o : l) {
              if (o == null) {
                continue;
              }
              if (!(o instanceof Map)) {
                throw typeError(file, k, o);
              }
              maintainers.add((Map<String, Object>) o);
            }
          } else if (v != null) {
            throw typeError(file, k, v);
          }
        }
        case "icon" -> icon = str(v, k, file);
        case "apiVersion" -> apiVersion = str(v, k, file);
        case "condition" -> condition = str(v, k, file);
        case "tags" -> tags = str(v, k, file);
        case "appVersion" ->
            appVersion = v instanceof Double d ? GoFormat.formatFloat(d, 'g', -1) : str(v, k, file);
        case "deprecated" -> {
          if (v instanceof Boolean b) {
            deprecated = b;
          } else if (v != null) {
            throw typeError(file, k, v);
          }
        }
        case "annotations" -> {
          annotations = new LinkedHashMap<>();
          if (v instanceof Map<?, ?> am) {
            for (var ae : am.entrySet()) {
              annotations.put((String) ae.getKey(), str(ae.getValue(), "annotations", file));
            }
          } else if (v != null) {
            throw typeError(file, k, v);
          }
        }
        case "kubeVersion" -> kubeVersion = str(v, k, file);
        case "dependencies" -> {
          dependencies = new ArrayList<>();
          hasDependencies = v != null;
          if (v instanceof List<?> l) {
            for (Object o : l) {
              if (o == null) {
                dependencies.add(null);
                continue;
              }
              if (!(o instanceof Map)) {
                throw typeError(file, k, o);
              }
              dependencies.add(dependency((Map<String, Object>) o, file));
            }
          } else if (v != null) {
            throw typeError(file, k, v);
          }
        }
        case "type" -> type = str(v, k, file);
        default -> {}
      }
    }
  }

  private static Dependency dependency(Map<String, Object> m, String file) throws HelmException {
    Dependency d = new Dependency();
    for (var e : m.entrySet()) {
      Object v = e.getValue();
      switch (e.getKey()) {
        case "name" -> d.name = str(v, "name", file);
        case "version" -> d.version = str(v, "version", file);
        case "repository" -> d.repository = str(v, "repository", file);
        case "condition" -> d.condition = str(v, "condition", file);
        case "tags" -> d.tags = strList(v, "tags", file);
        case "enabled" -> d.enabled = Boolean.TRUE.equals(v);
        case "import-values" -> {
          d.importValues = new ArrayList<>();
          if (v instanceof List<?> l) {
            d.importValues.addAll(l);
          } else if (v != null) {
            throw typeError(file, "import-values", v);
          }
        }
        case "alias" -> d.alias = str(v, "alias", file);
        default -> {}
      }
    }
    return d;
  }

  private static String str(Object v, String key, String file) throws HelmException {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    // sigs.k8s.io/yaml turns scalars aimed at a string field into strings (floats with
    // float32 precision: "appVersion: 1.10" becomes "1.1")
    if (v instanceof Double d) {
      return GoFormat.formatFloat32((float) d.doubleValue());
    }
    if (v instanceof Boolean || v instanceof Long) {
      return v.toString();
    }
    throw typeError(file, key, v);
  }

  private static List<String> strList(Object v, String key, String file) throws HelmException {
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof List<?> l)) {
      throw typeError(file, key, v);
    }
    for (Object o : l) {
      out.add(str(o, key, file));
    }
    return out;
  }

  private static HelmException typeError(String file, String key, Object v) {
    return new HelmException(
        "cannot load "
            + file
            + ": error unmarshaling JSON: json: cannot unmarshal "
            + GoYaml.jsonKind(v)
            + " into Go struct field ."
            + key);
  }

  private static final Pattern ALIAS = Pattern.compile("^[a-zA-Z0-9-_]+$");

  /** Helm's {@code Metadata.Validate}. */
  void validate() throws HelmException {
    if (apiVersion.isEmpty()) {
      throw new HelmException("validation: chart.metadata.apiVersion is required");
    }
    if (name.isEmpty()) {
      throw new HelmException("validation: chart.metadata.name is required");
    }
    if (name.contains("/") || name.equals("..") || name.equals(".")) {
      throw new HelmException("validation: chart.metadata.name \"" + name + "\" is invalid");
    }
    if (version.isEmpty()) {
      throw new HelmException("validation: chart.metadata.version is required");
    }
    if (!SemverRange.isValidVersion(version)) {
      throw new HelmException("validation: chart.metadata.version \"" + version + "\" is invalid");
    }
    if (!type.isEmpty() && !type.equals("application") && !type.equals("library")) {
      throw new HelmException("validation: chart.metadata.type must be application or library");
    }
    for (Map<String, Object> mt : maintainers) {
      Object n = mt.get("name");
      if (n == null || "".equals(n)) {
        throw new HelmException("validation: chart.metadata.maintainers must have a name");
      }
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Dependency d : dependencies) {
      if (d == null) {
        throw new HelmException("validation: dependencies must not contain empty or null nodes");
      }
      if (d.name.isEmpty()) {
        throw new HelmException("validation: dependency must have a name");
      }
      if (!d.alias.isEmpty() && !ALIAS.matcher(d.alias).matches()) {
        throw new HelmException(
            "validation: dependency \"" + d.name + "\" has disallowed characters in the alias");
      }
      String key = d.alias.isEmpty() ? d.name : d.alias;
      if (!seen.add(key)) {
        throw new HelmException(
            "validation: more than one dependency with name or alias \"" + key + "\"");
      }
    }
  }

  ChartMetadata copy() {
    ChartMetadata c = new ChartMetadata();
    c.name = name;
    c.home = home;
    c.sources = sources;
    c.version = version;
    c.description = description;
    c.keywords = keywords;
    c.maintainers = maintainers;
    c.icon = icon;
    c.apiVersion = apiVersion;
    c.condition = condition;
    c.tags = tags;
    c.appVersion = appVersion;
    c.deprecated = deprecated;
    c.annotations = annotations;
    c.kubeVersion = kubeVersion;
    c.dependencies = dependencies;
    c.hasDependencies = hasDependencies;
    c.type = type;
    return c;
  }

  private static void putIf(Map<String, Object> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }

  /** The JSON form (Go json tags with omitempty). */
  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    putIf(m, "home", home);
    if (!sources.isEmpty()) {
      m.put("sources", new ArrayList<Object>(sources));
    }
    m.put("version", version);
    putIf(m, "description", description);
    if (!keywords.isEmpty()) {
      m.put("keywords", new ArrayList<Object>(keywords));
    }
    if (!maintainers.isEmpty()) {
      m.put("maintainers", new ArrayList<Object>(maintainers));
    }
    putIf(m, "icon", icon);
    m.put("apiVersion", apiVersion);
    putIf(m, "condition", condition);
    putIf(m, "tags", tags);
    putIf(m, "appVersion", appVersion);
    if (deprecated) {
      m.put("deprecated", true);
    }
    if (!annotations.isEmpty()) {
      m.put("annotations", annotations);
    }
    putIf(m, "kubeVersion", kubeVersion);
    if (!dependencies.isEmpty()) {
      List<Object> l = new ArrayList<>();
      for (Dependency d : dependencies) {
        l.add(d.json());
      }
      m.put("dependencies", l);
    }
    putIf(m, "type", type);
    return m;
  }

  /**
   * {@code .Chart} as Helm v4 gives it to templates: the metadata struct turned into a map keyed by
   * Go field names (so a missing field is just a missing key), plus {@code IsRoot}.
   */
  Map<String, Object> templateMap(boolean isRoot) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("Name", name);
    f.put("Home", home);
    f.put("Sources", new ArrayList<Object>(sources));
    f.put("Version", version);
    f.put("Description", description);
    f.put("Keywords", new ArrayList<Object>(keywords));
    List<Object> ms = new ArrayList<>();
    for (Map<String, Object> mt : maintainers) {
      Map<String, Object> mf = new LinkedHashMap<>();
      mf.put("Name", mt.getOrDefault("name", ""));
      mf.put("Email", mt.getOrDefault("email", ""));
      mf.put("URL", mt.getOrDefault("url", ""));
      ms.add(mf);
    }
    f.put("Maintainers", ms);
    f.put("Icon", icon);
    f.put("APIVersion", apiVersion);
    f.put("Condition", condition);
    f.put("Tags", tags);
    f.put("AppVersion", appVersion);
    f.put("Deprecated", deprecated);
    f.put("Annotations", new LinkedHashMap<>(annotations));
    f.put("KubeVersion", kubeVersion);
    List<Object> ds = new ArrayList<>();
    for (Dependency d : dependencies) {
      ds.add(d.templateMap());
    }
    f.put("Dependencies", ds);
    f.put("Type", type);
    f.put("IsRoot", isRoot);
    return f;
  }

  /** {@code .Chart} as a Go struct (Helm v3 style; kept for embedders). */
  GoStruct goObject(boolean isRoot) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("Name", name);
    f.put("Home", home);
    f.put("Sources", new ArrayList<Object>(sources));
    f.put("Version", version);
    f.put("Description", description);
    f.put("Keywords", new ArrayList<Object>(keywords));
    List<Object> ms = new ArrayList<>();
    for (Map<String, Object> mt : maintainers) {
      Map<String, Object> mf = new LinkedHashMap<>();
      mf.put("Name", mt.getOrDefault("name", ""));
      mf.put("Email", mt.getOrDefault("email", ""));
      mf.put("URL", mt.getOrDefault("url", ""));
      ms.add(new GoStruct("*chart.Maintainer", mf, mt));
    }
    f.put("Maintainers", ms);
    f.put("Icon", icon);
    f.put("APIVersion", apiVersion);
    f.put("Condition", condition);
    f.put("Tags", tags);
    f.put("AppVersion", appVersion);
    f.put("Deprecated", deprecated);
    f.put("Annotations", annotations);
    f.put("KubeVersion", kubeVersion);
    List<Object> ds = new ArrayList<>();
    for (Dependency d : dependencies) {
      ds.add(d.goObject());
    }
    f.put("Dependencies", ds);
    f.put("Type", type);
    f.put("IsRoot", isRoot);
    return new GoStruct("chart.Metadata", f, json());
  }
}
