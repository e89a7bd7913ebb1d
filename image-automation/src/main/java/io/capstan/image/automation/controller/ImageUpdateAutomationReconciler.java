package io.capstan.image.automation.controller;

import static io.capstan.image.automation.controller.ImageUpdateAutomationConditions.ACCESS_DENIED;
import static io.capstan.image.automation.controller.ImageUpdateAutomationConditions.GIT_OPERATION_FAILED;
import static io.capstan.image.automation.controller.ImageUpdateAutomationConditions.INVALID_POLICY_SELECTOR;
import static io.capstan.image.automation.controller.ImageUpdateAutomationConditions.INVALID_SOURCE_CONFIG;
import static io.capstan.image.automation.controller.ImageUpdateAutomationConditions.INVALID_UPDATE_STRATEGY;
import static io.capstan.image.automation.controller.ImageUpdateAutomationConditions.REMOVED_TEMPLATE_FIELD;
import static io.capstan.image.automation.controller.ImageUpdateAutomationConditions.SOURCE_MANAGER_FAILED;
import static io.capstan.image.automation.controller.ImageUpdateAutomationConditions.UPDATE_FAILED;

import io.capstan.api.image.v1.CommitSpec;
import io.capstan.api.image.v1.ImagePolicy;
import io.capstan.api.image.v1.ImageRef;
import io.capstan.api.image.v1.ImageUpdateAutomation;
import io.capstan.api.image.v1.ImageUpdateAutomationSpec;
import io.capstan.api.image.v1.ImageUpdateAutomationStatus;
import io.capstan.api.image.v1.SigningKeyType;
import io.capstan.api.image.v1.SourceKind;
import io.capstan.api.image.v1.UpdateStrategyName;
import io.capstan.api.meta.Reasons;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.git.CommitSigner;
import io.capstan.git.GitAuth;
import io.capstan.git.GitCommitRequest;
import io.capstan.git.GitException;
import io.capstan.git.GitProxy;
import io.capstan.git.GitRemote;
import io.capstan.git.OpenPgpCommitSigner;
import io.capstan.git.SshCommitSigner;
import io.capstan.image.automation.commit.CommitMessage;
import io.capstan.image.automation.commit.CommitMessageException;
import io.capstan.image.automation.git.CommitMessageFailedException;
import io.capstan.image.automation.git.GitUpdate;
import io.capstan.image.automation.git.InvalidSourceConfigurationException;
import io.capstan.image.automation.git.PushTarget;
import io.capstan.image.automation.update.SetterUpdater;
import io.capstan.image.automation.update.Setters;
import io.capstan.image.automation.update.UpdateResult;
import io.capstan.runtime.conditions.ConditionTable;
import io.capstan.runtime.controller.KindReconciler;
import io.capstan.runtime.controller.ReconcileContext;
import io.capstan.runtime.events.EventType;
import io.capstan.runtime.reconcile.GoDuration;
import io.capstan.runtime.reconcile.ReconcileError;
import io.capstan.runtime.reconcile.Step;
import io.capstan.runtime.reconcile.StepResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ImageUpdateAutomation kind, as three named steps: {@code reconcileSource} (the GitRepository,
 * its credentials and proxy, where to check out and push), {@code reconcilePolicies} (the
 * ImagePolicies selected by {@code policySelector} that have a latest image) and {@code
 * reconcileUpdate} (clone, apply the setters under {@code update.path}, commit with the templated
 * message, signed when asked, and push; nothing is committed when nothing changed).
 *
 * <p>One deliberate difference from Flux: a marker naming a policy that does not exist or has no
 * latest image yet makes the run fail with {@code UpdateFailed} naming the marker, and nothing is
 * committed, where Flux silently skips that marker and commits the rest.
 */
