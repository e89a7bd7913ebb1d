package io.capstan.api.kustomize.v1;

/**
 * The textual form of durations in Flux specs ({@code interval}, {@code timeout}, ...): a Go
 * duration made of positive decimal numbers with units {@code ms}, {@code s}, {@code m} or {@code
 * h}, such as {@code 1m30s} or {@code 1.5h}.
 */
public final class DurationFormat {

  /** The OpenAPI pattern Flux's CRDs enforce on every duration field. */
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  private DurationFormat() {}
}
