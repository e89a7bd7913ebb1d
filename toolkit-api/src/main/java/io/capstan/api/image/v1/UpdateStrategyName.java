package io.capstan.api.image.v1;

/** The ways an automation can rewrite files; only {@code Setters} (policy markers) exists. */
public enum UpdateStrategyName {
  Setters
}
