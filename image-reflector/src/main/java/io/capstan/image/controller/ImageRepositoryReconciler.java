package io.capstan.image.controller;

import static io.capstan.image.controller.ImageRepositoryConditions.AUTHENTICATION_FAILED;
import static io.capstan.image.controller.ImageRepositoryConditions.FEATURE_NOT_SUPPORTED;
import static io.capstan.image.controller.ImageRepositoryConditions.IMAGE_URL_INVALID;
import static io.capstan.image.controller.ImageRepositoryConditions.INVALID_SPEC;
import static io.capstan.image.controller.ImageRepositoryConditions.READ_OPERATION_FAILED;

import io.capstan.api.image.v1.ImageRepository;
import io.capstan.api.image.v1.ImageRepositorySpec;
import io.capstan.api.image.v1.ImageRepositoryStatus;
import io.capstan.api.image.v1.RegistryProvider;
import io.capstan.api.image.v1.ScanResult;
import io.capstan.api.meta.Annotations;
import io.capstan.image.scan.ImageName;
import io.capstan.image.scan.RegistryAccess;
import io.capstan.image.scan.TagScan;
import io.capstan.image.scan.TagScanner;
import io.capstan.image.scan.TagStore;
import io.capstan.oci.OciClient;
import io.capstan.oci.OciClientOptions;
import io.capstan.oci.OciException;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ImageRepository kind: two named steps, {@code reconcileSpec} (provider, image, exclusion
 * list: a bad value stalls) and {@code reconcileScan} (lists the tags and stores them). A scan
 * happens when Flux would do one: no stored tags, the image or exclusion list changed, a reconcile
 * was requested, or {@code spec.interval} passed since {@code lastScanResult.scanTime}; otherwise
 * the stored tags stand, so a restarted controller does not rescan.
 */
public final class ImageRepositoryReconciler implements KindReconciler<ImageRepository> {

  /** The name reconciles and events are reported under. */
  public static final String CONTROLLER_NAME = "image-reflector-controller";

  private final KubernetesClient client;
  private final TagStore store;
  private final Clock clock;

