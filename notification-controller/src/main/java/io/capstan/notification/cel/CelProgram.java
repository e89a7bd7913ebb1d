package io.capstan.notification.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CEL expression compiled once over variables of dynamic (JSON) type, with the extension
 * libraries Flux's {@code runtime/cel} enables (strings, lists, encoders, math, optional): the
 * notification-controller's {@code commitStatusExpr} (string result) and the {@code generic-oidc}
 * Receiver's claim variables (any result) and validations (boolean result).
 */
public final class CelProgram {

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .addLibraries(
              CelExtensions.strings(),
              CelExtensions.lists(),
              CelExtensions.encoders(),
              CelExtensions.math(),
              CelExtensions.optional())
          .build();

  private final String source;
  private final CelRuntime.Program program;

  private CelProgram(String source, CelRuntime.Program program) {
    this.source = source;
    this.program = program;
  }

  /** A boolean expression. */
  public static CelProgram bool(String expression, String... variables) {
    return compile(expression, SimpleType.BOOL, variables);
  }

  /** A string expression. */
  public static CelProgram string(String expression, String... variables) {
    return compile(expression, SimpleType.STRING, variables);
  }

  /** An expression of any type. */
  public static CelProgram any(String expression, String... variables) {
    return compile(expression, SimpleType.DYN, variables);
  }

  /**
   * Compiles {@code expression}; the variables are dynamic values.
   *
   * @throws IllegalArgumentException "failed to parse the CEL expression ..." for a syntax or type
   *     error (including a result of another type than {@code result})
   */
  private static CelProgram compile(String expression, CelType result, String... variables) {
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(
                CelExtensions.strings(),
                CelExtensions.lists(),
                CelExtensions.encoders(),
                CelExtensions.math(),
                CelExtensions.optional())
            .setResultType(result);
    for (String variable : variables) {
      builder.addVar(variable, SimpleType.DYN);
    }
    try {
      CelAbstractSyntaxTree ast = builder.build().compile(expression).getAst();
      return new CelProgram(expression, RUNTIME.createProgram(ast));
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(
          "failed to parse the CEL expression '" + expression + "': " + e.getMessage(), e);
    }
  }

  /**
   * The value with {@code vars} bound (values from {@link #value}).
   *
   * @throws IllegalArgumentException when evaluation fails (e.g. a missing key)
   */
  public Object eval(Map<String, ?> vars) {
    try {
      return program.eval(vars);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(
          "failed to evaluate the CEL expression '" + source + "': " + e.getMessage(), e);
    }
  }

  /** The string value (see {@link #eval}). */
  public String evalString(Map<String, ?> vars) {
    Object result = eval(vars);
    if (result instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("the CEL expression '" + source + "' is not a string");
  }

  /** The boolean value (see {@link #eval}). */
  public boolean evalBoolean(Map<String, ?> vars) {
    Object result = eval(vars);
    if (result instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("the CEL expression '" + source + "' is not a boolean");
  }

  /** A JSON tree as a CEL value (maps, lists, strings, longs, doubles, booleans, null). */
  public static Object value(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(value(item)));
      return list;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }
}
