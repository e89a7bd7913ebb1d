package io.capstan.gotemplate;

import static io.capstan.gotemplate.Builtins.fixed;
import static io.capstan.gotemplate.Builtins.variadic;
import static io.capstan.gotemplate.Conv.toFloat64;
import static io.capstan.gotemplate.Conv.toInt64;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/** Sprig's math and number conversion functions. */
final class SprigMath {
  private SprigMath() {}

  interface DecOp {
    BigDecimal apply(BigDecimal a, BigDecimal b);
  }

  static void register(Map<String, TemplateFunction> m) {
    m.put("add1", fixed(1, (c, a) -> toInt64(a.get(0)) + 1));
    m.put(
        "add",
        variadic(
            0,
            (c, a) -> {
              long s = 0;
              for (Object o : a) {
                s += toInt64(o);
              }
              return s;
            }));
    m.put("sub", fixed(2, (c, a) -> toInt64(a.get(0)) - toInt64(a.get(1))));
    m.put(
        "div",
        fixed(
            2,
            (c, a) -> {
              long d = toInt64(a.get(1));
              if (d == 0) {
                throw new Exception("runtime error: integer divide by zero");
              }
              return toInt64(a.get(0)) / d;
            }));
    m.put(
        "mod",
        fixed(
            2,
            (c, a) -> {
              long d = toInt64(a.get(1));
              if (d == 0) {
                throw new Exception("runtime error: integer divide by zero");
              }
              return toInt64(a.get(0)) % d;
            }));
    m.put(
        "mul",
        variadic(
            1,
            (c, a) -> {
              long r = toInt64(a.get(0));
              for (Object o : a.subList(1, a.size())) {
                r *= toInt64(o);
              }
              return r;
            }));
    m.put(
        "max",
        variadic(
            1,
            (c, a) -> {
              long r = toInt64(a.get(0));
              for (Object o : a.subList(1, a.size())) {
                r = Math.max(r, toInt64(o));
              }
              return r;
            }));
    m.put("biggest", m.get("max"));
    m.put(
        "min",
        variadic(
            1,
            (c, a) -> {
              long r = toInt64(a.get(0));
              for (Object o : a.subList(1, a.size())) {
                r = Math.min(r, toInt64(o));
              }
              return r;
            }));
    m.put(
        "maxf",
        variadic(
            1,
            (c, a) -> {
              double r = toFloat64(a.get(0));
              for (Object o : a.subList(1, a.size())) {
                r = Math.max(r, toFloat64(o));
              }
              return r;
            }));
    m.put(
        "minf",
        variadic(
            1,
            (c, a) -> {
              double r = toFloat64(a.get(0));
              for (Object o : a.subList(1, a.size())) {
                r = Math.min(r, toFloat64(o));
              }
              return r;
            }));
    m.put("add1f", fixed(1, (c, a) -> Conv.decimal(a.get(0)).add(BigDecimal.ONE).doubleValue()));
    m.put("addf", variadic(0, (c, a) -> decOp(a, BigDecimal::add)));
    m.put("subf", variadic(0, (c, a) -> decOp(a, BigDecimal::subtract)));
    m.put("mulf", variadic(0, (c, a) -> decOp(a, BigDecimal::multiply)));
    m.put(
        "divf",
        variadic(
            0,
            (c, a) ->
                decOp(
                    a,
                    (x, y) -> {
                      if (y.signum() == 0) {
                        throw new ArithmeticException("decimal division by 0");
                      }
                      return x.divide(y, 16, RoundingMode.HALF_UP);
                    })));
    m.put("floor", fixed(1, (c, a) -> Math.floor(toFloat64(a.get(0)))));
    m.put("ceil", fixed(1, (c, a) -> Math.ceil(toFloat64(a.get(0)))));
    m.put("round", variadic(2, (c, a) -> round(a)));
    m.put("int", fixed(1, (c, a) -> GoValues.goInt(toInt64(a.get(0)))));
    m.put("int64", fixed(1, (c, a) -> toInt64(a.get(0))));
    m.put("float64", fixed(1, (c, a) -> toFloat64(a.get(0))));
    m.put(
        "atoi",
        fixed(
            1,
            (c, a) -> {
              String s = Conv.str(a.get(0));
              try {
                String t = s.startsWith("+") ? s.substring(1) : s;
                return GoValues.goInt(Long.parseLong(t));
              } catch (NumberFormatException e) {
                return 0;
              }
            }));
    m.put(
        "toDecimal",
        fixed(
            1,
            (c, a) -> {
              try {
                return Long.parseLong(Conv.strval(a.get(0)), 8);
              } catch (NumberFormatException e) {
                return 0L;
              }
            }));
    m.put(
        "seq",
        variadic(
            0,
            (c, a) -> {
              List<Object> r;
              int[] p = new int[a.size()];
              for (int i = 0; i < p.length; i++) {
                p[i] = Conv.intParam(a.get(i));
              }
              switch (p.length) {
                case 0:
                  return "";
                case 1:
                  r =
                      p[0] > 0
                          ? SprigCollections.untilStep(1, p[0] + 1, 1)
                          : SprigCollections.untilStep(1, p[0] - 1, -1);
                  break;
                case 2:
                  r =
                      p[1] >= p[0]
                          ? SprigCollections.untilStep(p[0], p[1] + 1, 1)
                          : SprigCollections.untilStep(p[0], p[1] - 1, -1);
                  break;
                case 3:
                  if (p[1] == 0) {
                    return "";
                  }
                  r =
                      p[2] >= p[0]
                          ? SprigCollections.untilStep(p[0], p[2] + 1, p[1])
                          : SprigCollections.untilStep(p[0], p[2] - 1, p[1]);
                  break;
                default:
                  return "";
              }
              StringBuilder sb = new StringBuilder();
              for (Object o : r) {
                if (sb.length() > 0) {
                  sb.append(' ');
                }
                sb.append(o);
              }
              return sb.toString();
            }));
  }

  private static double decOp(List<Object> a, DecOp op) {
    if (a.isEmpty()) {
      return 0.0;
    }
    BigDecimal r = Conv.decimal(a.get(0));
    for (Object o : a.subList(1, a.size())) {
      r = op.apply(r, Conv.decimal(o));
    }
    return r.doubleValue();
  }

  private static double round(List<Object> a) {
    double v = toFloat64(a.get(0));
    int p = (int) toInt64(a.get(1));
    double rOpt = a.size() > 2 ? toFloat64(a.get(2)) : 0.5;
    double pow = Math.pow(10, p);
    double digit = pow * v;
    double div = digit % 1;
    double r;
    if (div >= rOpt) {
      r = Math.ceil(digit);
    } else {
      r = Math.floor(digit);
    }
    return r / pow;
  }
}
