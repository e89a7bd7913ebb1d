package io.capstan.gotemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * A Go time.Time value for templates: Go layout formatting and a few methods. {@link #of} lets
 * other modules make one (helm-engine's fromToml); {@link #format} is {@code Time.Format}.
 */
public final class GoTime implements GoObject {
  final ZonedDateTime t;

  /** Go's zone name when it is not the JDK's abbreviation (parsed names, fixed zones). */
  private final String zoneName;

  GoTime(ZonedDateTime t) {
    this(t, null);
  }

  GoTime(ZonedDateTime t, String zoneName) {
    this.t = t;
    this.zoneName = zoneName;
  }

  /**
   * A time with Go's location name: {@code null} for the zone's own abbreviations, {@code ""} for
   * an unnamed fixed offset, or a name such as BurntSushi/toml's {@code "date-local"}.
   */
  public static GoTime of(ZonedDateTime t, String zoneName) {
    return new GoTime(t, zoneName);
  }

  /** The instant and zone. */
  public ZonedDateTime dateTime() {
    return t;
  }

  /** Go's location name when set by {@link #of} or parsing, else null. */
  public String zoneName() {
    return zoneName;
  }

  /** The zone abbreviation Go prints for {@code MST} ("" for an unnamed fixed offset). */
  static String abbreviation(ZonedDateTime t) {
    String z = t.getZone().getId();
    if (z.equals("UTC") || z.equals("Z") || z.equals("Etc/UTC") || z.equals("GMT")) {
      return "UTC";
    }
    if (t.getZone() instanceof java.time.ZoneOffset) {
      return "";
    }
    var transitions = t.getZone().getRules().getTransitions();
    if (!transitions.isEmpty() && t.toInstant().isBefore(transitions.get(0).getInstant())) {
      return "LMT"; // tzdata's local mean time before the zone's first transition
    }
    // "zzz" names the zone as at that instant (EST or EDT), as Go's zone abbreviations do
    String s = java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t);
    if (s.startsWith("GMT") || s.startsWith("UTC") || s.contains("/")) {
      // tzdata names such zones by their offset, e.g. "+03" or "-0330"
      int off = t.getOffset().getTotalSeconds();
      int a = Math.abs(off);
      String r = (off < 0 ? "-" : "+") + String.format("%02d", a / 3600);
      if ((a / 60) % 60 != 0) {
        r += String.format("%02d", (a / 60) % 60);
      }
      return r;
    }
    return s;
  }

  static GoTime now() {
    return new GoTime(ZonedDateTime.now());
  }

  static GoTime unix(long sec) {
    return new GoTime(ZonedDateTime.ofInstant(Instant.ofEpochSecond(sec), ZoneId.systemDefault()));
  }

  @Override
  public Object field(String name) throws TemplateException {
    throw new NoSuchMemberException(name);
  }

  @Override
  public boolean hasMethod(String name) {
    switch (name) {
      case "Format":
      case "Unix":
      case "UnixNano":
      case "UnixMilli":
      case "UTC":
      case "Local":
      case "Year":
      case "YearDay":
      case "Day":
      case "Hour":
      case "Minute":
      case "Second":
      case "Nanosecond":
      case "Month":
      case "Weekday":
      case "String":
      case "IsZero":
        return true;
      default:
        return false;
    }
  }

  @Override
  public Object method(String name, List<Object> args) throws Exception {
    switch (name) {
      case "Format":
        return format(Builtins.str(args.get(0)));
      case "Unix":
        return t.toEpochSecond();
      case "UnixMilli":
        return t.toInstant().toEpochMilli();
      case "UnixNano":
        return t.toEpochSecond() * 1_000_000_000L + t.getNano();
      case "UTC":
        return new GoTime(t.withZoneSameInstant(ZoneId.of("UTC")), "UTC");
      case "Local":
        return new GoTime(t.withZoneSameInstant(ZoneId.systemDefault()));
      case "Year":
        return t.getYear();
      case "YearDay":
        return t.getDayOfYear();
      case "Day":
        return t.getDayOfMonth();
      case "Hour":
        return t.getHour();
      case "Minute":
        return t.getMinute();
      case "Second":
        return t.getSecond();
      case "Nanosecond":
        return t.getNano();
      case "Month":
        return t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "Weekday":
        return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "IsZero":
        return false;
      default:
        return toString();
    }
  }

  @Override
  public String goTypeName() {
    return "time.Time";
  }

  @Override
  public String toString() {
    return format("2006-01-02 15:04:05.999999999 -0700 MST");
  }

  GoTime in(String zone) {
    ZoneId z;
    try {
      z = zone.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(zone);
    } catch (RuntimeException e) {
      z = ZoneId.of("UTC");
    }
    return new GoTime(t.withZoneSameInstant(z));
  }

  /** time.Time.Format with a Go reference layout. */
  public String format(String layout) {
    StringBuilder sb = new StringBuilder();
    while (true) {
      GoTimeLayout.Chunk ch = GoTimeLayout.next(layout);
      sb.append(ch.prefix());
      if (ch.std() == null) {
        return sb.toString();
      }
      layout = ch.suffix();
      switch (ch.std()) {
        case FRAC_SECOND0, FRAC_SECOND9 -> {
          String nanos = String.format("%09d", t.getNano()).substring(0, ch.fracDigits());
          if (ch.std() == GoTimeLayout.Std.FRAC_SECOND9) {
            nanos = nanos.replaceAll("0+$", "");
            if (!nanos.isEmpty()) {
              sb.append(ch.stdText().charAt(0)).append(nanos);
            }
          } else {
            sb.append(ch.stdText().charAt(0)).append(nanos);
          }
        }
        case UNDER_YEARDAY -> sb.append(String.format("%3d", t.getDayOfYear()));
        case LONG_YEAR -> {
          int y = t.getYear();
          sb.append(y < 0 ? "-" : "").append(String.format("%04d", Math.abs(y)));
        }
        default -> sb.append(value(ch.std().text));
      }
    }
  }

  private String value(String tok) {
    int off = t.getOffset().getTotalSeconds();
    switch (tok) {
      case "January":
        return t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "Jan":
        return t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case "Monday":
        return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "Mon":
        return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
      case "MST":
        {
          String name = zoneName != null ? zoneName : abbreviation(t);
          return name.isEmpty() ? offset(off, "", true, false) : name;
        }
      case "2006":
        return String.format("%04d", t.getYear());
      case "06":
        return String.format("%02d", t.getYear() % 100);
      case "01":
        return String.format("%02d", t.getMonthValue());
      case "1":
        return Integer.toString(t.getMonthValue());
      case "02":
        return String.format("%02d", t.getDayOfMonth());
      case "2":
        return Integer.toString(t.getDayOfMonth());
      case "_2":
        return String.format("%2d", t.getDayOfMonth());
      case "002":
        return String.format("%03d", t.getDayOfYear());
      case "15":
        return String.format("%02d", t.getHour());
      case "03":
        return String.format("%02d", hour12());
      case "3":
        return Integer.toString(hour12());
      case "04":
        return String.format("%02d", t.getMinute());
      case "4":
        return Integer.toString(t.getMinute());
      case "05":
        return String.format("%02d", t.getSecond());
      case "5":
        return Integer.toString(t.getSecond());
      case "PM":
        return t.getHour() >= 12 ? "PM" : "AM";
      case "pm":
        return t.getHour() >= 12 ? "pm" : "am";
      default:
        // zones
        boolean z = tok.startsWith("Z");
        if (z && off == 0) {
          return "Z";
        }
        boolean colon = tok.contains(":");
        boolean secs = tok.length() >= 7 && (tok.endsWith("00:00") || tok.endsWith("0000"));
        if (tok.equals("-07") || tok.equals("Z07")) {
          return (off < 0 ? "-" : "+") + String.format("%02d", Math.abs(off) / 3600);
        }
        return offset(off, colon ? ":" : "", true, secs);
    }
  }

  private static String offset(int off, String sep, boolean always, boolean secs) {
    int a = Math.abs(off);
    String s =
        (off < 0 ? "-" : "+")
            + String.format("%02d", a / 3600)
            + sep
            + String.format("%02d", (a / 60) % 60);
    if (secs) {
      s += sep + String.format("%02d", a % 60);
    }
    return s;
  }

  private int hour12() {
    int h = t.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  /** Go's time.Duration.String. */
  static String durationString(long d) {
    if (d == 0) {
      return "0s";
    }
    boolean neg = d < 0;
    java.math.BigInteger u = java.math.BigInteger.valueOf(d).abs();
    long v = u.longValue();
    StringBuilder sb = new StringBuilder();
    if (u.compareTo(java.math.BigInteger.valueOf(1_000_000_000L)) < 0) {
      String unit;
      int prec;
      if (v < 1000L) {
        return (neg ? "-" : "") + v + "ns";
      } else if (v < 1_000_000L) {
        unit = "µs";
        prec = 3;
      } else {
        unit = "ms";
        prec = 6;
      }
      sb.append(fraction(v, prec)).append(unit);
    } else {
      long secsTotal = v / 1_000_000_000L;
      long nanos = v % 1_000_000_000L;
      String sec = Long.toString(secsTotal % 60);
      String frac = fraction(nanos, 9);
      frac = frac.equals("0") ? "" : frac.substring(1);
      sb.append(sec).append(frac).append('s');
      long mins = secsTotal / 60;
      if (mins > 0) {
        sb.insert(0, (mins % 60) + "m");
        long hours = mins / 60;
        if (hours > 0) {
          sb.insert(0, hours + "h");
        }
      }
    }
    return (neg ? "-" : "") + sb;
  }

  private static String fraction(long v, int prec) {
    long pow = 1;
    for (int i = 0; i < prec; i++) {
      pow *= 10;
    }
    long whole = v / pow;
    long frac = v % pow;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String f = String.format("%0" + prec + "d", frac).replaceAll("0+$", "");
    return whole + "." + f;
  }

  /** Go's time.ParseDuration. */
  static long parseDuration(String s) throws Exception {
    String orig = s;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new Exception("time: invalid duration " + GoFmt.quote(orig));
    }
    double total = 0;
    int i = 0;
    while (i < s.length()) {
      int st = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (st == i) {
        throw new Exception("time: invalid duration " + GoFmt.quote(orig));
      }
      double num = Double.parseDouble(s.substring(st, i));
      int us = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(us, i);
      long mult;
      switch (unit) {
        case "ns":
          mult = 1;
          break;
        case "us":
        case "µs":
        case "μs":
          mult = 1000;
          break;
        case "ms":
          mult = 1_000_000;
          break;
        case "s":
          mult = 1_000_000_000L;
          break;
        case "m":
          mult = 60_000_000_000L;
          break;
        case "h":
          mult = 3_600_000_000_000L;
          break;
        case "":
          throw new Exception("time: missing unit in duration " + GoFmt.quote(orig));
        default:
          throw new Exception(
              "time: unknown unit " + GoFmt.quote(unit) + " in duration " + GoFmt.quote(orig));
      }
      total += num * mult;
    }
    long r = (long) total;
    return neg ? -r : r;
  }

  GoTime plus(long nanos) {
    return new GoTime(t.plus(Duration.ofNanos(nanos)), zoneName);
  }
}
