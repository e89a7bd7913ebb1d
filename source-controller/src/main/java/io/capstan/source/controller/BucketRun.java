package io.capstan.source.controller;

import static io.capstan.source.controller.BucketConditions.AUTHENTICATION_FAILED;
import static io.capstan.source.controller.BucketConditions.BUCKET_OPERATION_FAILED;
import static io.capstan.source.controller.BucketConditions.CLIENT_ERROR;
import static io.capstan.source.controller.BucketConditions.INVALID_PROVIDER_CONFIGURATION;
import static io.capstan.source.controller.BucketConditions.INVALID_STS_CONFIGURATION;
import static io.capstan.source.controller.BucketConditions.NEW_REVISION;
import static io.capstan.source.controller.SourceConditions.ARTIFACT_OUTDATED;
import static io.capstan.source.controller.SourceConditions.FETCH_FAILED;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.Bucket;
import io.capstan.api.source.v1.BucketProvider;
import io.capstan.api.source.v1.BucketSpec;
import io.capstan.api.source.v1.BucketStatus;
import io.capstan.oci.TlsSettings;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.capstan.source.bucket.BucketClient;
import io.capstan.source.bucket.BucketException;
import io.capstan.source.bucket.BucketFetch;
import io.capstan.source.bucket.BucketSettings;
import io.capstan.source.bucket.EtagIndex;
import io.capstan.source.storage.ArchiveFilter;
import io.capstan.source.storage.ArtifactStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One reconcile of one Bucket: Flux's three named steps sharing the download directory and the ETag
 * index. The directory is created on demand and always deleted when the run ends.
 */
final class BucketRun {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final BucketReconciler owner;
  private final ArtifactStorage storage;
  private final SourceArtifactSteps<Bucket> steps;
  private EtagIndex index;

  BucketRun(BucketReconciler owner) {
    this.owner = owner;
    this.storage = owner.parts().storage();
    this.steps =
        new SourceArtifactSteps<>(
            storage, owner.parts().workRoot(), BucketConditions::storedArtifact);
  }

  /** The steps in order; the last one (or any failing one) removes the working directory. */
  List<Step<ReconcileContext<Bucket>>> steps() {
    return List.of(
        steps.step("reconcileStorage", this::reconcileStorage, false),
        steps.step("reconcileSource", this::reconcileSource, false),
        steps.step("reconcileArtifact", this::reconcileArtifact, true));
  }

  /** The artifact in status exists and verifies; otherwise it is dropped from status. */
  StepResult reconcileStorage(ReconcileContext<Bucket> ctx) throws Exception {
    BucketStatus status = ctx.resource().getStatus();
    return steps.reconcileStorage(ctx, status, status::setArtifact, status::setUrl);
  }

  /** Indexes the bucket and downloads its objects when the revision differs from the artifact. */
  StepResult reconcileSource(ReconcileContext<Bucket> ctx) throws Exception {
    Bucket bucket = ctx.resource();
    BucketSpec spec = bucket.getSpec();
    BucketSettings settings = settings(ctx, bucket);
    BucketClient client;
    try {
      client = BucketClient.create(settings);
    } catch (RuntimeException e) {
      throw fetchFailed(CLIENT_ERROR, "failed to create the S3 client: " + e.getMessage());
    }
    try (client) {
      Path workDir = steps.newWorkDir("bucket-");
      BucketFetch fetch =
          new BucketFetch(
              client,
              spec.getBucketName(),
              spec.getPrefix(),
              spec.getIgnore(),
              workDir,
              owner.parallelism(),
              owner.maxObjectSize());
      try {
        index = fetch.index();
      } catch (BucketException e) {
        throw fetchFailed(BUCKET_OPERATION_FAILED, e.getMessage());
      }
      Artifact current = bucket.getStatus().getArtifact();
      if (current == null || !index.revision().equals(current.getRevision())) {
        try {
          fetch.download(index);
        } catch (BucketException e) {
          throw fetchFailed(BUCKET_OPERATION_FAILED, e.getMessage());
        }
        String message = "new upstream revision '" + index.revision() + "'";
        if (current != null) {
          ctx.conditions().markTrue(ARTIFACT_OUTDATED, NEW_REVISION, message);
        }
        ctx.conditions().markReconciling(Reasons.PROGRESSING, "building artifact: " + message);
      }
    }
    ctx.conditions().delete(FETCH_FAILED);
    return StepResult.SUCCESS;
  }

  /** Archives the downloaded objects unless the artifact already has the bucket's revision. */
  StepResult reconcileArtifact(ReconcileContext<Bucket> ctx) throws Exception {
    Bucket bucket = ctx.resource();
    BucketStatus status = bucket.getStatus();
    String revision = index.revision();
    Artifact current = status.getArtifact();
    if (current != null && revision.equals(current.getRevision())) {
      steps.markStored(ctx, revision);
      return StepResult.SUCCESS;
    }
    Artifact artifact;
    try {
      String hex = revision.substring(revision.indexOf(':') + 1);
      artifact =
          storage.archive(
              storage.newArtifact(BucketReconciler.owner(bucket), revision, hex + ".tar.gz"),
              steps.workDir(),
              ArchiveFilter.NONE);
    } catch (IOException | UncheckedIOException e) {
      throw SourceArtifactSteps.archiveFailed(e);
    }
    status.setArtifact(artifact);
    status.setUrl(steps.linkUrl(artifact, status.getUrl()));
    status.setObservedIgnore(bucket.getSpec().getIgnore());
    steps.stored(ctx, revision);
    return StepResult.SUCCESS;
  }

