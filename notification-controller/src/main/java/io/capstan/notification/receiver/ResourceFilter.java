package io.capstan.notification.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.capstan.notification.cel.CelProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Receiver's {@code spec.resourceFilter}: a CEL expression returning a boolean over {@code res}
 * (the resource's {@code apiVersion}, {@code kind} and {@code metadata}), {@code req} (the JSON
 * request body) and {@code claims} (a {@code generic-oidc} call's verified token claims). A
 * resource for which it returns false is not annotated.
 */
public final class ResourceFilter {

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .addLibraries(CelExtensions.strings(), CelExtensions.lists())
          .build();

  private final String source;
  private final CelRuntime.Program program;

  private ResourceFilter(String source, CelRuntime.Program program) {
    this.source = source;
    this.program = program;
  }

  /**
   * Compiles {@code expression}.
   *
   * @throws IllegalArgumentException when it does not parse or is not boolean
   */
  public static ResourceFilter compile(String expression) {
    CelCompiler compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings(), CelExtensions.lists())
            .setResultType(SimpleType.BOOL)
            .addVar("res", SimpleType.DYN)
            .addVar("req", SimpleType.DYN)
            .addVar("claims", SimpleType.DYN)
            .build();
    try {
      CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
      return new ResourceFilter(expression, RUNTIME.createProgram(ast));
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(
          "failed to parse the CEL expression '" + expression + "': " + e.getMessage(), e);
    }
  }

  /** Whether {@code resource} should be annotated for the call with {@code body}. */
  public boolean accepts(JsonNode resource, JsonNode body) {
    return accepts(resource, body, Map.of());
  }

  /**
   * Whether {@code resource} should be annotated for the call with {@code body} and, for {@code
   * generic-oidc}, the verified token {@code claims} (empty for other types).
   */
  public boolean accepts(JsonNode resource, JsonNode body, Map<String, Object> claims) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("res", value(resource));
    vars.put("req", body == null ? Map.of() : value(body));
    vars.put(
        "claims",
        claims == null || claims.isEmpty()
            ? Map.of()
            : CelProgram.value(
                new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(claims)));
    Object result;
    try {
      result = program.eval(vars);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(
          "failed to evaluate the CEL expression '" + source + "': " + e.getMessage(), e);
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("the CEL expression '" + source + "' is not a boolean");
  }

  static Object value(JsonNode node) {
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
