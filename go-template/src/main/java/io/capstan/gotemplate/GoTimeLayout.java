package io.capstan.gotemplate;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Go's {@code time} layout grammar (reference time {@code Mon Jan 2 15:04:05 MST 2006}): the
 * chunker shared by {@link GoTime#format} and {@link #parse}, which follows {@code
 * time.ParseInLocation} rule for rule (token set, {@code _2}/{@code __2}/{@code 002} day forms,
 * {@code Jan}/{@code Mon} only before a non-lowercase letter, fractional seconds after {@code 05},
 * zone names and offsets, range checks and Go's {@code ParseError} texts).
 */
final class GoTimeLayout {
  private GoTimeLayout() {}

  /** The layout elements of Go's {@code nextStdChunk}. */
  enum Std {
    LONG_MONTH("January"),
    MONTH("Jan"),
    NUM_MONTH("1"),
    ZERO_MONTH("01"),
    LONG_WEEKDAY("Monday"),
    WEEKDAY("Mon"),
    DAY("2"),
    UNDER_DAY("_2"),
    ZERO_DAY("02"),
    UNDER_YEARDAY("__2"),
    ZERO_YEARDAY("002"),
    HOUR("15"),
    HOUR12("3"),
    ZERO_HOUR12("03"),
    MINUTE("4"),
    ZERO_MINUTE("04"),
    SECOND("5"),
    ZERO_SECOND("05"),
    LONG_YEAR("2006"),
    YEAR("06"),
    PM("PM"),
    PM_LOWER("pm"),
    TZ("MST"),
    ISO8601_TZ("Z0700"),
    ISO8601_SECONDS_TZ("Z070000"),
    ISO8601_SHORT_TZ("Z07"),
    ISO8601_COLON_TZ("Z07:00"),
    ISO8601_COLON_SECONDS_TZ("Z07:00:00"),
    NUM_TZ("-0700"),
    NUM_SECONDS_TZ("-070000"),
    NUM_SHORT_TZ("-07"),
    NUM_COLON_TZ("-07:00"),
    NUM_COLON_SECONDS_TZ("-07:00:00"),
    FRAC_SECOND0(""),
    FRAC_SECOND9("");

    final String text;

    Std(String text) {
      this.text = text;
    }
  }

  /** One step of the layout: literal {@code prefix}, then {@code std} (null at the end). */
  record Chunk(String prefix, Std std, String stdText, int fracDigits, String suffix) {}

  static Chunk next(String layout) {
    for (int i = 0; i < layout.length(); i++) {
      char c = layout.charAt(i);
      switch (c) {
        case 'J' -> {
          if (layout.startsWith("Jan", i)) {
            if (layout.startsWith("January", i)) {
              return chunk(layout, i, Std.LONG_MONTH, 7);
            }
            if (!startsWithLower(layout, i + 3)) {
              return chunk(layout, i, Std.MONTH, 3);
            }
          }
        }
        case 'M' -> {
          if (layout.startsWith("Mon", i)) {
            if (layout.startsWith("Monday", i)) {
              return chunk(layout, i, Std.LONG_WEEKDAY, 6);
            }
            if (!startsWithLower(layout, i + 3)) {
              return chunk(layout, i, Std.WEEKDAY, 3);
            }
          }
          if (layout.startsWith("MST", i)) {
            return chunk(layout, i, Std.TZ, 3);
          }
        }
        case '0' -> {
          if (i + 1 < layout.length()) {
            char d = layout.charAt(i + 1);
            if (d >= '1' && d <= '6') {
              Std s =
                  switch (d) {
                    case '1' -> Std.ZERO_MONTH;
                    case '2' -> Std.ZERO_DAY;
                    case '3' -> Std.ZERO_HOUR12;
                    case '4' -> Std.ZERO_MINUTE;
                    case '5' -> Std.ZERO_SECOND;
                    default -> Std.YEAR;
                  };
              return chunk(layout, i, s, 2);
            }
            if (d == '0' && i + 2 < layout.length() && layout.charAt(i + 2) == '2') {
              return chunk(layout, i, Std.ZERO_YEARDAY, 3);
            }
          }
        }
        case '1' -> {
          if (layout.startsWith("15", i)) {
            return chunk(layout, i, Std.HOUR, 2);
          }
          return chunk(layout, i, Std.NUM_MONTH, 1);
        }
        case '2' -> {
          if (layout.startsWith("2006", i)) {
            return chunk(layout, i, Std.LONG_YEAR, 4);
          }
          return chunk(layout, i, Std.DAY, 1);
        }
        case '_' -> {
          if (i + 1 < layout.length() && layout.charAt(i + 1) == '2') {
            // _2006 is a literal _ followed by the long year
            if (layout.startsWith("2006", i + 1)) {
              return new Chunk(
                  layout.substring(0, i + 1), Std.LONG_YEAR, "2006", 0, layout.substring(i + 5));
            }
            return chunk(layout, i, Std.UNDER_DAY, 2);
          }
          if (layout.startsWith("__2", i)) {
            return chunk(layout, i, Std.UNDER_YEARDAY, 3);
          }
        }
        case '3' -> {
          return chunk(layout, i, Std.HOUR12, 1);
        }
        case '4' -> {
          return chunk(layout, i, Std.MINUTE, 1);
        }
        case '5' -> {
          return chunk(layout, i, Std.SECOND, 1);
        }
        case 'P' -> {
          if (layout.startsWith("PM", i)) {
            return chunk(layout, i, Std.PM, 2);
          }
        }
        case 'p' -> {
          if (layout.startsWith("pm", i)) {
            return chunk(layout, i, Std.PM_LOWER, 2);
          }
        }
        case '-' -> {
          for (Std s :
              new Std[] {
                Std.NUM_SECONDS_TZ,
                Std.NUM_COLON_SECONDS_TZ,
                Std.NUM_TZ,
                Std.NUM_COLON_TZ,
                Std.NUM_SHORT_TZ
              }) {
            if (layout.startsWith(s.text, i)) {
              return chunk(layout, i, s, s.text.length());
            }
          }
        }
        case 'Z' -> {
          for (Std s :
              new Std[] {
                Std.ISO8601_SECONDS_TZ,
                Std.ISO8601_COLON_SECONDS_TZ,
                Std.ISO8601_TZ,
                Std.ISO8601_COLON_TZ,
                Std.ISO8601_SHORT_TZ
              }) {
            if (layout.startsWith(s.text, i)) {
              return chunk(layout, i, s, s.text.length());
            }
          }
        }
        case '.', ',' -> {
          if (i + 1 < layout.length()
              && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
            char ch = layout.charAt(i + 1);
            int j = i + 1;
            while (j < layout.length() && layout.charAt(j) == ch) {
              j++;
            }
            if (!isDigit(layout, j)) {
              Std s = ch == '0' ? Std.FRAC_SECOND0 : Std.FRAC_SECOND9;
              return new Chunk(
                  layout.substring(0, i),
                  s,
                  layout.substring(i, j),
                  j - i - 1,
                  layout.substring(j));
            }
          }
        }
        default -> {}
      }
    }
    return new Chunk(layout, null, "", 0, "");
  }

  private static Chunk chunk(String layout, int i, Std std, int len) {
    return new Chunk(
        layout.substring(0, i), std, layout.substring(i, i + len), 0, layout.substring(i + len));
  }

  private static boolean startsWithLower(String s, int i) {
    return i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z';
  }

  private static boolean isDigit(String s, int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  // ---- parsing ----

  private static final String[] LONG_MONTHS = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December"
  };
  private static final String[] SHORT_MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final String[] LONG_DAYS = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
  };
  private static final String[] SHORT_DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

  /** Go's {@code errBad}: the element did not match; reported as "cannot parse". */
  private static final class Bad extends Exception {
    Bad() {
      super(null, null, false, false);
    }
  }

  private static final Bad BAD = new Bad();

  /** A value and the rest of the input after it. */
  private record Num(int value, String rest) {}

  /** {@code time.ParseInLocation(layout, value, local)}; throws with Go's ParseError text. */
  static GoTime parse(String layout, String value, ZoneId local) throws Exception {
    final String alayout = layout;
    final String avalue = value;
    int year = 0;
    int month = -1;
    int day = -1;
    int yday = -1;
    int hour = 0;
    int min = 0;
    int sec = 0;
    int nsec = 0;
    boolean utc = false;
    int zoneOffset = -1;
    String zoneName = "";
    boolean pmSet = false;
    boolean amSet = false;
    while (true) {
      Chunk ch = next(layout);
      try {
        value = skip(value, ch.prefix());
      } catch (Bad e) {
        throw error(alayout, avalue, ch.prefix(), value, "");
      }
      if (ch.std() == null) {
        if (!value.isEmpty()) {
          throw error(alayout, avalue, "", value, ": extra text: " + quote(value));
        }
        break;
      }
      layout = ch.suffix();
      String hold = value;
      String rangeErr = null;
      try {
        switch (ch.std()) {
          case YEAR -> {
            if (value.length() < 2) {
              throw BAD;
            }
            year = atoi(value.substring(0, 2));
            value = value.substring(2);
            year += year >= 69 ? 1900 : 2000;
          }
          case LONG_YEAR -> {
            if (value.length() < 4 || !isDigit(value, 0)) {
              throw BAD;
            }
            year = atoi(value.substring(0, 4));
            value = value.substring(4);
          }
          case MONTH, LONG_MONTH -> {
            String[] tab = ch.std() == Std.MONTH ? SHORT_MONTHS : LONG_MONTHS;
            int idx = lookup(tab, value);
            value = value.substring(tab[idx].length());
            month = idx + 1;
          }
          case NUM_MONTH, ZERO_MONTH -> {
            Num n = getnum(value, ch.std() == Std.ZERO_MONTH);
            month = n.value();
            value = n.rest();
            if (month <= 0 || month > 12) {
              rangeErr = "month";
            }
          }
          case WEEKDAY, LONG_WEEKDAY -> {
            String[] tab = ch.std() == Std.WEEKDAY ? SHORT_DAYS : LONG_DAYS;
            value = value.substring(tab[lookup(tab, value)].length());
          }
          case DAY, UNDER_DAY, ZERO_DAY -> {
            if (ch.std() == Std.UNDER_DAY && value.startsWith(" ")) {
              value = value.substring(1);
            }
            Num n = getnum(value, ch.std() == Std.ZERO_DAY);
            day = n.value();
            value = n.rest();
          }
          case UNDER_YEARDAY, ZERO_YEARDAY -> {
            for (int i = 0; i < 2; i++) {
              if (ch.std() == Std.UNDER_YEARDAY && value.startsWith(" ")) {
                value = value.substring(1);
              }
            }
            Num n = getnum3(value, ch.std() == Std.ZERO_YEARDAY);
            yday = n.value();
            value = n.rest();
          }
          case HOUR -> {
            Num n = getnum(value, false);
            hour = n.value();
            value = n.rest();
            if (hour < 0 || hour >= 24) {
              rangeErr = "hour";
            }
          }
          case HOUR12, ZERO_HOUR12 -> {
            Num n = getnum(value, ch.std() == Std.ZERO_HOUR12);
            hour = n.value();
            value = n.rest();
            if (hour < 0 || hour > 12) {
              rangeErr = "hour";
            }
          }
          case MINUTE, ZERO_MINUTE -> {
            Num n = getnum(value, ch.std() == Std.ZERO_MINUTE);
            min = n.value();
            value = n.rest();
            if (min < 0 || min >= 60) {
              rangeErr = "minute";
            }
          }
          case SECOND, ZERO_SECOND -> {
            Num n = getnum(value, ch.std() == Std.ZERO_SECOND);
            sec = n.value();
            value = n.rest();
            if (sec < 0 || sec >= 60) {
              rangeErr = "second";
              break;
            }
            // a fractional second in the value but not in the layout
            if (value.length() >= 2 && isCommaOrPeriod(value.charAt(0)) && isDigit(value, 1)) {
              Std following = next(layout).std();
              if (following == Std.FRAC_SECOND0 || following == Std.FRAC_SECOND9) {
                break;
              }
              int k = 2;
              while (k < value.length() && isDigit(value, k)) {
                k++;
              }
              long[] ns = nanoseconds(value, k);
              nsec = (int) ns[0];
              rangeErr = ns[1] != 0 ? "fractional second" : null;
              value = value.substring(k);
            }
          }
          case PM, PM_LOWER -> {
            if (value.length() < 2) {
              throw BAD;
            }
            String p = value.substring(0, 2);
            value = value.substring(2);
            String pm = ch.std() == Std.PM ? "PM" : "pm";
            String am = ch.std() == Std.PM ? "AM" : "am";
            if (p.equals(pm)) {
              pmSet = true;
            } else if (p.equals(am)) {
              amSet = true;
            } else {
              throw BAD;
            }
          }
          case ISO8601_TZ,
              ISO8601_SHORT_TZ,
              ISO8601_COLON_TZ,
              ISO8601_SECONDS_TZ,
              ISO8601_COLON_SECONDS_TZ,
              NUM_TZ,
              NUM_SHORT_TZ,
              NUM_COLON_TZ,
              NUM_SECONDS_TZ,
              NUM_COLON_SECONDS_TZ -> {
            if (ch.std().name().startsWith("ISO") && value.startsWith("Z")) {
              value = value.substring(1);
              utc = true;
              break;
            }
            String sign;
            String hh;
            String mm = "00";
            String ss = "00";
            switch (ch.std()) {
              case ISO8601_COLON_TZ, NUM_COLON_TZ -> {
                if (value.length() < 6 || value.charAt(3) != ':') {
                  throw BAD;
                }
                sign = value.substring(0, 1);
                hh = value.substring(1, 3);
                mm = value.substring(4, 6);
                value = value.substring(6);
              }
              case ISO8601_SHORT_TZ, NUM_SHORT_TZ -> {
                if (value.length() < 3) {
                  throw BAD;
                }
                sign = value.substring(0, 1);
                hh = value.substring(1, 3);
                value = value.substring(3);
              }
              case ISO8601_COLON_SECONDS_TZ, NUM_COLON_SECONDS_TZ -> {
                if (value.length() < 9 || value.charAt(3) != ':' || value.charAt(6) != ':') {
                  throw BAD;
                }
                sign = value.substring(0, 1);
                hh = value.substring(1, 3);
                mm = value.substring(4, 6);
                ss = value.substring(7, 9);
                value = value.substring(9);
              }
              case ISO8601_SECONDS_TZ, NUM_SECONDS_TZ -> {
                if (value.length() < 7) {
                  throw BAD;
                }
                sign = value.substring(0, 1);
                hh = value.substring(1, 3);
                mm = value.substring(3, 5);
                ss = value.substring(5, 7);
                value = value.substring(7);
              }
              default -> {
                if (value.length() < 5) {
                  throw BAD;
                }
                sign = value.substring(0, 1);
                hh = value.substring(1, 3);
                mm = value.substring(3, 5);
                value = value.substring(5);
              }
            }
            int hr = getnum(hh, true).value();
            int mi = getnum(mm, true).value();
            int se = getnum(ss, true).value();
            if (hr > 24) {
              rangeErr = "time zone offset hour";
            }
            if (mi > 60) {
              rangeErr = "time zone offset minute";
            }
            if (se > 60) {
              rangeErr = "time zone offset second";
            }
            zoneOffset = (hr * 60 + mi) * 60 + se;
            switch (sign.charAt(0)) {
              case '+' -> {}
              case '-' -> zoneOffset = -zoneOffset;
              default -> throw BAD;
            }
          }
          case TZ -> {
            if (value.startsWith("UTC")) {
              utc = true;
              value = value.substring(3);
              break;
            }
            int n = timeZoneLength(value);
            if (n <= 0) {
              throw BAD;
            }
            zoneName = value.substring(0, n);
            value = value.substring(n);
          }
          case FRAC_SECOND0 -> {
            int ndigit = 1 + ch.fracDigits();
            if (value.length() < ndigit) {
              throw BAD;
            }
            long[] ns = nanoseconds(value, ndigit);
            nsec = (int) ns[0];
            rangeErr = ns[1] != 0 ? "fractional second" : null;
            value = value.substring(ndigit);
          }
          case FRAC_SECOND9 -> {
            if (value.length() < 2 || !isCommaOrPeriod(value.charAt(0)) || !isDigit(value, 1)) {
              break; // fractional second omitted
            }
            int i = 0;
            while (i + 1 < value.length() && isDigit(value, i + 1)) {
              i++;
            }
            long[] ns = nanoseconds(value, 1 + i);
            nsec = (int) ns[0];
            rangeErr = ns[1] != 0 ? "fractional second" : null;
            value = value.substring(1 + i);
          }
        }
      } catch (Bad e) {
        throw error(alayout, avalue, ch.stdText(), hold, "");
      }
      if (rangeErr != null) {
        throw error(alayout, avalue, ch.stdText(), value, ": " + rangeErr + " out of range");
      }
    }
    if (pmSet && hour < 12) {
      hour += 12;
    } else if (amSet && hour == 12) {
      hour = 0;
    }
    if (yday >= 0) {
      int d = 0;
      int m = 0;
      if (java.time.Year.isLeap(year)) {
        if (yday == 31 + 29) {
          m = 2;
          d = 29;
        } else if (yday > 31 + 29) {
          yday--;
        }
      }
      if (yday < 1 || yday > 365) {
        throw error(alayout, avalue, "", value, ": day-of-year out of range");
      }
      if (m == 0) {
        m = (yday - 1) / 31 + 1;
        if (daysBefore(m + 1) < yday) {
          m++;
        }
        d = yday - daysBefore(m);
      }
      if (month >= 0 && month != m) {
        throw error(alayout, avalue, "", value, ": day-of-year does not match month");
      }
      month = m;
      if (day >= 0 && day != d) {
        throw error(alayout, avalue, "", value, ": day-of-year does not match day");
      }
      day = d;
    } else {
      if (month < 0) {
        month = 1;
      }
      if (day < 0) {
        day = 1;
      }
    }
    if (day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
      throw error(alayout, avalue, "", value, ": day out of range");
    }
    LocalDateTime wall = LocalDateTime.of(year, month, day, hour, min, sec, nsec);
    if (utc) {
      return new GoTime(wall.atZone(ZoneOffset.UTC), "UTC");
    }
    if (zoneOffset != -1) {
      ZonedDateTime fixed = wall.atOffset(ZoneOffset.ofTotalSeconds(zoneOffset)).toZonedDateTime();
      ZonedDateTime inLocal = fixed.withZoneSameInstant(local);
      if (inLocal.getOffset().getTotalSeconds() == zoneOffset
          && (zoneName.isEmpty() || zoneName.equals(GoTime.abbreviation(inLocal)))) {
        return new GoTime(inLocal);
      }
      return new GoTime(fixed, zoneName);
    }
    if (!zoneName.isEmpty()) {
      ZonedDateTime asUtc = wall.atZone(ZoneOffset.UTC);
      // the local zone knows the name at that time: use its offset
      for (ZonedDateTime candidate :
          new ZonedDateTime[] {wall.atZone(local), asUtc.withZoneSameInstant(local)}) {
        if (zoneName.equals(GoTime.abbreviation(candidate))) {
          int off = candidate.getOffset().getTotalSeconds();
          return new GoTime(asUtc.minusSeconds(off).withZoneSameInstant(local));
        }
      }
      int offset = 0;
      if (zoneName.length() > 3 && zoneName.startsWith("GMT")) {
        offset = Integer.parseInt(zoneName.substring(3).replace("+", "")) * 3600;
      }
      // Go keeps the wall clock read as UTC and only labels it with the fake zone
      return new GoTime(asUtc.withZoneSameInstant(ZoneOffset.ofTotalSeconds(offset)), zoneName);
    }
    return new GoTime(wall.atZone(local));
  }

  private static int daysBefore(int month) {
    int[] cumulative = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
    return cumulative[month - 1];
  }

  private static boolean isCommaOrPeriod(char c) {
    return c == '.' || c == ',';
  }

  private static String skip(String value, String prefix) throws Bad {
    while (!prefix.isEmpty()) {
      if (prefix.charAt(0) == ' ') {
        if (!value.isEmpty() && value.charAt(0) != ' ') {
          throw BAD;
        }
        prefix = cutspace(prefix);
        value = cutspace(value);
        continue;
      }
      if (value.isEmpty() || value.charAt(0) != prefix.charAt(0)) {
        throw BAD;
      }
      prefix = prefix.substring(1);
      value = value.substring(1);
    }
    return value;
  }

  private static String cutspace(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return s.substring(i);
  }

  private static Num getnum(String s, boolean fixed) throws Bad {
    if (!isDigit(s, 0)) {
      throw BAD;
    }
    if (!isDigit(s, 1)) {
      if (fixed) {
        throw BAD;
      }
      return new Num(s.charAt(0) - '0', s.substring(1));
    }
    return new Num((s.charAt(0) - '0') * 10 + (s.charAt(1) - '0'), s.substring(2));
  }

  private static Num getnum3(String s, boolean fixed) throws Bad {
    int n = 0;
    int i = 0;
    while (i < 3 && isDigit(s, i)) {
      n = n * 10 + (s.charAt(i) - '0');
      i++;
    }
    if (i == 0 || (fixed && i != 3)) {
      throw BAD;
    }
    return new Num(n, s.substring(i));
  }

  /** Go's time.atoi: optional sign, then only digits. */
  private static int atoi(String s) throws Bad {
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      throw BAD;
    }
    long q = 0;
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s, i)) {
        throw BAD;
      }
      q = q * 10 + (s.charAt(i) - '0');
      if (q > Integer.MAX_VALUE) {
        throw BAD;
      }
    }
    return (int) (neg ? -q : q);
  }

  /** {nanoseconds, 1 when out of range}; value starts with the separator. */
  private static long[] nanoseconds(String value, int nbytes) throws Bad {
    if (!isCommaOrPeriod(value.charAt(0))) {
      throw BAD;
    }
    if (nbytes > 10) {
      nbytes = 10;
    }
    long ns = atoi(value.substring(1, nbytes));
    for (int i = 0; i < 10 - nbytes; i++) {
      ns *= 10;
    }
    return new long[] {ns, ns < 0 ? 1 : 0};
  }

  private static int lookup(String[] tab, String val) throws Bad {
    for (int i = 0; i < tab.length; i++) {
      String v = tab[i];
      if (val.length() >= v.length() && val.substring(0, v.length()).equalsIgnoreCase(v)) {
        return i;
      }
    }
    throw BAD;
  }

  private static int timeZoneLength(String value) {
    if (value.length() < 3) {
      return 0;
    }
    if (value.startsWith("ChST") || value.startsWith("MeST")) {
      return 4;
    }
    if (value.startsWith("GMT")) {
      return 3 + signedOffsetLength(value.substring(3));
    }
    if (value.charAt(0) == '+' || value.charAt(0) == '-') {
      return signedOffsetLength(value);
    }
    int upper = 0;
    while (upper < 6 && upper < value.length()) {
      char c = value.charAt(upper);
      if (c < 'A' || c > 'Z') {
        break;
      }
      upper++;
    }
    return switch (upper) {
      case 5 -> value.charAt(4) == 'T' ? 5 : 0;
      case 4 -> value.charAt(3) == 'T' || value.startsWith("WITA") ? 4 : 0;
      case 3 -> 3;
      default -> 0;
    };
  }

  private static int signedOffsetLength(String value) {
    if (value.isEmpty() || (value.charAt(0) != '-' && value.charAt(0) != '+')) {
      return 0;
    }
    int i = 1;
    long x = 0;
    while (i < value.length() && isDigit(value, i)) {
      x = x * 10 + (value.charAt(i) - '0');
      if (x > 1_000_000) {
        return 0;
      }
      i++;
    }
    if (i == 1 || x > 12) {
      return 0;
    }
    return i;
  }

  private static Exception error(
      String layout, String value, String layoutElem, String valueElem, String message) {
    if (message.isEmpty()) {
      return new Exception(
          "parsing time "
              + quote(value)
              + " as "
              + quote(layout)
              + ": cannot parse "
              + quote(valueElem)
              + " as "
              + quote(layoutElem));
    }
    return new Exception("parsing time " + quote(value) + message);
  }

  /** Go's time.quote: ASCII kept, other runes as \\x escapes of their UTF-8 bytes. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c >= 0x80 || c < 0x20) {
        sb.append(String.format("\\x%02x", c));
      } else {
        if (c == '"' || c == '\\') {
          sb.append('\\');
        }
        sb.append((char) c);
      }
    }
    return sb.append('"').toString();
  }
}
