package io.capstan.gotemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masterminds/semver v3 versions and constraints (as sprig's semver and semverCompare use). */
final class Semver implements GoObject, Comparable<Semver> {
  private static final Pattern VERSION =
      Pattern.compile(
          "^v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
              + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
              + "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?$");

  final long major;
  final long minor;
  final long patch;
  final String pre;
  final String metadata;
  final String original;

  Semver(long major, long minor, long patch, String pre, String metadata, String original) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
    this.metadata = metadata;
    this.original = original;
  }

  static Semver parse(String v) throws Exception {
    Matcher m = VERSION.matcher(v);
    if (!m.matches()) {
      throw new Exception("Invalid Semantic Version");
    }
    try {
      long major = Long.parseUnsignedLong(m.group(1));
      long minor = m.group(2) == null ? 0 : Long.parseUnsignedLong(m.group(2).substring(1));
      long patch = m.group(3) == null ? 0 : Long.parseUnsignedLong(m.group(3).substring(1));
      String pre = m.group(5) == null ? "" : m.group(5);
      for (String part : pre.isEmpty() ? new String[0] : pre.split("\\.")) {
        if (part.matches("[0-9]+") && part.length() > 1 && part.startsWith("0")) {
          throw new Exception("Version segment starts with 0");
        }
      }
      return new Semver(major, minor, patch, pre, m.group(8) == null ? "" : m.group(8), v);
    } catch (NumberFormatException e) {
      throw new Exception("Error parsing version segment: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
    if (!pre.isEmpty()) {
      sb.append('-').append(pre);
    }
    if (!metadata.isEmpty()) {
      sb.append('+').append(metadata);
    }
    return sb.toString();
  }

  @Override
  public int compareTo(Semver o) {
    int c = Long.compareUnsigned(major, o.major);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(minor, o.minor);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(patch, o.patch);
    if (c != 0) {
      return c;
    }
    return comparePrerelease(pre, o.pre);
  }

  static int comparePrerelease(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isEmpty()) {
      return 1;
    }
    if (b.isEmpty()) {
      return -1;
    }
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    int n = Math.max(x.length, y.length);
    for (int i = 0; i < n; i++) {
      if (i >= x.length) {
        return -1;
      }
      if (i >= y.length) {
        return 1;
      }
      int c = comparePart(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int comparePart(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    boolean an = a.matches("[0-9]+");
    boolean bn = b.matches("[0-9]+");
    if (an && bn) {
      return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b)) < 0 ? -1 : 1;
    }
    if (an) {
      return -1;
    }
    if (bn) {
      return 1;
    }
    return a.compareTo(b) < 0 ? -1 : 1;
  }

  @Override
  public Object field(String name) throws TemplateException {
    throw new NoSuchMemberException(name);
  }

  @Override
  public boolean hasMethod(String name) {
    switch (name) {
      case "Major":
      case "Minor":
      case "Patch":
      case "Prerelease":
      case "Metadata":
      case "Original":
      case "String":
      case "Compare":
      case "LessThan":
      case "GreaterThan":
      case "Equal":
      case "IncMajor":
      case "IncMinor":
      case "IncPatch":
        return true;
      default:
        return false;
    }
  }

  @Override
  public Object method(String name, List<Object> args) throws Exception {
    switch (name) {
      case "Major":
        return major;
      case "Minor":
        return minor;
      case "Patch":
        return patch;
      case "Prerelease":
        return pre;
      case "Metadata":
        return metadata;
      case "Original":
        return original;
      case "String":
        return toString();
      case "IncMajor":
        return new Semver(major + 1, 0, 0, "", "", null).withOriginal();
      case "IncMinor":
        return new Semver(major, minor + 1, 0, "", "", null).withOriginal();
      case "IncPatch":
        return pre.isEmpty()
            ? new Semver(major, minor, patch + 1, "", "", null).withOriginal()
            : new Semver(major, minor, patch, "", "", null).withOriginal();
      default:
        if (args.size() != 1 || !(args.get(0) instanceof Semver)) {
          throw new Exception("wrong type for value; expected *semver.Version");
        }
        int c = compareTo((Semver) args.get(0));
        switch (name) {
          case "Compare":
            return GoValues.goInt(c);
          case "LessThan":
            return c < 0;
          case "GreaterThan":
            return c > 0;
          default:
            return c == 0;
        }
    }
  }

  private Semver withOriginal() {
    return new Semver(major, minor, patch, pre, metadata, toString());
  }

  @Override
  public String goTypeName() {
    return "*semver.Version";
  }

  // ---- constraints

  private static final Pattern CONSTRAINT =
      Pattern.compile(
          "^\\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\\^)?\\s*v?([0-9xX*]+)(\\.[0-9xX*]+)?(\\.[0-9xX*]+)?"
              + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
              + "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?\\s*$");

  private static final class Constraint {
    String op;
    Semver con;
    boolean dirty;
    boolean minorDirty;
    boolean patchDirty;
    String orig;
  }

  private static boolean isX(String s) {
    return s.equals("x") || s.equals("X") || s.equals("*");
  }

  private static Constraint parseConstraint(String c) throws Exception {
    Matcher m = CONSTRAINT.matcher(c);
    if (!m.matches()) {
      throw new Exception("improper constraint: " + c);
    }
    Constraint r = new Constraint();
    r.orig = c;
    r.op = m.group(1) == null ? "" : m.group(1);
    String g3 = m.group(2);
    String g4 = m.group(3) == null ? "" : m.group(3);
    String g5 = m.group(4) == null ? "" : m.group(4);
    String pre = m.group(5) == null ? "" : m.group(5);
    String ver;
    if (isX(g3)) {
      ver = "0.0.0" + pre;
      r.dirty = true;
    } else if (g4.isEmpty() || isX(g4.substring(1))) {
      r.minorDirty = true;
      r.dirty = true;
      ver = g3 + ".0.0" + pre;
    } else if (g5.isEmpty() || isX(g5.substring(1))) {
      r.dirty = true;
      r.patchDirty = true;
      ver = g3 + g4 + ".0" + pre;
    } else {
      ver = g3 + g4 + g5 + pre;
    }
    try {
      r.con = parse(ver);
    } catch (Exception e) {
      throw new Exception("improper constraint: " + c);
    }
    return r;
  }

  /** semverCompare: whether version satisfies the constraint string. */
  static boolean check(String constraint, String version) throws Exception {
    List<List<Constraint>> or = new ArrayList<>();
    for (String group : constraint.split("\\|\\|")) {
      List<Constraint> and = new ArrayList<>();
      String g = group.trim();
      Matcher hy = Pattern.compile("^\\s*v?(\\S+)\\s+-\\s+v?(\\S+)\\s*$").matcher(g);
      if (hy.matches()) {
        and.add(parseConstraint(">=" + hy.group(1)));
        and.add(parseConstraint("<=" + hy.group(2)));
      } else {
        // join an operator separated from its version by spaces, then split on commas/spaces
        String norm = g.replaceAll("(=|!=|>=|=>|<=|=<|>|<|~>|~|\\^)\\s+", "$1");
        for (String part : norm.split("[,\\s]+")) {
          if (!part.isEmpty()) {
            and.add(parseConstraint(part));
          }
        }
        if (and.isEmpty()) {
          throw new Exception("improper constraint: " + constraint);
        }
      }
      or.add(and);
    }
    Semver v = parse(version);
    for (List<Constraint> and : or) {
      boolean ok = true;
      for (Constraint c : and) {
        if (!matches(v, c)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Semver v, Constraint c) {
    boolean preGuard = !v.pre.isEmpty() && c.con.pre.isEmpty();
    switch (c.op) {
      case "":
      case "=":
        if (preGuard) {
          return false;
        }
        if (c.dirty) {
          return tilde(v, c);
        }
        return v.compareTo(c.con) == 0;
      case "!=":
        if (c.dirty) {
          if (preGuard) {
            return false;
          }
          if (c.con.major != v.major) {
            return true;
          }
          if (c.con.minor != v.minor && !c.minorDirty) {
            return true;
          } else if (c.minorDirty) {
            return false;
          } else if (c.con.patch != v.patch && !c.patchDirty) {
            return true;
          } else if (c.patchDirty) {
            if (!v.pre.isEmpty() || !c.con.pre.isEmpty()) {
              return comparePrerelease(v.pre, c.con.pre) != 0;
            }
            return false;
          }
        }
        return v.compareTo(c.con) != 0;
      case ">":
        if (preGuard) {
          return false;
        }
        if (!c.dirty) {
          return v.compareTo(c.con) > 0;
        }
        if (v.major > c.con.major) {
          return true;
        } else if (v.major < c.con.major) {
          return false;
        } else if (c.minorDirty) {
          return false;
        } else if (c.patchDirty) {
          return v.minor > c.con.minor;
        }
        return v.compareTo(c.con) > 0;
      case "<":
        if (preGuard) {
          return false;
        }
        return v.compareTo(c.con) < 0;
      case ">=":
      case "=>":
        if (preGuard) {
          return false;
        }
        return v.compareTo(c.con) >= 0;
      case "<=":
      case "=<":
        if (preGuard) {
          return false;
        }
        if (!c.dirty) {
          return v.compareTo(c.con) <= 0;
        }
        if (v.major > c.con.major) {
          return false;
        } else if (v.major == c.con.major && v.minor > c.con.minor && !c.minorDirty) {
          return false;
        }
        return true;
      case "~":
      case "~>":
        return tilde(v, c);
      case "^":
        if (preGuard) {
          return false;
        }
        if (v.compareTo(c.con) < 0) {
          return false;
        }
        if (c.con.major > 0 || c.minorDirty) {
          return v.major == c.con.major;
        }
        if (v.major > 0) {
          return false;
        }
        if (c.con.minor > 0 || c.patchDirty) {
          return v.minor == c.con.minor;
        }
        if (v.minor > 0) {
          return false;
        }
        return v.patch == c.con.patch;
      default:
        return false;
    }
  }

  private static boolean tilde(Semver v, Constraint c) {
    if (!v.pre.isEmpty() && c.con.pre.isEmpty()) {
      return false;
    }
    if (v.compareTo(c.con) < 0) {
      return false;
    }
    if (c.con.major == 0
        && c.con.minor == 0
        && c.con.patch == 0
        && !c.minorDirty
        && !c.patchDirty) {
      return true;
    }
    if (v.major != c.con.major) {
      return false;
    }
    if (v.minor != c.con.minor && !c.minorDirty) {
      return false;
    }
    return true;
  }
}