  /** Reads Secrets through {@code client}; keeps tags in {@code store}. */
  public ImageRepositoryReconciler(KubernetesClient client, TagStore store, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ConditionTable conditions() {
    return ImageRepositoryConditions.table();
  }

  @Override
  public List<Step<ReconcileContext<ImageRepository>>> steps() {
    Run run = new Run();
    return List.of(
        Step.of("reconcileSpec", run::reconcileSpec), Step.of("reconcileScan", run::reconcileScan));
  }

  @Override
  public Duration interval(ImageRepository resource) {
    return GoDuration.parse(resource.getSpec().getInterval());
  }

  @Override
  public void cleanup(ImageRepository resource) throws Exception {
    store.delete(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }

  @Override
  public Map<String, String> eventMetadata(ImageRepository resource) {
    ScanResult r = resource.getStatus() == null ? null : resource.getStatus().getLastScanResult();
    return r == null || r.getRevision() == null ? Map.of() : Map.of("revision", r.getRevision());
  }

  /** State shared by the steps of one reconcile. */
  private final class Run {
    private ImageName image;
    private TagScanner scanner;
    private List<String> exclusions;

    StepResult reconcileSpec(ReconcileContext<ImageRepository> ctx) {
      ImageRepositorySpec spec = ctx.resource().getSpec();
      RegistryProvider provider = spec.getProvider();
      if (provider != null && provider != RegistryProvider.generic) {
        throw new ReconcileError.Stalling(
            FEATURE_NOT_SUPPORTED,
            "provider '" + provider + "' is not supported yet: only 'generic' is");
      }
      try {
        image = ImageName.parse(spec.getImage());
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Stalling(IMAGE_URL_INVALID, e.getMessage());
      }
      exclusions =
          spec.getExclusionList() == null
              ? TagScanner.DEFAULT_EXCLUSIONS
              : List.copyOf(spec.getExclusionList());
      try {
        scanner = TagScanner.of(exclusions);
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Stalling(INVALID_SPEC, e.getMessage());
      }
      return StepResult.SUCCESS;
    }

    StepResult reconcileScan(ReconcileContext<ImageRepository> ctx) throws IOException {
      ImageRepository repo = ctx.resource();
      ImageRepositoryStatus status = repo.getStatus();
      String ns = repo.getMetadata().getNamespace();
      String name = repo.getMetadata().getName();
      var stored = store.read(ns, name);
      boolean scan =
          stored.isEmpty()
              || !image.canonical().equals(status.getCanonicalImageName())
              || !exclusions.equals(status.getObservedExclusionList())
              || reconcileRequested(repo, status)
              || scanDue(repo, status);
      if (!scan) {
        TagScan s = stored.get();
        ctx.succeededWith(
            io.capstan.api.meta.Reasons.SUCCEEDED,
            "successful scan: found " + s.tags().size() + " tags");
        return StepResult.SUCCESS;
      }
      ctx.conditions()
          .markReconciling(
              io.capstan.api.meta.Reasons.PROGRESSING, "scanning: " + image.canonical());
      OciClientOptions options = options(repo, ctx);
      TagScan result;
      try {
        result = scanner.scan(new OciClient(options), image);
      } catch (OciException.Unauthorized e) {
        throw new ReconcileError.Generic(AUTHENTICATION_FAILED, e.getMessage(), e);
      } catch (OciException e) {
        throw new ReconcileError.Generic(READ_OPERATION_FAILED, e.getMessage(), e);
      }
      store.write(ns, name, result);
      status.setCanonicalImageName(result.canonicalImageName());
      status.setObservedExclusionList(new ArrayList<>(exclusions));
      ScanResult last = new ScanResult();
      last.setRevision(result.revision());
      last.setTagCount(result.tags().size());
      last.setScanTime(
          Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      last.setLatestTags(result.tags().isEmpty() ? null : new ArrayList<>(result.latestTags()));
      status.setLastScanResult(last);
      ctx.succeededWith(
          io.capstan.api.meta.Reasons.SUCCEEDED,
          "successful scan: found " + result.tags().size() + " tags");
      return StepResult.SUCCESS;
    }

    private OciClientOptions options(ImageRepository repo, ReconcileContext<ImageRepository> ctx) {
      ImageRepositorySpec spec = repo.getSpec();
      String ns = repo.getMetadata().getNamespace();
      Duration timeout =
          spec.getTimeout() != null
              ? GoDuration.parse(spec.getTimeout())
              : GoDuration.parse(spec.getInterval());
      try {
        return RegistryAccess.options(
            SecretData.read(
                client,
                ns,
                spec.getSecretRef() == null ? null : spec.getSecretRef().getName(),
                "secret",
                AUTHENTICATION_FAILED),
            SecretData.read(
                client,
                ns,
                spec.getCertSecretRef() == null ? null : spec.getCertSecretRef().getName(),
                "certificate secret",
                AUTHENTICATION_FAILED),
            SecretData.read(
                client,
                ns,
                spec.getProxySecretRef() == null ? null : spec.getProxySecretRef().getName(),
                "proxy secret",
                AUTHENTICATION_FAILED),
            Boolean.TRUE.equals(spec.getInsecure()),
            timeout);
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Generic(AUTHENTICATION_FAILED, e.getMessage(), e);
      }
    }

    private boolean reconcileRequested(ImageRepository repo, ImageRepositoryStatus status) {
      Map<String, String> a = repo.getMetadata().getAnnotations();
      String requested = a == null ? null : a.get(Annotations.RECONCILE_REQUESTED_AT);
      return requested != null && !requested.equals(status.getLastHandledReconcileAt());
    }

    private boolean scanDue(ImageRepository repo, ImageRepositoryStatus status) {
      ScanResult last = status.getLastScanResult();
      if (last == null || last.getScanTime() == null) {
        return true;
      }
      Instant next =
          Instant.parse(last.getScanTime()).plus(GoDuration.parse(repo.getSpec().getInterval()));
      return !Instant.now(clock).isBefore(next);
    }
  }
}
