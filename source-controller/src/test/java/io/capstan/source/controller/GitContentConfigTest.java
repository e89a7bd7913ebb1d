package io.capstan.source.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.api.meta.Artifact;
import io.capstan.api.meta.LocalObjectReference;
import io.capstan.api.source.v1.GitRepository;
import io.capstan.api.source.v1.GitRepositoryInclude;
import io.capstan.api.source.v1.GitRepositorySpec;
import io.capstan.api.source.v1.GitRepositoryStatus;
import io.capstan.api.source.v1.GitRepositoryVerification;
import io.capstan.api.source.v1.GitVerificationMode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GitContentConfigTest {

  static Artifact artifact(String revision, String digest) {
    Artifact a = new Artifact();
    a.setRevision(revision);
    a.setDigest(digest);
    return a;
  }

  static GitRepositoryInclude include(String name) {
    GitRepositoryInclude i = new GitRepositoryInclude();
    LocalObjectReference ref = new LocalObjectReference();
    ref.setName(name);
    i.setRepository(ref);
    return i;
  }

  static Stream<Arguments> cases() {
    Consumer<GitRepository> none = r -> {};
    return Stream.of(
        Arguments.of("nothing changed", none, false),
        Arguments.of(
            "ignore changed", (Consumer<GitRepository>) r -> r.getSpec().setIgnore("x"), true),
        Arguments.of(
            "submodules turned on",
            (Consumer<GitRepository>) r -> r.getSpec().setRecurseSubmodules(true),
            true),
        Arguments.of(
            "sparse checkout changed",
            (Consumer<GitRepository>) r -> r.getSpec().setSparseCheckout(List.of("deploy")),
            true),
        Arguments.of(
            "include added",
            (Consumer<GitRepository>) r -> r.getSpec().setInclude(List.of(include("lib"))),
            true),
        Arguments.of(
            "verification asked for, not yet verified",
            (Consumer<GitRepository>)
                r -> {
                  GitRepositoryVerification v = new GitRepositoryVerification();
                  v.setMode(GitVerificationMode.HEAD);
                  r.getSpec().setVerify(v);
                },
            true),
        Arguments.of(
            "verification removed",
            (Consumer<GitRepository>) r -> r.getStatus().setSourceVerificationMode("HEAD"),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void contentConfig(String name, Consumer<GitRepository> change, boolean changed) {
    GitRepository repo = new GitRepository();
    repo.setSpec(new GitRepositorySpec());
    repo.setStatus(new GitRepositoryStatus());
    change.accept(repo);
    assertThat(GitContentConfig.changed(repo, List.of(), false)).isEqualTo(changed);
  }

  static Stream<Arguments> includeSets() {
    Artifact a1 = artifact("main@sha1:1", "sha256:1");
    Artifact a2 = artifact("main@sha1:2", "sha256:2");
    return Stream.of(
        Arguments.of(List.of(), null, false),
        Arguments.of(List.of(a1), List.of(a1), false),
        Arguments.of(List.of(a1), List.of(a2), true),
        Arguments.of(List.of(a1), List.of(), true),
        Arguments.of(List.of(a1, a2), List.of(a2, a1), true));
  }

  @ParameterizedTest
  @MethodSource("includeSets")
  void includes(List<Artifact> now, List<Artifact> observed, boolean changed) {
    assertThat(GitContentConfig.includesChanged(now, observed)).isEqualTo(changed);
  }
}