  /** Reads the provider, Secrets and timeout into client settings, or fails as Flux does. */
  private BucketSettings settings(ReconcileContext<Bucket> ctx, Bucket bucket) {
    BucketSpec spec = bucket.getSpec();
    BucketProvider provider =
        spec.getProvider() == null ? BucketProvider.generic : spec.getProvider();
    if (provider == BucketProvider.gcp || provider == BucketProvider.azure) {
      throw stalled(
          INVALID_PROVIDER_CONFIGURATION,
          "provider '" + provider + "' is not supported yet (supported: generic, aws)");
    }
    if (spec.getSts() != null) {
      throw stalled(INVALID_STS_CONFIGURATION, "spec.sts is not supported yet");
    }
    if (spec.getServiceAccountName() != null && !spec.getServiceAccountName().isBlank()) {
      throw stalled(
          INVALID_PROVIDER_CONFIGURATION,
          "spec.serviceAccountName (workload identity) is not supported yet");
    }
    String ns = bucket.getMetadata().getNamespace();
    BucketSettings.Credentials credentials = null;
    Map<String, byte[]> secret = read(ctx, "secret", ns, spec.getSecretRef());
    if (secret != null) {
      byte[] access = secret.get("accesskey");
      byte[] key = secret.get("secretkey");
      if (access == null || key == null) {
        throw fetchFailed(
            AUTHENTICATION_FAILED,
            "invalid '"
                + spec.getSecretRef().getName()
                + "' secret data: required fields 'accesskey' and 'secretkey'");
      }
      String secretKey = text(key);
      ctx.redact(secretKey);
      credentials = new BucketSettings.Credentials(text(access), secretKey);
    }
    BucketSettings.Proxy proxy = null;
    Map<String, byte[]> proxySecret = read(ctx, "proxy secret", ns, spec.getProxySecretRef());
    if (proxySecret != null) {
      byte[] address = proxySecret.get("address");
      if (address == null) {
        throw fetchFailed(
            AUTHENTICATION_FAILED,
            "invalid proxy secret '"
                + ns
                + "/"
                + spec.getProxySecretRef().getName()
                + "': key 'address' is missing");
      }
      byte[] user = proxySecret.get("username");
      byte[] password = proxySecret.get("password");
      if (password != null) {
        ctx.redact(text(password));
      }
      try {
        proxy =
            new BucketSettings.Proxy(
                URI.create(text(address)),
                user == null ? null : text(user),
                password == null ? null : text(password));
      } catch (IllegalArgumentException e) {
        throw fetchFailed(
            AUTHENTICATION_FAILED, "failed to parse proxy address '" + text(address) + "'");
      }
    }
    TlsSettings tls = null;
    Map<String, byte[]> certSecret = read(ctx, "secret", ns, spec.getCertSecretRef());
    if (certSecret != null) {
      byte[] ca = certSecret.get("ca.crt");
      byte[] cert = certSecret.get("tls.crt");
      byte[] key = certSecret.get("tls.key");
      if (ca == null && cert == null && key == null) {
        throw fetchFailed(
            AUTHENTICATION_FAILED, "certificate secret does not contain any TLS configuration");
      }
      try {
        tls = TlsSettings.fromPem(ca, cert, key);
      } catch (TlsSettings.InvalidMaterial e) {
        throw fetchFailed(
            AUTHENTICATION_FAILED,
            "failed to create TLS config: invalid TLS auth option: " + e.getMessage());
      }
    }
    String t = spec.getTimeout();
    Duration timeout = t == null || t.isBlank() ? DEFAULT_TIMEOUT : GoDuration.parse(t);
    return new BucketSettings(
        spec.getEndpoint(),
        Boolean.TRUE.equals(spec.getInsecure()),
        spec.getRegion(),
        credentials,
        provider == BucketProvider.aws,
        tls == null ? null : tls.trustManagers(),
        tls == null ? null : tls.keyManagers(),
        proxy,
        timeout);
  }

  private Map<String, byte[]> read(
      ReconcileContext<Bucket> ctx, String what, String ns, LocalObjectReference ref) {
    if (ref == null || ref.getName() == null) {
      return null;
    }
    return owner
        .parts()
        .secrets()
        .read(ns, ref.getName())
        .orElseThrow(
            () -> fetchFailed(AUTHENTICATION_FAILED, Secrets.notFound(what, ns, ref.getName())));
  }

  private static ReconcileError.Generic fetchFailed(String reason, String message) {
    return new ReconcileError.Generic(reason, message).withCondition(FETCH_FAILED);
  }

  private static ReconcileError.Stalling stalled(String reason, String message) {
    return new ReconcileError.Stalling(reason, message);
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8).trim();
  }
}
