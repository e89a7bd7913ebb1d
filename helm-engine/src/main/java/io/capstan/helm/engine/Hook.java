package io.capstan.helm.engine;

import java.util.List;

/**
 * A rendered hook manifest ({@code helm.sh/hook}), parsed as Helm's {@code release.Hook}.
 *
 * @param name metadata.name
 * @param kind the object's kind
 * @param path the template path ({@code chart/templates/x.yaml})
 * @param manifest the YAML document
 * @param events hook events ({@code pre-install}, {@code test}, ...)
 * @param weight {@code helm.sh/hook-weight} (0 when absent or not an int)
 * @param deletePolicies {@code helm.sh/hook-delete-policy} values
 */
public record Hook(
    String name,
    String kind,
    String path,
    String manifest,
    List<String> events,
    int weight,
    List<String> deletePolicies) {
  /** Whether this is a test hook ({@code test} / {@code test-success}). */
  public boolean isTest() {
    return events.contains("test") || events.contains("test-success");
  }
}
