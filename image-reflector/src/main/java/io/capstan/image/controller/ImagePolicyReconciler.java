package io.capstan.image.controller;

import static io.capstan.image.controller.ImagePolicyConditions.ACCESS_DENIED;
import static io.capstan.image.controller.ImagePolicyConditions.DEPENDENCY_NOT_READY;
import static io.capstan.image.controller.ImagePolicyConditions.FAILURE;
import static io.capstan.image.controller.ImagePolicyConditions.INVALID_POLICY;

import io.capstan.api.image.v1.DigestReflectionPolicy;
import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImagePolicySpec;
import io.capstan.api.image.v1.ImagePolicyStatus;
import io.capstan.api.image.v1.ImageRef;
import io.capstan.api.image.v1.ImageRepository;
import io.capstan.api.meta.AccessFrom;
import io.capstan.api.meta.NamespaceSelector;
import io.capstan.image.policy.PolicyException;
import io.capstan.image.policy.TagFilter;
import io.capstan.image.policy.TagPolicy;
import io.capstan.image.policy.TagSelection;
import io.capstan.image.scan.ImageName;
import io.capstan.image.scan.RegistryAccess;
import io.capstan.image.scan.TagScan;
import io.capstan.image.scan.TagStore;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciException;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ImagePolicy kind: {@code reconcileRepository} (the referenced ImageRepository exists, is
 * allowed by its {@code accessFrom}, is Ready and has stored tags) then {@code reconcilePolicy}
 * (selects the latest tag, reflects its digest per {@code digestReflectionPolicy}, records the
 * previous ref when it changes).
 */
public final class ImagePolicyReconciler implements KindReconciler<ImagePolicy> {

  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

  private final KubernetesClient client;
  private final TagStore store;
  private final Duration requeueDependency;

  /** Reads ImageRepositories, Namespaces and Secrets through {@code client}; tags from store. */
  public ImagePolicyReconciler(
      KubernetesClient client, TagStore store, Duration requeueDependency) {
    this.client = Objects.requireNonNull(client, "client");
    this.store = Objects.requireNonNull(store, "store");
    this.requeueDependency = Objects.requireNonNull(requeueDependency, "requeueDependency");
  }

  @Override
  public ConditionTable conditions() {
    return ImagePolicyConditions.table();
  }

  @Override
  public List<Step<ReconcileContext<ImagePolicy>>> steps() {
    Run run = new Run();
    return List.of(
        Step.of("reconcileRepository", run::reconcileRepository),
        Step.of("reconcilePolicy", run::reconcilePolicy));
  }

  @Override
  public Duration interval(ImagePolicy resource) {
    String interval = resource.getSpec().getInterval();
    return interval == null ? DEFAULT_INTERVAL : GoDuration.parse(interval);
  }

  @Override
  public Duration retryInterval(ImagePolicy resource) {
    return requeueDependency;
  }

  /** The {@code namespace/name} of the ImageRepository a policy refers to. */
  static String repositoryKey(ImagePolicy policy) {
    var ref = policy.getSpec().getImageRepositoryRef();
    String ns =
        ref.getNamespace() == null || ref.getNamespace().isEmpty()
            ? policy.getMetadata().getNamespace()
            : ref.getNamespace();
    return ns + "/" + ref.getName();
  }

  private final class Run {
    private ImageRepository repository;
    private TagScan tags;

    StepResult reconcileRepository(ReconcileContext<ImagePolicy> ctx) throws IOException {
      ImagePolicy policy = ctx.resource();
      String[] key = repositoryKey(policy).split("/", 2);
      String policyNs = policy.getMetadata().getNamespace();
      repository =
          client.resources(ImageRepository.class).inNamespace(key[0]).withName(key[1]).get();
      if (repository == null) {
        throw new ReconcileError.Waiting(
            DEPENDENCY_NOT_READY,
            "failed to get the referred ImageRepository: referenced ImageRepository '"
                + key[0]
                + "/"
                + key[1]
                + "' does not exist");
      }
      if (!key[0].equals(policyNs) && !allowed(repository.getSpec().getAccessFrom(), policyNs)) {
        // retried, not stalled: the namespace's labels may change (Flux does the same)
        throw new ReconcileError.Generic(
            ACCESS_DENIED,
            "failed to get the referred ImageRepository: access denied: ImagePolicy '"
                + policyNs
                + "/"
                + policy.getMetadata().getName()
                + "' can't access ImageRepository '"
                + key[0]
                + "/"
                + key[1]
                + "': the namespace is not allowed by its accessFrom");
      }
      Optional<TagScan> stored = store.read(key[0], key[1]);
      if (stored.isEmpty() || stored.get().tags().isEmpty()) {
        // as Flux: the policy reads the stored tags; the repository's Ready status is not checked
        throw new ReconcileError.Waiting(
            DEPENDENCY_NOT_READY,
            "no tags in database for ImageRepository '" + key[0] + "/" + key[1] + "'");
      }
      tags = stored.get();
      return StepResult.SUCCESS;
    }

