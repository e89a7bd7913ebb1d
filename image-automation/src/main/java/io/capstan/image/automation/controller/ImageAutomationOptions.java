package io.capstan.image.automation.controller;

import io.capstan.runtime.process.ControllerOptionsBuilder;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * image-automation-controller's validated settings from {@link ImageAutomationControllerFlags} (the
 * shared process flags live in {@link io.capstan.runtime.process.ControllerFlags}).
 *
 * @param concurrent {@code --concurrent}: reconciles at once (Flux default 4)
 * @param watchNamespaces namespaces to watch; empty for all ({@code --watch-all-namespaces})
 * @param noCrossNamespaceRefs {@code --no-cross-namespace-refs}: refuse a {@code sourceRef} in
 *     another namespace
 * @param defaultServiceAccount {@code --default-service-account}: for workload identity when an
 *     object names none (empty: none)
 * @param featureGates {@code --feature-gates}
 * @param sshKexAlgorithms {@code --ssh-kex-algos}: SSH key exchange algorithms, most preferred
 *     first (empty: the Git client's defaults)
 * @param sshHostKeyAlgorithms {@code --ssh-hostkey-algos}: SSH host key algorithms, most preferred
 *     first (empty: the Git client's defaults)
 */
public record ImageAutomationOptions(
    int concurrent,
    Set<String> watchNamespaces,
    boolean noCrossNamespaceRefs,
    String defaultServiceAccount,
    ImageAutomationFeatureGates featureGates,
    List<String> sshKexAlgorithms,
    List<String> sshHostKeyAlgorithms) {

  /** Flux's image-automation-controller default for {@code --concurrent}. */
  public static final int DEFAULT_CONCURRENT = 4;

  /** Validates the values a flag parser cannot. */
  public ImageAutomationOptions {
    ControllerOptionsBuilder.checkConcurrent(concurrent);
    watchNamespaces = Set.copyOf(watchNamespaces);
    defaultServiceAccount = Objects.requireNonNullElse(defaultServiceAccount, "");
    Objects.requireNonNull(featureGates, "featureGates");
    sshKexAlgorithms = List.copyOf(sshKexAlgorithms);
    sshHostKeyAlgorithms = List.copyOf(sshHostKeyAlgorithms);
  }

  /** Options with every flag at Flux's default, to change with the builder's setters. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive options that differ in a few flags. */
  public Builder toBuilder() {
    return new Builder()
        .concurrent(concurrent)
        .watchNamespaces(watchNamespaces)
        .noCrossNamespaceRefs(noCrossNamespaceRefs)
        .defaultServiceAccount(defaultServiceAccount)
        .featureGates(featureGates)
        .sshKexAlgorithms(sshKexAlgorithms)
        .sshHostKeyAlgorithms(sshHostKeyAlgorithms);
  }

  /**
   * Builds {@link ImageAutomationOptions}; every setter starts at Flux's default, and {@link
   * #build()} validates as the canonical constructor does.
   */
  public static final class Builder extends ControllerOptionsBuilder<Builder> {
    private boolean noCrossNamespaceRefs;
    private String defaultServiceAccount = "";
    private ImageAutomationFeatureGates featureGates = ImageAutomationFeatureGates.DEFAULTS;
    private List<String> sshKexAlgorithms = List.of();
    private List<String> sshHostKeyAlgorithms = List.of();

    private Builder() {
      super(DEFAULT_CONCURRENT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** {@code --no-cross-namespace-refs} (default false). */
    public Builder noCrossNamespaceRefs(boolean noCrossNamespaceRefs) {
      this.noCrossNamespaceRefs = noCrossNamespaceRefs;
      return this;
    }

    /** {@code --default-service-account} (default empty: none). */
    public Builder defaultServiceAccount(String defaultServiceAccount) {
      this.defaultServiceAccount = defaultServiceAccount;
      return this;
    }

    /** {@code --feature-gates} (default {@link ImageAutomationFeatureGates#DEFAULTS}). */
    public Builder featureGates(ImageAutomationFeatureGates featureGates) {
      this.featureGates = featureGates;
      return this;
    }

    /** {@code --ssh-kex-algos} (default empty: the Git client's). */
    public Builder sshKexAlgorithms(List<String> sshKexAlgorithms) {
      this.sshKexAlgorithms = sshKexAlgorithms;
      return this;
    }

    /** {@code --ssh-hostkey-algos} (default empty: the Git client's). */
    public Builder sshHostKeyAlgorithms(List<String> sshHostKeyAlgorithms) {
      this.sshHostKeyAlgorithms = sshHostKeyAlgorithms;
      return this;
    }

    /**
     * The validated options.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public ImageAutomationOptions build() {
      return new ImageAutomationOptions(
          concurrent(),
          watchNamespaces(),
          noCrossNamespaceRefs,
          defaultServiceAccount,
          featureGates,
          sshKexAlgorithms,
          sshHostKeyAlgorithms);
    }
  }
}
