package io.capstan.kustomize.engine.resource;

import io.capstan.kustomize.engine.KustomizeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A Kubernetes label selector string: {@code a=b, c!=d, e in (f,g), h notin (i), j, !k}. */
public final class LabelSelector {
  private record Req(String key, String op, Set<String> values) {}

  private final List<Req> reqs;

  private LabelSelector(List<Req> reqs) {
    this.reqs = reqs;
  }

  /** Parses a selector; the empty string selects everything. */
  public static LabelSelector parse(String s) {
    List<Req> reqs = new ArrayList<>();
    if (s == null || s.isBlank()) {
      return new LabelSelector(reqs);
    }
    for (String part : splitTop(s)) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(p);
      if (m.matches()) {
        Set<String> vals = new java.util.HashSet<>();
        for (String v : m.group(3).split(",")) {
          vals.add(v.trim());
        }
        reqs.add(new Req(m.group(1), m.group(2), vals));
      } else if (p.contains("!=")) {
        String[] kv = p.split("!=", 2);
        reqs.add(new Req(kv[0].trim(), "!=", Set.of(kv[1].trim())));
      } else if (p.contains("==")) {
        String[] kv = p.split("==", 2);
        reqs.add(new Req(kv[0].trim(), "=", Set.of(kv[1].trim())));
      } else if (p.contains("=")) {
        String[] kv = p.split("=", 2);
        reqs.add(new Req(kv[0].trim(), "=", Set.of(kv[1].trim())));
      } else if (p.startsWith("!")) {
        reqs.add(new Req(p.substring(1).trim(), "!", Set.of()));
      } else if (p.matches("[A-Za-z0-9_./-]+")) {
        reqs.add(new Req(p, "exists", Set.of()));
      } else {
        throw new KustomizeException("unable to parse requirement: " + p);
      }
    }
    return new LabelSelector(reqs);
  }

  private static List<String> splitTop(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  /** True when every requirement holds for {@code labels}. */
  public boolean matches(Map<String, String> labels) {
    for (Req r : reqs) {
      String v = labels.get(r.key);
      boolean ok =
          switch (r.op) {
            case "=" -> v != null && r.values.contains(v);
            case "!=" -> v == null || !r.values.contains(v);
            case "in" -> v != null && r.values.contains(v);
            case "notin" -> v == null || !r.values.contains(v);
            case "exists" -> v != null;
            default -> v == null;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