    StepResult reconcilePolicy(ReconcileContext<ImagePolicy> ctx) {
      ImagePolicy policy = ctx.resource();
      ImagePolicySpec spec = policy.getSpec();
      ImagePolicyStatus status = policy.getStatus();
      TagSelection selection;
      try {
        TagFilter filter =
            spec.getFilterTags() == null
                ? TagFilter.none()
                : TagFilter.of(
                    spec.getFilterTags().getPattern(), spec.getFilterTags().getExtract());
        selection = new TagSelection(filter, TagPolicy.of(spec.getPolicy()));
      } catch (PolicyException e) {
        throw new ReconcileError.Stalling(INVALID_POLICY, "invalid policy: " + e.getMessage());
      }
      String tag;
      try {
        tag = selection.latest(tags.tags());
      } catch (PolicyException e) {
        throw new ReconcileError.Generic(FAILURE, e.getMessage());
      }
      // Flux reports the repository's spec.image as the ref's name
      String name = repository.getSpec().getImage();
      ImageRef previous = status.getLatestRef();
      DigestReflectionPolicy digestPolicy =
          spec.getDigestReflectionPolicy() == null
              ? DigestReflectionPolicy.Never
              : spec.getDigestReflectionPolicy();
      String digest = null;
      boolean sameImage =
          previous != null && name.equals(previous.getName()) && tag.equals(previous.getTag());
      switch (digestPolicy) {
        case Never -> digest = null;
        case IfNotPresent ->
            digest =
                sameImage && previous.getDigest() != null && !previous.getDigest().isEmpty()
                    ? previous.getDigest()
                    : resolveDigest(tag);
        case Always -> digest = resolveDigest(tag);
      }
      ImageRef latest = new ImageRef(name, tag, digest);
      String message;
      if (previous != null && !previous.equals(latest)) {
        status.setObservedPreviousRef(previous);
        message =
            "Latest image tag for " + name + " updated from " + previous.getTag() + " to " + tag;
      } else {
        message = "Latest image tag for " + name + " resolved to " + tag;
      }
      status.setLatestRef(latest);
      ctx.succeededWith(io.capstan.api.meta.Reasons.SUCCEEDED, message);
      return StepResult.SUCCESS;
    }

    private String resolveDigest(String tag) {
      var spec = repository.getSpec();
      String ns = repository.getMetadata().getNamespace();
      String auth = ImageRepositoryConditions.AUTHENTICATION_FAILED;
      try {
        var options =
            RegistryAccess.options(
                SecretData.read(
                    client,
                    ns,
                    spec.getSecretRef() == null ? null : spec.getSecretRef().getName(),
                    "secret",
                    auth),
                SecretData.read(
                    client,
                    ns,
                    spec.getCertSecretRef() == null ? null : spec.getCertSecretRef().getName(),
                    "certificate secret",
                    auth),
                SecretData.read(
                    client,
                    ns,
                    spec.getProxySecretRef() == null ? null : spec.getProxySecretRef().getName(),
                    "proxy secret",
                    auth),
                Boolean.TRUE.equals(spec.getInsecure()),
                spec.getTimeout() != null
                    ? GoDuration.parse(spec.getTimeout())
                    : Duration.ofSeconds(60));
        ImageName image = ImageName.parse(spec.getImage());
        return new OciClient(options).resolve(image.reference().withTag(tag)).digest();
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Generic(auth, e.getMessage(), e);
      } catch (OciException.Unauthorized e) {
        throw new ReconcileError.Generic(auth, "failed to fetch digest: " + e.getMessage(), e);
      } catch (OciException e) {
        throw new ReconcileError.Generic(
            ImageRepositoryConditions.READ_OPERATION_FAILED,
            "failed to fetch digest for tag " + tag + ": " + e.getMessage(),
            e);
      }
    }

    private boolean allowed(AccessFrom accessFrom, String namespace) {
      if (accessFrom == null || accessFrom.getNamespaceSelectors() == null) {
        return false;
      }
      Namespace ns = client.namespaces().withName(namespace).get();
      Map<String, String> labels =
          ns == null || ns.getMetadata().getLabels() == null
              ? Map.of()
              : ns.getMetadata().getLabels();
      for (NamespaceSelector s : accessFrom.getNamespaceSelectors()) {
        Map<String, String> match = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
        if (match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
          return true;
        }
      }
      return false;
    }
  }
}
