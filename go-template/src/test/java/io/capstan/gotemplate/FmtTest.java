package io.capstan.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go fmt.Sprintf / Sprint over template values; expected strings as Go prints them. */
class FmtTest {
  static List<Object> args(Object... a) {
    return new ArrayList<>(Arrays.asList(a));
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> sprintf() {
    return Stream.of(
        Arguments.of("%d", args(42), "42"),
        Arguments.of("%5d|%-5d|%05d", args(42, 42, -42), "   42|42   |-0042"),
        Arguments.of("%+d % d", args(5, 5), "+5  5"),
        Arguments.of("%x %X %o %b %#x %#o", args(255, 255, 8, 5, 255, 8), "ff FF 10 101 0xff 010"),
        Arguments.of("%.3d", args(7), "007"),
        Arguments.of("%s", args("hi"), "hi"),
        Arguments.of("%q", args("a\"b\n"), "\"a\\\"b\\n\""),
        Arguments.of("%10s|%-10s|%.2s", args("abc", "abc", "abc"), "       abc|abc       |ab"),
        Arguments.of("%x", args("hi"), "6869"),
        Arguments.of("%v", args(1000000.0), "1e+06"),
        Arguments.of("%v", args(100000.0), "100000"),
        Arguments.of("%v %v", args(1.5, 3.0), "1.5 3"),
        Arguments.of("%v", args(0.000012), "1.2e-05"),
        Arguments.of("%v", args(0.1 + 0.2), "0.30000000000000004"),
        Arguments.of("%f %.2f %8.3f", args(3.14159, 3.14159, 3.14159), "3.141590 3.14    3.142"),
        Arguments.of("%e %E", args(1234.5678, 1234.5678), "1.234568e+03 1.234568E+03"),
        Arguments.of("%g %G %.3g", args(1234.5678, 1e21, 1234.5678), "1234.5678 1E+21 1.23e+03"),
        Arguments.of("%t", args(true), "true"),
        Arguments.of("%c %U %#U", args(65, 0x1F600, 65), "A U+1F600 U+0041 'A'"),
        Arguments.of(
            "%T %T %T %T %T", args("s", 1, 1L, 1.0, true), "string int int64 float64 bool"),
        Arguments.of("%T %T", args(map("a", 1), args(1)), "map[string]interface {} []interface {}"),
        Arguments.of("%v", args(map("b", 2L, "a", args("x", null))), "map[a:[x <nil>] b:2]"),
        Arguments.of("%d", args("x"), "%!d(string=x)"),
        Arguments.of("%s", args(3.0), "%!s(float64=3)"),
        Arguments.of("%s", args(5L), "%!s(int64=5)"),
        Arguments.of("%d", args(args("a", 1)), "[%!d(string=a) 1]"),
        Arguments.of("%s %s", args("a"), "a %!s(MISSING)"),
        Arguments.of("%s", args("a", "b", 3), "a%!(EXTRA string=b, int=3)"),
        Arguments.of("%s", args((Object) null), "%!s(<nil>)"),
        Arguments.of("%v", args((Object) null), "<nil>"),
        Arguments.of("100%%", args(), "100%"),
        Arguments.of("%", args(), "%!(NOVERB)"),
        Arguments.of("%z", args(1), "%!z(int=1)"),
        Arguments.of("%*d", args(5, 1), "    1"),
        Arguments.of("%-*d|", args(3, 1), "1  |"),
        Arguments.of("%[2]s %[1]s", args("a", "b"), "b a"),
        Arguments.of("%s", args(new byte[] {104, 105}), "hi"),
        Arguments.of("%v", args(new byte[] {104, 105}), "[104 105]"),
        Arguments.of("%q", args(args("a", "b")), "[\"a\" \"b\"]"),
        Arguments.of("%6.2f%%", args(99.5), " 99.50%"),
        Arguments.of("%05.1f", args(-2.5), "-02.5"),
        Arguments.of("%v", args(-0.0), "-0"),
        Arguments.of("%.0f %.0f", args(0.5, 1.5), "0 2"),
        Arguments.of("%#v", args("x"), "\"x\""),
        Arguments.of("%+q", args("é"), "\"\\u00e9\""));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sprintf")
  void sprintfLikeGo(String format, List<Object> args, String expected) {
    assertThat(GoFmt.sprintf(format, args)).isEqualTo(expected);
  }

  static Stream<Arguments> sprint() {
    return Stream.of(
        Arguments.of(args(1, 2), "1 2"),
        Arguments.of(args("a", "b"), "ab"),
        Arguments.of(args("a", 1, 2, "b"), "a1 2b"),
        Arguments.of(args(1.5, true, null), "1.5 true <nil>"),
        Arguments.of(args(args(1, "a"), map("k", "v")), "[1 a] map[k:v]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sprint")
  void sprintLikeGo(List<Object> args, String expected) {
    assertThat(GoFmt.sprint(args)).isEqualTo(expected);
  }

  static Stream<Arguments> floats() {
    return Stream.of(
        Arguments.of(1e20, "1e+20"),
        Arguments.of(123456789.0, "1.23456789e+08"),
        Arguments.of(0.0001, "0.0001"),
        Arguments.of(0.00001, "1e-05"),
        Arguments.of(5e-324, "5e-324"),
        Arguments.of(1.7976931348623157e308, "1.7976931348623157e+308"),
        Arguments.of(2.5, "2.5"),
        Arguments.of(100.0, "100"),
        Arguments.of(Double.NaN, "NaN"),
        Arguments.of(Double.POSITIVE_INFINITY, "+Inf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floats")
  void floatsPrintShortest(double v, String expected) {
    assertThat(GoFmt.toString(v)).isEqualTo(expected);
  }
}
