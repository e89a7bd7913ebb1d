package io.capstan.api.meta;

/**
 * The labels Flux puts on its installation (CRDs, Deployments, Pods, ...) and that Flux's own CLI
 * selects on: {@code flux check}, {@code flux version} and {@code flux logs} list the Deployments
 * and CRDs labelled {@code app.kubernetes.io/part-of: flux}; {@code flux version} reads {@code
 * app.kubernetes.io/version} of the GitRepository CRD. Capstan installs carry the same labels so
 * those commands work against Capstan (see the root README, "Using the flux CLI with Capstan").
 */
public final class FluxLabels {

  /** Key of the label every object of a Flux installation carries. */
  public static final String PART_OF_KEY = "app.kubernetes.io/part-of";

  /** Value of {@link #PART_OF_KEY}: Flux's CLI selects {@code app.kubernetes.io/part-of=flux}. */
  public static final String PART_OF_VALUE = "flux";

  /** {@link #PART_OF_KEY}{@code =}{@link #PART_OF_VALUE}, as a crd-generator label. */
  public static final String PART_OF = PART_OF_KEY + "=" + PART_OF_VALUE;

  /** Key of the controller an object belongs to, e.g. {@code source-controller}. */
  public static final String COMPONENT_KEY = "app.kubernetes.io/component";

  /** Key of the installation's namespace, e.g. {@code flux-system}. */
  public static final String INSTANCE_KEY = "app.kubernetes.io/instance";

  /** Key of the installed version ({@code flux version} prints it as the distribution). */
  public static final String VERSION_KEY = "app.kubernetes.io/version";

  private FluxLabels() {}
}
