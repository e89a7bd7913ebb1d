package io.capstan.runtime.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelUnknownSet;
import java.util.List;
import java.util.Map;

/**
 * A compiled CEL expression over a fixed set of variables of dynamic (JSON) type, as Flux's {@code
 * runtime/cel} builds them: compiled and type-checked once, evaluated many times. The result is a
 * boolean ({@link #compile}, {@link #evaluate}), a string ({@link #compileString}, {@link
 * #evaluateString}) or any value ({@link #compileAny}, {@link #eval}).
 */
public final class CelExpression {

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .addLibraries(
              CelExtensions.strings(),
              CelExtensions.lists(),
              CelExtensions.encoders(),
              CelExtensions.math(),
              CelExtensions.optional(),
              CelExtensions.sets(CelOptions.DEFAULT),
              KubernetesCelLibrary.library())
          .build();

  private final String source;
  private final List<String> variables;
  private final CelRuntime.Program program;

  private CelExpression(String source, List<String> variables, CelRuntime.Program program) {
    this.source = source;
    this.variables = List.copyOf(variables);
    this.program = program;
  }

  /**
   * Compiles {@code expression} with {@code variables} declared as dynamic values; the result must
   * be a boolean.
   *
   * @throws CelExpressionException "failed to parse the CEL expression '...': ERROR: ..." for a
   *     syntax or type error
   */
  public static CelExpression compile(String expression, List<String> variables) {
    return compile(expression, variables, SimpleType.BOOL);
  }

  /**
   * Compiles {@code expression} with {@code variables} declared as dynamic values; the result must
   * be a string.
   *
   * @throws CelExpressionException as {@link #compile}
   */
  public static CelExpression compileString(String expression, List<String> variables) {
    return compile(expression, variables, SimpleType.STRING);
  }

  /**
   * Compiles {@code expression} with {@code variables} declared as dynamic values; the result may
   * be of any type.
   *
   * @throws CelExpressionException as {@link #compile}
   */
  public static CelExpression compileAny(String expression, List<String> variables) {
    return compile(expression, variables, SimpleType.DYN);
  }

  private static CelExpression compile(String expression, List<String> variables, CelType result) {
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(
                CelExtensions.strings(),
                CelExtensions.lists(),
                CelExtensions.encoders(),
                CelExtensions.math(),
                CelExtensions.optional(),
                CelExtensions.sets(CelOptions.DEFAULT),
                KubernetesCelLibrary.library())
            .setResultType(result);
    for (String variable : variables) {
      builder.addVar(variable, SimpleType.DYN);
    }
    CelCompiler compiler = builder.build();
    try {
      CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
      return new CelExpression(expression, variables, RUNTIME.createProgram(ast));
    } catch (CelValidationException | CelEvaluationException e) {
      throw new CelExpressionException(
          "failed to parse the CEL expression '" + expression + "': " + e.getMessage(), e);
    }
  }

  /**
   * The value of the expression with {@code values} bound (JSON trees converted with {@link
   * CelValues#of}); a variable left out is unbound, so referring to it is an evaluation error.
   *
   * @throws CelExpressionException when evaluation fails (e.g. a missing map key)
   */
  public Object eval(Map<String, ?> values) {
    Object result;
    try {
      result = program.eval(values);
    } catch (CelEvaluationException e) {
      throw new CelExpressionException(
          "failed to evaluate the CEL expression '" + source + "': " + e.getMessage(), e);
    }
    if (result instanceof CelUnknownSet) {
      // CEL-Java leaves a declared variable without a value unknown; cel-go (Flux) fails with
      // "no such attribute". Report it as the failure it is.
      List<String> unbound =
          variables.stream().filter(v -> !values.containsKey(v) && source.contains(v)).toList();
      throw new CelExpressionException(
          "failed to evaluate the CEL expression '" + source + "': no such attribute " + unbound,
          null);
    }
    return result;
  }

  /**
   * The string value of the expression (see {@link #eval}).
   *
   * @throws CelExpressionException when evaluation fails or the value is not a string
   */
  public String evaluateString(Map<String, ?> values) {
    Object result = eval(values);
    if (result instanceof String s) {
      return s;
    }
    throw new CelExpressionException(
        "failed to evaluate the CEL expression '" + source + "': not a string: " + result, null);
  }

  /**
   * The value of the expression with {@code values} bound (JSON trees converted with {@link
   * CelValues#of}); a variable left out is unbound, so referring to it is an evaluation error.
   *
   * @throws CelExpressionException when evaluation fails (e.g. a missing map key)
   */
  public boolean evaluate(Map<String, ?> values) {
    Object result = eval(values);
    if (result instanceof Boolean b) {
      return b;
    }
    throw new CelExpressionException(
        "failed to evaluate the CEL expression '" + source + "': not a boolean: " + result, null);
  }

  /** The expression as written. */
  public String source() {
    return source;
  }
}