public final class ImageUpdateAutomationReconciler
    implements KindReconciler<ImageUpdateAutomation> {

  /** The controller name in events and metrics. */
  public static final String CONTROLLER_NAME = "image-automation-controller";

  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
  static final Duration DEFAULT_GIT_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final boolean noCrossNamespaceRefs;
  private final boolean forcePushBranch;
  private final Clock clock;
  private final Path tempRoot;
  private final GitUpdateFactory updates;

  /** Creates how a run's {@link GitUpdate} is configured (tests shorten the retry delay). */
  @FunctionalInterface
  public interface GitUpdateFactory {
    /** A GitUpdate for an automation with this interval. */
    GitUpdate create(Duration interval);
  }

  /**
   * Reads GitRepositories, ImagePolicies and Secrets through {@code client}.
   *
   * @param noCrossNamespaceRefs Flux's {@code --no-cross-namespace-refs}
   * @param forcePushBranch Flux's {@code GitForcePushBranch} feature gate
   * @param tempRoot where working trees are cloned ({@code null}: the JVM's temp directory)
   */
  public ImageUpdateAutomationReconciler(
      KubernetesClient client,
      boolean noCrossNamespaceRefs,
      boolean forcePushBranch,
      Path tempRoot) {
    this(
        client,
        noCrossNamespaceRefs,
        forcePushBranch,
        tempRoot,
        Clock.systemUTC(),
        defaultUpdates());
  }

  /** As above with a clock and a GitUpdate factory. */
  public ImageUpdateAutomationReconciler(
      KubernetesClient client,
      boolean noCrossNamespaceRefs,
      boolean forcePushBranch,
      Path tempRoot,
      Clock clock,
      GitUpdateFactory updates) {
    this.client = Objects.requireNonNull(client, "client");
    this.noCrossNamespaceRefs = noCrossNamespaceRefs;
    this.forcePushBranch = forcePushBranch;
    this.tempRoot = tempRoot;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.updates = Objects.requireNonNull(updates, "updates");
  }

  /**
   * Flux's push retry: 5 attempts from 2 s, within min(interval/2, 2 min); shallow clones (Flux's
   * {@code GitShallowClone} default).
   */
  public static GitUpdateFactory defaultUpdates() {
    return defaultUpdates(true);
  }

  /** As {@link #defaultUpdates()}; {@code shallowClone} is Flux's {@code GitShallowClone} gate. */
  public static GitUpdateFactory defaultUpdates(boolean shallowClone) {
    return interval -> {
      Duration half = interval.dividedBy(2);
      Duration budget = half.compareTo(Duration.ofMinutes(2)) < 0 ? half : Duration.ofMinutes(2);
      return new GitUpdate().budget(budget).shallow(shallowClone);
    };
  }

  @Override
  public ConditionTable conditions() {
    return ImageUpdateAutomationConditions.table();
  }

  @Override
  public List<Step<ReconcileContext<ImageUpdateAutomation>>> steps() {
    Run run = new Run();
    return List.of(
        Step.of("reconcileSource", run::reconcileSource),
        Step.of("reconcilePolicies", run::reconcilePolicies),
        Step.of("reconcileUpdate", run::reconcileUpdate));
  }

  @Override
  public Duration interval(ImageUpdateAutomation resource) {
    String interval = resource.getSpec().getInterval();
    return interval == null || interval.isEmpty() ? DEFAULT_INTERVAL : GoDuration.parse(interval);
  }

  /** The {@code namespace/name} of the GitRepository an automation refers to. */
  static String sourceKey(ImageUpdateAutomation automation) {
    var ref = automation.getSpec().getSourceRef();
    String ns =
        ref.getNamespace() == null || ref.getNamespace().isEmpty()
            ? automation.getMetadata().getNamespace()
            : ref.getNamespace();
    return ns + "/" + ref.getName();
  }

  private final class Run {
    private PushTarget target;
    private List<ImagePolicy> policies;

    StepResult reconcileSource(ReconcileContext<ImageUpdateAutomation> ctx) {
      ImageUpdateAutomation automation = ctx.resource();
      ImageUpdateAutomationSpec spec = automation.getSpec();
      status(automation)
          .setLastAutomationRunTime(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
      var sourceRef = spec.getSourceRef();
      if (sourceRef.getKind() != null && sourceRef.getKind() != SourceKind.GitRepository) {
        throw new ReconcileError.Stalling(
            INVALID_SOURCE_CONFIG, "source kind '" + sourceRef.getKind() + "' not supported");
      }
      if (spec.getUpdate() == null
          || spec.getUpdate().getStrategy() != UpdateStrategyName.Setters) {
        throw new ReconcileError.Stalling(
            INVALID_UPDATE_STRATEGY, "no known update strategy is given for object");
      }
      String[] key = sourceKey(automation).split("/", 2);
      String ownNs = automation.getMetadata().getNamespace();
      if (noCrossNamespaceRefs && !key[0].equals(ownNs)) {
        throw new ReconcileError.Stalling(
            ACCESS_DENIED,
            "can't access 'GitRepository/"
                + key[0]
                + "/"
                + key[1]
                + "', cross-namespace references have been blocked");
      }
      GitRepository source =
          client.resources(GitRepository.class).inNamespace(key[0]).withName(key[1]).get();
      if (source == null) {
        throw new ReconcileError.Generic(
            SOURCE_MANAGER_FAILED,
            "failed configuring source manager: unable to get source '"
                + key[0]
                + "/"
                + key[1]
                + "': GitRepository not found");
      }
      var gitSpec = source.getSpec();
      try {
        String url = gitSpec.getUrl();
        GitAuth auth =
            GitAuth.fromSecret(
                url,
                SecretData.read(
                    client,
                    key[0],
                    gitSpec.getSecretRef() == null ? null : gitSpec.getSecretRef().getName(),
                    "secret",
                    SOURCE_MANAGER_FAILED));
        Map<String, byte[]> proxyData =
            SecretData.read(
                client,
                key[0],
                gitSpec.getProxySecretRef() == null ? null : gitSpec.getProxySecretRef().getName(),
                "proxy secret",
                SOURCE_MANAGER_FAILED);
        GitProxy proxy = proxyData.isEmpty() ? null : GitProxy.fromSecret(proxyData);
        Duration timeout =
            gitSpec.getTimeout() == null || gitSpec.getTimeout().isEmpty()
                ? DEFAULT_GIT_TIMEOUT
                : GoDuration.parse(gitSpec.getTimeout());
        target =
            PushTarget.of(new GitRemote(url, auth, proxy, timeout), gitSpec.getRef(), spec.getGit())
                .withForcePushBranch(forcePushBranch);
      } catch (GitException.InvalidAuth e) {
        throw new ReconcileError.Generic(
            SOURCE_MANAGER_FAILED, "failed configuring source manager: " + e.getMessage());
      } catch (InvalidSourceConfigurationException e) {
        throw new ReconcileError.Stalling(INVALID_SOURCE_CONFIG, e.getMessage());
      }
      CommitSpec commit = spec.getGit().getCommit();
      if (commit == null
          || commit.getAuthor() == null
          || blank(commit.getAuthor().getEmail())
          || blank(commit.getAuthor().getName())) {
        throw new ReconcileError.Stalling(
            INVALID_SOURCE_CONFIG, "spec.git.commit.author needs a name and an email");
      }
      return StepResult.SUCCESS;
    }

    StepResult reconcilePolicies(ReconcileContext<ImageUpdateAutomation> ctx) {
      ImageUpdateAutomation automation = ctx.resource();
      PolicySelector selector;
      try {
        selector = PolicySelector.of(automation.getSpec().getPolicySelector());
      } catch (IllegalArgumentException e) {
        throw new ReconcileError.Stalling(
            INVALID_POLICY_SELECTOR, "failed to parse policy selector: " + e.getMessage());
      }
      policies =
          client
              .resources(ImagePolicy.class)
              .inNamespace(automation.getMetadata().getNamespace())
              .list()
              .getItems()
              .stream()
              .filter(p -> selector.matches(p.getMetadata().getLabels()))
              .filter(p -> p.getStatus() != null && p.getStatus().getLatestRef() != null)
              .toList();
      return StepResult.SUCCESS;
    }

    StepResult reconcileUpdate(ReconcileContext<ImageUpdateAutomation> ctx)
        throws InterruptedException {
      ImageUpdateAutomation automation = ctx.resource();
      ImageUpdateAutomationSpec spec = automation.getSpec();
      String ns = automation.getMetadata().getNamespace();
      String name = automation.getMetadata().getName();
      CommitSpec commitSpec = spec.getGit().getCommit();
      CommitSigner signer = signer(ns, commitSpec);
      SetterUpdater updater = new SetterUpdater(Setters.of(policies));
      String updatePath = spec.getUpdate().getPath();
      GitUpdate.Edit edit =
          tree -> {
            UpdateResult result = updater.update(SetterUpdater.resolveUpdatePath(tree, updatePath));
            if (!result.unresolvedMarkers().isEmpty()) {
              throw new UnresolvedMarkersException(result);
            }
            return result;
          };
      GitUpdate.CommitFor commitFor =
          result -> {
            String message;
            try {
              message =
                  CommitMessage.render(
                      commitSpec.getMessageTemplate(),
                      ns,
                      name,
                      result,
                      commitSpec.getMessageTemplateValues() == null
                          ? Map.of()
                          : commitSpec.getMessageTemplateValues());
            } catch (CommitMessageException e) {
              throw new CommitMessageFailedException(
                  "failed to render the commit message: " + e.getMessage(), e);
            }
            GitCommitRequest request =
                GitCommitRequest.of(
                    commitSpec.getAuthor().getName(), commitSpec.getAuthor().getEmail(), message);
            return signer == null ? request : request.signedBy(signer);
          };
      Path workDir = null;
      GitUpdate.Outcome outcome;
      try {
        Path base = tempRoot == null ? Path.of(System.getProperty("java.io.tmpdir")) : tempRoot;
        Files.createDirectories(base);
        workDir = Files.createTempDirectory(base, ns + "-" + name + "-");
        ImageUpdateAutomationStatus before = status(automation);
        boolean syncNeeded =
            !observed(policies).equals(before.getObservedPolicies())
                || target.switchBranch()
                || target.refspec() != null;
        outcome =
            updates
                .create(interval(automation))
                .run(
                    target,
                    workDir,
                    edit,
                    commitFor,
                    syncNeeded ? null : before.getObservedSourceRevision());
      } catch (UnresolvedMarkersException e) {
        throw new ReconcileError.Generic(UPDATE_FAILED, e.getMessage());
      } catch (GitException e) {
        throw new ReconcileError.Generic(
            GIT_OPERATION_FAILED, "failed to update source: " + e.getMessage());
      } catch (CommitMessageFailedException e) {
        if (e.getCause() != null && e.getCause().getMessage().contains(".Updated")) {
          throw new ReconcileError.Stalling(REMOVED_TEMPLATE_FIELD, e.getMessage());
        }
        throw new ReconcileError.Generic(
            GIT_OPERATION_FAILED, "failed to update source: " + e.getMessage());
      } catch (IOException e) {
        throw new ReconcileError.Generic(
            UPDATE_FAILED, "failed to apply policies: " + e.getMessage());
      } finally {
        GitUpdate.deleteWorkDir(workDir);
      }
      ImageUpdateAutomationStatus status = status(automation);
      status.setObservedSourceRevision(outcome.observedSourceRevision());
      status.setObservedPolicies(observed(policies));
      if (outcome instanceof GitUpdate.Pushed pushed) {
        status.setLastPushCommit(pushed.commit());
        status.setLastPushTime(pushed.time().truncatedTo(ChronoUnit.SECONDS).toString());
        String where = pushed.branch() != null ? "refs/heads/" + pushed.branch() : target.refspec();
        ctx.event(
            EventType.NORMAL,
            Reasons.SUCCEEDED,
            "pushed commit '" + pushed.commit() + "' to '" + where + "'\n" + pushed.message());
      }
      ctx.succeededWith(Reasons.SUCCEEDED, ImageUpdateAutomationConditions.READY_MESSAGE);
      return StepResult.SUCCESS;
    }

    private CommitSigner signer(String ns, CommitSpec commit) {
      if (commit.getSigningKey() == null || commit.getSigningKey().getSecretRef() == null) {
        return null;
      }
      boolean ssh = commit.getSigningKey().getType() == SigningKeyType.ssh;
      String secret = commit.getSigningKey().getSecretRef().getName();
      Map<String, byte[]> data =
          SecretData.read(client, ns, secret, "signing key secret", GIT_OPERATION_FAILED);
      try {
        return ssh ? SshCommitSigner.fromSecret(data) : OpenPgpCommitSigner.fromSecret(data);
      } catch (GitException.InvalidAuth e) {
        throw new ReconcileError.Generic(
            GIT_OPERATION_FAILED,
            "failed to read signing key from Secret '"
                + ns
                + "/"
                + secret
                + "': "
                + e.getMessage());
      }
    }
  }

  private static ImageUpdateAutomationStatus status(ImageUpdateAutomation automation) {
    if (automation.getStatus() == null) {
      automation.setStatus(new ImageUpdateAutomationStatus());
    }
    return automation.getStatus();
  }

  private static Map<String, ImageRef> observed(List<ImagePolicy> policies) {
    Map<String, ImageRef> observed = new TreeMap<>();
    for (ImagePolicy p : policies) {
      ImageRef latest = p.getStatus().getLatestRef();
      observed.put(
          p.getMetadata().getName(),
          new ImageRef(latest.getName(), latest.getTag(), latest.getDigest()));
    }
    return observed;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * A marker names a policy that does not exist or has no latest image: the run stops before
   * committing (an {@link IOException} so it travels through {@link GitUpdate.Edit}).
   */
  static final class UnresolvedMarkersException extends IOException {
    private static final long serialVersionUID = 1L;

    UnresolvedMarkersException(UpdateResult result) {
      super(
          "not committing: "
              + result.unresolvedMarkers().size()
              + " marker(s) name no ImagePolicy with a latest image: "
              + result.unresolvedMarkers().stream()
                  .map(Object::toString)
                  .collect(Collectors.joining("; ")));
    }
  }
}
