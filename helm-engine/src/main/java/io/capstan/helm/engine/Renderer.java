package io.capstan.helm.engine;

import io.capstan.gotemplate.Functions;
import io.capstan.gotemplate.TemplateException;
import io.capstan.gotemplate.TemplateOptions;
import io.capstan.gotemplate.TemplateSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helm's engine.Render: all templates of a chart tree in one set, each with its scoped values. */
final class Renderer {
  private record Renderable(String text, Map<String, Object> vals, String basePath) {}

  private static final Pattern WARN =
      Pattern.compile(HelmFunctions.WARN_START + "(.*)" + HelmFunctions.WARN_END, Pattern.DOTALL);

  private Renderer() {}

  /** Renders every template; returns file name → output (partials excluded). */
  static Map<String, String> render(Chart chart, Map<String, Object> top, Lookup lookup)
      throws HelmException {
    Map<String, Renderable> tpls = new LinkedHashMap<>();
    recAllTpls(chart, tpls, top);
    Functions functions = HelmFunctions.create(lookup);
    TemplateSet set =
        TemplateSet.create(
            functions, TemplateOptions.defaults().withMissingKey(TemplateOptions.MissingKey.ZERO));
    List<String> keys = sortTemplates(new ArrayList<>(tpls.keySet()));
    for (String name : keys) {
      try {
        set.parse(name, tpls.get(name).text);
      } catch (TemplateException e) {
        throw new HelmException(cleanupParseError(name, e.getMessage()), e);
      } catch (RuntimeException e) {
        throw new HelmException("parse error in (" + name + "): " + e, e);
      }
    }
    Map<String, String> rendered = new LinkedHashMap<>();
    for (String name : keys) {
      if (base(name).startsWith("_")) {
        continue;
      }
      Renderable r = tpls.get(name);
      Map<String, Object> vals = new LinkedHashMap<>(r.vals);
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("Name", name);
      t.put("BasePath", r.basePath);
      vals.put("Template", t);
      try {
        rendered.put(name, set.execute(name, vals).replace("<no value>", ""));
      } catch (TemplateException e) {
        throw new HelmException(cleanupExecError(name, e.getMessage()), e);
      } catch (StackOverflowError e) {
        throw new HelmException("rendering template failed: runtime error: stack overflow", null);
      } catch (RuntimeException e) {
        throw new HelmException("rendering template failed: " + e, e);
      }
    }
    return rendered;
  }

  private static Map<String, Object> recAllTpls(
      Chart c, Map<String, Renderable> templates, Map<String, Object> vals) {
    Map<String, Object> subCharts = new LinkedHashMap<>();
    Map<String, Object> next = new LinkedHashMap<>();
    next.put("Chart", c.metadata.templateMap(c.isRoot()));
    next.put("Files", new FilesObject(c.files));
    next.put("Release", vals.get("Release"));
    next.put("Capabilities", vals.get("Capabilities"));
    next.put("Values", new LinkedHashMap<String, Object>());
    next.put("Subcharts", subCharts);
    if (c.isRoot()) {
      next.put("Values", vals.get("Values"));
    } else {
      Object pv = vals.get("Values");
      if (pv instanceof Map<?, ?> pm) {
        @SuppressWarnings("unchecked")
        Map<String, Object> t = Values.table((Map<String, Object>) pm, c.name());
        if (t != null) {
          next.put("Values", t);
        }
      }
    }
    for (Chart child : c.dependencies) {
      subCharts.put(child.name(), recAllTpls(child, templates, next));
    }
    String parentId = c.fullPath();
    for (ChartFile t : c.templates) {
      if (c.isLibrary() && !base(t.name()).startsWith("_")) {
        continue;
      }
      templates.put(
          parentId + "/" + t.name(), new Renderable(t.text(), next, parentId + "/templates"));
    }
    return next;
  }

  static List<String> sortTemplates(List<String> keys) {
    keys.sort(
        (a, b) -> {
          int ca = count(a);
          int cb = count(b);
          if (ca != cb) {
            return Integer.compare(cb, ca);
          }
          return GoFormat.compareBytes(b, a);
        });
    return keys;
  }

  private static int count(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  static String base(String p) {
    int i = p.lastIndexOf('/');
    return i < 0 ? p : p.substring(i + 1);
  }

  static String cleanupParseError(String filename, String msg) {
    String[] tokens = msg.split(": ");
    if (tokens.length == 1) {
      return "parse error in (" + filename + "): " + msg;
    }
    return "parse error at (" + tokens[1] + "): " + tokens[tokens.length - 1];
  }

  static String cleanupExecError(String filename, String msg) {
    String[] tokens = msg.split(": ", 3);
    if (tokens.length != 3) {
      Matcher m = WARN.matcher(msg);
      if (m.find()) {
        return "execution error in (" + filename + "): " + m.group(1);
      }
      return "execution error in (" + filename + "): " + msg;
    }
    Matcher m = WARN.matcher(tokens[2]);
    if (m.find()) {
      return "execution error at (" + tokens[1] + "): " + m.group(1);
    }
    return trace(msg);
  }

  /**
   * Helm v4's {@code reformatExecErrorMsg}: when every error of the chain (an execution error, the
   * template errors of the {@code include}s it went through) is a template error, the chain is
   * printed one location per block ({@code file:line:col}, {@code executing "x" at <node>:}, the
   * message); when the innermost error is another function's error, the message stays as it is.
   */
  static String trace(String msg) {
    StringBuilder out = new StringBuilder();
    String level = msg;
    while (level != null) {
      if (!level.startsWith("template: ")) {
        return msg;
      }
      String rest = level.substring("template: ".length());
      if (rest.startsWith("no template ")) {
        out.append(level).append('\n');
        break;
      }
      String location;
      String executed = "";
      String message;
      String next = null;
      int exec = rest.indexOf(": executing \"");
      int close = exec < 0 ? -1 : rest.indexOf('"', exec + 14);
      int at = close < 0 ? -1 : rest.indexOf(">: ", close);
      if (exec >= 0 && close >= 0 && rest.startsWith(" at <", close + 1) && at >= 0) {
        location = rest.substring(0, exec);
        executed = rest.substring(exec + 2, at + 2);
        message = rest.substring(at + 3);
      } else {
        int sep = rest.lastIndexOf(": ");
        if (sep < 0) {
          return msg;
        }
        location = rest.substring(0, sep);
        message = rest.substring(sep + 2);
      }
      if (message.startsWith("error calling ")) {
        // "error calling NAME: %w": the wrapped error is the next of the chain
        int colon = message.indexOf(": ", "error calling ".length());
        if (colon < 0) {
          return msg;
        }
        next = message.substring(colon + 2);
      }
      int cut = message.indexOf(" template:");
      if (cut >= 0) {
        message = message.substring(0, cut);
      }
      if (!location.isEmpty()) {
        out.append(location).append("\n  ");
      }
      if (!executed.isEmpty()) {
        out.append(executed).append("\n    ");
      }
      out.append(message).append('\n');
      level = next;
    }
    return out.toString().strip();
  }
}
