package io.capstan.helm.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import java.util.Set;

/** Validates values against {@code values.schema.json} of a chart and its subcharts. */
final class SchemaValidator {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SchemaValidator() {}

  /** Helm's ValidateAgainstSchema; returns "" when valid, else Helm's per-chart report. */
  @SuppressWarnings("unchecked")
  static String validate(Chart chart, Map<String, Object> values) throws HelmException {
    StringBuilder sb = new StringBuilder();
    if (chart.schema != null) {
      String err = validateSingle(values, chart.schema);
      if (!err.isEmpty()) {
        sb.append(chart.name()).append(":\n").append(err);
      }
    }
    for (Chart sub : chart.dependencies) {
      Object sv = values.get(sub.name());
      Map<String, Object> subValues =
          sv instanceof Map ? (Map<String, Object>) sv : new java.util.LinkedHashMap<>();
      sb.append(validate(sub, subValues));
    }
    return sb.toString();
  }

  static String validateSingle(Map<String, Object> values, byte[] schemaBytes)
      throws HelmException {
    JsonNode schemaNode;
    try {
      schemaNode = MAPPER.readTree(schemaBytes);
    } catch (Exception e) {
      throw new HelmException("unable to validate schema: " + e.getMessage(), e);
    }
    JsonNode valuesNode;
    try {
      valuesNode = MAPPER.readTree(GoFormat.toJson(values));
    } catch (Exception e) {
      throw new HelmException("unable to validate schema: " + e.getMessage(), e);
    }
    SpecVersion.VersionFlag flag = SpecVersion.VersionFlag.V7;
    JsonNode declared = schemaNode.get("$schema");
    if (declared != null && declared.isTextual()) {
      String uri = declared.asText();
      var known = SpecVersionDetector.detectOptionalVersion(uri);
      if (known.isPresent()) {
        flag = known.get();
      } else if (schemaNode instanceof com.fasterxml.jackson.databind.node.ObjectNode on) {
        // e.g. "http://json-schema.org/schema#": validate as draft 7
        on.put("$schema", "http://json-schema.org/draft-07/schema#");
      }
    }
    try {
      JsonSchemaFactory factory = JsonSchemaFactory.getInstance(flag);
      SchemaValidatorsConfig config =
          SchemaValidatorsConfig.builder()
              .pathType(com.networknt.schema.PathType.JSON_POINTER)
              .build();
      JsonSchema schema = factory.getSchema(schemaNode, config);
      Set<ValidationMessage> msgs = schema.validate(valuesNode);
      if (msgs.isEmpty()) {
        return "";
      }
      return SchemaErrors.format(msgs);
    } catch (RuntimeException e) {
      throw new HelmException("unable to validate schema: " + e.getMessage(), e);
    }
  }
}
