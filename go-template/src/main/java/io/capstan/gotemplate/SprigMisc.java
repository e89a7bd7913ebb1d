package io.capstan.gotemplate;

import static io.capstan.gotemplate.Builtins.fixed;
import static io.capstan.gotemplate.Builtins.variadic;
import static io.capstan.gotemplate.Conv.str;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sprig's defaults, reflection, JSON, paths, URLs, semver and date functions. */
final class SprigMisc {
  private SprigMisc() {}

  static void register(Map<String, TemplateFunction> m) {
    m.put(
        "default",
        variadic(
            1,
            (c, a) -> {
              Object d = a.get(0);
              if (a.size() < 2 || Conv.empty(a.get(1))) {
                return d;
              }
              return a.get(1);
            }));
    m.put("empty", fixed(1, (c, a) -> Conv.empty(a.get(0))));
    m.put(
        "coalesce",
        variadic(
            0,
            (c, a) -> {
              for (Object o : a) {
                if (!Conv.empty(o)) {
                  return o;
                }
              }
              return null;
            }));
    m.put(
        "all",
        variadic(
            0,
            (c, a) -> {
              for (Object o : a) {
                if (Conv.empty(o)) {
                  return false;
                }
              }
              return true;
            }));
    m.put(
        "any",
        variadic(
            0,
            (c, a) -> {
              for (Object o : a) {
                if (!Conv.empty(o)) {
                  return true;
                }
              }
              return false;
            }));
    m.put("ternary", fixed(3, (c, a) -> Conv.boolParam(a.get(2)) ? a.get(0) : a.get(1)));
    m.put(
        "fail",
        fixed(
            1,
            (c, a) -> {
              throw new Exception(str(a.get(0)));
            }));
    m.put("typeOf", fixed(1, (c, a) -> GoValues.typeName(a.get(0))));
    m.put("typeIs", fixed(2, (c, a) -> str(a.get(0)).equals(GoValues.typeName(a.get(1)))));
    m.put(
        "typeIsLike",
        fixed(
            2,
            (c, a) -> {
              String t = GoValues.typeName(a.get(1));
              String target = str(a.get(0));
              return target.equals(t) || ("*" + target).equals(t);
            }));
    m.put("kindOf", fixed(1, (c, a) -> GoValues.kindName(a.get(0))));
    m.put("kindIs", fixed(2, (c, a) -> str(a.get(0)).equals(GoValues.kindName(a.get(1)))));
    m.put("deepEqual", fixed(2, (c, a) -> Conv.deepEqual(a.get(0), a.get(1))));
    // JSON
    m.put("toJson", fixed(1, (c, a) -> quietly(() -> JsonValues.marshal(a.get(0), true))));
    m.put("mustToJson", fixed(1, (c, a) -> JsonValues.marshal(a.get(0), true)));
    m.put(
        "toPrettyJson",
        fixed(1, (c, a) -> quietly(() -> JsonValues.marshalIndent(a.get(0), "", "  ", true))));
    m.put(
        "mustToPrettyJson", fixed(1, (c, a) -> JsonValues.marshalIndent(a.get(0), "", "  ", true)));
    m.put("toRawJson", fixed(1, (c, a) -> quietly(() -> JsonValues.marshal(a.get(0), false))));
    m.put("mustToRawJson", fixed(1, (c, a) -> JsonValues.marshal(a.get(0), false)));
    m.put(
        "fromJson",
        fixed(
            1,
            (c, a) -> {
              try {
                return JsonValues.unmarshal(str(a.get(0)));
              } catch (Builtins.ArgError e) {
                throw e;
              } catch (Exception e) {
                return null;
              }
            }));
    m.put("mustFromJson", fixed(1, (c, a) -> JsonValues.unmarshal(str(a.get(0)))));
    // paths
    m.put("base", fixed(1, (c, a) -> GoPath.base(str(a.get(0)))));
    m.put("dir", fixed(1, (c, a) -> GoPath.dir(str(a.get(0)))));
    m.put("clean", fixed(1, (c, a) -> GoPath.clean(str(a.get(0)))));
    m.put("ext", fixed(1, (c, a) -> GoPath.ext(str(a.get(0)))));
    m.put("isAbs", fixed(1, (c, a) -> str(a.get(0)).startsWith("/")));
    // filepath variants: identical to path on Linux
    m.put("osBase", m.get("base"));
    m.put("osDir", m.get("dir"));
    m.put("osClean", m.get("clean"));
    m.put("osExt", m.get("ext"));
    m.put("osIsAbs", m.get("isAbs"));
    m.put("hello", fixed(0, (c, a) -> "Hello!"));
    // network
    m.put("urlParse", fixed(1, (c, a) -> urlParse(str(a.get(0)))));
    m.put("urlJoin", fixed(1, (c, a) -> urlJoin(Conv.mapParam(a.get(0)))));
    m.put(
        "getHostByName",
        fixed(
            1,
            (c, a) -> {
              throw new Exception(
                  "getHostByName is not available: templates are rendered without network access");
            }));
    m.put(
        "randInt",
        fixed(
            2,
            (c, a) -> {
              int min = Conv.intParam(a.get(0));
              int max = Conv.intParam(a.get(1));
              if (max - min <= 0) {
                throw new Exception("invalid argument to Intn");
              }
              return min + SprigStrings.RANDOM.nextInt(max - min);
            }));
    // semver
    m.put("semver", fixed(1, (c, a) -> Semver.parse(str(a.get(0)))));
    m.put("semverCompare", fixed(2, (c, a) -> Semver.check(str(a.get(0)), str(a.get(1)))));
    // dates
    m.put("now", fixed(0, (c, a) -> GoTime.now()));
    m.put("date", fixed(2, (c, a) -> formatDate(str(a.get(0)), a.get(1), "Local")));
    m.put("dateInZone", fixed(3, (c, a) -> formatDate(str(a.get(0)), a.get(1), str(a.get(2)))));
    m.put("date_in_zone", m.get("dateInZone"));
    m.put("htmlDate", fixed(1, (c, a) -> formatDate("2006-01-02", a.get(0), "Local")));
    m.put("htmlDateInZone", fixed(2, (c, a) -> formatDate("2006-01-02", a.get(0), str(a.get(1)))));
    m.put(
        "toDate",
        fixed(
            2,
            (c, a) -> {
              try {
                return parseDate(str(a.get(0)), str(a.get(1)));
              } catch (Builtins.ArgError e) {
                throw e;
              } catch (Exception e) {
                return new GoTime(ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC")), "UTC");
              }
            }));
    m.put("mustToDate", fixed(2, (c, a) -> parseDate(str(a.get(0)), str(a.get(1)))));
    m.put("unixEpoch", fixed(1, (c, a) -> Long.toString(time(a.get(0)).t.toEpochSecond())));
    m.put(
        "dateModify",
        fixed(
            2,
            (c, a) -> {
              GoTime t = time(a.get(1));
              try {
                return t.plus(GoTime.parseDuration(str(a.get(0))));
              } catch (Builtins.ArgError e) {
                throw e;
              } catch (Exception e) {
                return t;
              }
            }));
    m.put("date_modify", m.get("dateModify"));
    m.put(
        "must_date_modify",
        fixed(2, (c, a) -> time(a.get(1)).plus(GoTime.parseDuration(str(a.get(0))))));
    m.put(
        "mustDateModify",
        fixed(2, (c, a) -> time(a.get(1)).plus(GoTime.parseDuration(str(a.get(0))))));
    m.put(
        "ago",
        fixed(
            1,
            (c, a) -> {
              GoTime t = toTime(a.get(0));
              long nanos =
                  java.time.Duration.between(t.t.toInstant(), java.time.Instant.now()).toNanos();
              long rounded = Math.round(nanos / 1e9) * 1_000_000_000L;
              return GoTime.durationString(rounded);
            }));
    m.put(
        "duration",
        fixed(
            1,
            (c, a) -> {
              Object v = a.get(0);
              long n = 0;
              if (v instanceof String) {
                try {
                  n = Long.parseLong((String) v);
                } catch (NumberFormatException e) {
                  n = 0;
                }
              } else if (v instanceof Long) {
                n = (Long) v;
              }
              return GoTime.durationString(n * 1_000_000_000L);
            }));
    m.put("durationRound", fixed(1, (c, a) -> durationRound(a.get(0))));
  }

  interface Thrower {
    Object get() throws Exception;
  }

  private static Object quietly(Thrower t) {
    try {
      return t.get();
    } catch (Exception e) {
      return "";
    }
  }

  private static GoTime time(Object v) {
    if (v instanceof GoTime) {
      return (GoTime) v;
    }
    throw Builtins.wrongType("time.Time", v);
  }

  private static GoTime toTime(Object v) {
    if (v instanceof GoTime) {
      return (GoTime) v;
    }
    if (v instanceof Long || v instanceof Integer) {
      return GoTime.unix(((Number) v).longValue());
    }
    return GoTime.now();
  }

  static String formatDate(String fmt, Object date, String zone) {
    return toTime(date).in(zone).format(fmt);
  }

  /** Sprig's toDate: {@code time.ParseInLocation(layout, value, time.Local)}. */
  static GoTime parseDate(String layout, String value) throws Exception {
    return GoTimeLayout.parse(layout, value, ZoneId.systemDefault());
  }

  private static String durationRound(Object v) throws Exception {
    long d;
    if (v instanceof String) {
      try {
        d = GoTime.parseDuration((String) v);
      } catch (Exception e) {
        d = 0;
      }
    } else if (v instanceof Long) {
      d = (Long) v;
    } else if (v instanceof GoTime) {
      d = java.time.Duration.between(((GoTime) v).t.toInstant(), java.time.Instant.now()).toNanos();
    } else {
      d = 0;
    }
    long u = Math.abs(d);
    long second = 1_000_000_000L;
    long minute = 60 * second;
    long hour = 60 * minute;
    long day = 24 * hour;
    long month = 30 * day;
    long year = 365 * day;
    if (u > year) {
      return (u / year) + "y";
    } else if (u > month) {
      return (u / month) + "mo";
    } else if (u > day) {
      return (u / day) + "d";
    } else if (u > hour) {
      return (u / hour) + "h";
    } else if (u > minute) {
      return (u / minute) + "m";
    } else if (u > second) {
      return (u / second) + "s";
    }
    return "0s";
  }

  private static Map<String, Object> urlParse(String v) throws Exception {
    URI u;
    try {
      u = new URI(v);
    } catch (URISyntaxException e) {
      throw new Exception("unable to parse url: " + e.getMessage());
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("scheme", u.getScheme() == null ? "" : u.getScheme());
    String host = u.getRawAuthority() == null ? "" : u.getRawAuthority();
    String userinfo = u.getRawUserInfo() == null ? "" : u.getRawUserInfo();
    if (!userinfo.isEmpty()) {
      host = host.substring(userinfo.length() + 1);
    }
    r.put("host", host);
    r.put("hostname", u.getHost() == null ? hostname(host) : u.getHost());
    r.put("path", u.getPath() == null ? "" : u.getPath());
    r.put("query", u.getRawQuery() == null ? "" : u.getRawQuery());
    r.put("opaque", u.isOpaque() ? u.getRawSchemeSpecificPart() : "");
    r.put("fragment", u.getFragment() == null ? "" : u.getFragment());
    r.put("userinfo", userinfo);
    return r;
  }

  private static String hostname(String host) {
    int c = host.lastIndexOf(':');
    return c >= 0 && !host.endsWith("]") ? host.substring(0, c) : host;
  }

  private static String urlJoin(Map<String, Object> d) {
    if (d == null) {
      d = new LinkedHashMap<>();
    }
    StringBuilder sb = new StringBuilder();
    String scheme = sv(d, "scheme");
    String opaque = sv(d, "opaque");
    String host = sv(d, "host");
    String userinfo = sv(d, "userinfo");
    String path = sv(d, "path");
    String query = sv(d, "query");
    String fragment = sv(d, "fragment");
    if (!scheme.isEmpty()) {
      sb.append(scheme).append(':');
    }
    if (!opaque.isEmpty()) {
      sb.append(opaque);
    } else {
      if (!scheme.isEmpty() || !host.isEmpty() || !userinfo.isEmpty()) {
        if (!host.isEmpty() || !path.isEmpty() || !userinfo.isEmpty()) {
          sb.append("//");
        }
        if (!userinfo.isEmpty()) {
          sb.append(userinfo).append('@');
        }
        sb.append(host);
      }
      if (!path.isEmpty() && path.charAt(0) != '/' && !host.isEmpty()) {
        sb.append('/');
      }
      sb.append(path);
    }
    if (!query.isEmpty()) {
      sb.append('?').append(query);
    }
    if (!fragment.isEmpty()) {
      sb.append('#').append(fragment);
    }
    return sb.toString();
  }

  private static String sv(Map<String, Object> d, String k) {
    Object v = d.get(k);
    return v == null ? "" : Conv.strval(v);
  }

  static List<Object> asList(Object... xs) {
    List<Object> r = new ArrayList<>();
    for (Object x : xs) {
      r.add(x);
    }
    return r;
  }
}
