package io.capstan.source.controller;

import io.capstan.api.source.v1.GitRepository;
import io.capstan.source.SourceController;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real source-controller (the {@link SourceController} embedding API) against the test API
 * server, and what the tests do as a user: apply YAML, read status, download artifacts.
 */
final class ControllerHarness extends SourceHarness<GitRepository> {

  ControllerHarness(KubernetesClient admin, Path storage) throws Exception {
    super(admin, storage, GitRepository.class, Duration.ofSeconds(45), b -> b);
  }

  GitRepository apply(String namespace, String yaml) {
    return apply(GitRepository.class, namespace, yaml);
  }

  GitRepository awaitReady(String namespace, String name) {
    GitRepository r = awaitStatus(namespace, name, StatusContract::ready);
    StatusContract.check(r);
    return r;
  }
}
