package io.capstan.helm.engine;

/**
 * A rendered (non-hook) manifest document.
 *
 * @param name the template path it came from ({@code chart/templates/x.yaml})
 * @param content the YAML document
 * @param kind the object's kind (may be empty)
 */
public record Manifest(String name, String content, String kind) {}
