package io.capstan.helm.engine;

import io.capstan.gotemplate.GoObject;
import io.capstan.gotemplate.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code .Files}: Get, GetBytes, Glob, Lines, AsConfig, AsSecrets (Helm's engine/files.go). Like
 * Go's {@code files} (a {@code map[string][]byte} with methods) it is also a map, so {@code range
 * $path, $bytes := .Files.Glob "x/*"} works.
 */
final class FilesObject extends LinkedHashMap<String, Object> implements GoObject {
  private static final long serialVersionUID = 1L;
  private final Map<String, byte[]> files;

  FilesObject(List<ChartFile> list) {
    this.files = new LinkedHashMap<>();
    for (ChartFile f : list) {
      files.put(f.name(), f.data());
    }
    putAll(files);
  }

  private FilesObject(Map<String, byte[]> files) {
    this.files = files;
    putAll(files);
  }

  @Override
  public Object field(String name) throws TemplateException {
    return files.get(name);
  }

  @Override
  public boolean hasMethod(String name) {
    return switch (name) {
      case "Get", "GetBytes", "Glob", "Lines", "AsConfig", "AsSecrets" -> true;
      default -> false;
    };
  }

  @Override
  public String goTypeName() {
    return "engine.files";
  }

  @Override
  public Object method(String name, List<Object> args) throws Exception {
    switch (name) {
      case "Get":
        return get(arg(args));
      case "GetBytes":
        {
          byte[] b = files.get(arg(args));
          return b == null ? new byte[0] : b;
        }
      case "Glob":
        {
          Pattern p;
          try {
            p = GoGlob.gobwas(arg(args));
          } catch (RuntimeException e) {
            p = GoGlob.gobwas("**"); // Helm: an invalid pattern matches everything
          }
          Map<String, byte[]> out = new LinkedHashMap<>();
          for (var e : files.entrySet()) {
            if (p.matcher(e.getKey()).matches()) {
              out.put(e.getKey(), e.getValue());
            }
          }
          return new FilesObject(out);
        }
      case "Lines":
        {
          String path = arg(args);
          byte[] b = files.get(path);
          List<Object> out = new ArrayList<>();
          if (b == null) {
            return out;
          }
          String s = new String(b, StandardCharsets.UTF_8);
          if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
          }
          for (String line : s.split("\n", -1)) {
            out.add(line);
          }
          return out;
        }
      case "AsConfig":
        {
          Map<String, Object> m = new TreeMap<>();
          for (var e : files.entrySet()) {
            m.put(base(e.getKey()), new String(e.getValue(), StandardCharsets.UTF_8));
          }
          return trimSuffixNewline(GoYamlEmitter.marshal(m));
        }
      case "AsSecrets":
        {
          Map<String, Object> m = new TreeMap<>();
          for (var e : files.entrySet()) {
            m.put(base(e.getKey()), Base64.getEncoder().encodeToString(e.getValue()));
          }
          return trimSuffixNewline(GoYamlEmitter.marshal(m));
        }
      default:
        throw new NoSuchMemberException(name);
    }
  }

  private static String trimSuffixNewline(String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  private String get(String name) {
    byte[] b = files.get(name);
    return b == null ? "" : new String(b, StandardCharsets.UTF_8);
  }

  private static String arg(List<Object> args) throws TemplateException {
    if (args.size() != 1) {
      throw new TemplateException("wrong number of args: want 1 got " + args.size());
    }
    Object a = args.get(0);
    return a == null ? "" : a.toString();
  }

  private static String base(String p) {
    int i = p.lastIndexOf('/');
    return i < 0 ? p : p.substring(i + 1);
  }
}
